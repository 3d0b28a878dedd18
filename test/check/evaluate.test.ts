import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { ImageValue, SecretValue } from '../../src/check/model.js';
import { nodeHost } from '../../src/cli/io.js';
import { diagnosticsOf } from '../helpers/check.js';
import { BASE, diagnosticsIn, imageOf, imagesOf, kindsOf, lastLayer, layersOf } from './support.js';

const FLYTE_USER_COMMAND =
  'if ! id -u flyte >/dev/null 2>&1; then useradd --create-home --shell /bin/bash flyte; fi && mkdir -p /home/flyte && chown -R flyte:flyte /home/flyte && chown -R flyte:flyte /root';
const DEFAULT_LAYER_KINDS = ['labels', 'commands', 'workdir', 'env', 'apt'];
const SCRIPT = { 's.py': '# /// script\n# dependencies = ["requests"]\n# ///\nprint(1)\n' };

function secretsOf(image: ImageValue): readonly SecretValue[] {
  const layer = lastLayer(image);
  if (!('secrets' in layer)) throw new Error(`a ${layer.kind} layer has no secrets`);
  return layer.secrets;
}

/** A secret without its span, for toEqual. */
function plain(secret: SecretValue) {
  const { span: _span, ...rest } = secret;
  return rest;
}

describe('constructors', () => {
  it('from_base points at an existing image: not built, not extendable, no name', () => {
    const app = imageOf('app = Image.from_base("python:3.12-slim")\n', 'app');
    expect(app.base?.value).toBe('python:3.12-slim');
    expect(app.name).toBeUndefined();
    expect(app.platforms.value).toEqual(['linux/amd64']);
    expect(app.extendable).toBe(false);
    expect(app.cloned).toBe(false);
    expect(layersOf(app)).toEqual([]);
  });

  it('from_ref_name names the image after the reference, "default" when not given', () => {
    const { gpu, dflt } = imagesOf({ 'main.flyimg': 'gpu = Image.from_ref_name("gpu")\ndflt = Image.from_ref_name()\n' });
    expect(gpu!.refName?.value).toBe('gpu');
    expect(gpu!.name?.value).toBe('gpu');
    expect(gpu!.base).toBeUndefined();
    expect(gpu!.extendable).toBe(false);
    expect(gpu!.cloned).toBe(false);
    expect(dflt!.refName?.value).toBe('default');
  });

  it('from_dockerfile is built (cloned) but never extendable, amd64 unless told', () => {
    const files = { Dockerfile: 'FROM python:3.12-slim\n' };
    const { a, b } = imagesOf({
      'main.flyimg': 'a = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="a")\nb = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="b", platform="linux/arm64")\n',
      ...files,
    });
    expect(a!.dockerfile?.path).toBe('Dockerfile');
    expect(a!.base).toBeUndefined();
    expect(a!.cloned).toBe(true);
    expect(a!.extendable).toBe(false);
    expect(a!.platforms.value).toEqual(['linux/amd64']);
    expect(b!.platforms.value).toEqual(['linux/arm64']);
  });

  describe('from_debian_base', () => {
    it('is, by default, a pointer to flyte\'s released image: not built, no layers, multi-arch', () => {
      const src = 'app = Image.from_debian_base()\n';
      expect(diagnosticsOf(src)).toEqual([]);
      const app = imageOf(src, 'app');
      expect(app.base?.value).toBe('ghcr.io/flyteorg/flyte:py3.12-v2.6.5');
      expect(app.name?.value).toBe('flyte');
      expect(app.cloned).toBe(false);
      expect(app.extendable).toBe(true);
      expect(layersOf(app)).toEqual([]);
      expect(app.presetTag).toBeUndefined();
      expect(app.platforms.value).toEqual(['linux/amd64', 'linux/arm64']);
    });

    it('puts the python version and the normalised flyte version (+ → -, v prefix) in the released tag', () => {
      const { a, b } = imagesOf({
        'main.flyimg': 'a = Image.from_debian_base(python_version=(3, 11), flyte_version="2.0.0+abc")\nb = Image.from_debian_base(python_version="3.13", flyte_version="v2.1.0")\n',
      });
      expect(a!.base?.value).toBe('ghcr.io/flyteorg/flyte:py3.11-v2.0.0-abc');
      expect(a!.python).toMatchObject({ major: 3, minor: 11 });
      expect(b!.base?.value).toBe('ghcr.io/flyteorg/flyte:py3.13-v2.1.0');
    });

    it('with install_flyte=False builds python:<M.m>-slim-bookworm with flyte\'s default layers and a preset tag', () => {
      const app = imageOf('app = Image.from_debian_base(install_flyte=False)\n', 'app');
      expect(app.base?.value).toBe('python:3.12-slim-bookworm');
      expect(app.name?.value).toBe('flyte');
      expect(app.cloned).toBe(true);
      expect(app.extendable).toBe(true);
      expect(app.presetTag).toBe('py3.12');
      expect(kindsOf(app)).toEqual(DEFAULT_LAYER_KINDS);
      const [labels, user, workdir, env, apt] = layersOf(app);
      expect(labels!.kind === 'labels' && labels!.labels).toEqual([
        ['org.opencontainers.image.authors', 'Union.AI <info@union.ai>'],
        ['org.opencontainers.image.source', 'https://github.com/flyteorg/flyte'],
      ]);
      expect(user!.kind === 'commands' && user!.commands.map((c) => c.value)).toEqual([FLYTE_USER_COMMAND]);
      expect(workdir!.kind === 'workdir' && workdir!.path.value).toBe('/home/flyte');
      expect(env!.kind === 'env' && env!.pairs.map(([k, v]) => [k.value, v.value])).toEqual([
        ['VIRTUAL_ENV', '/opt/venv'],
        ['PATH', '/opt/venv/bin:$PATH'],
        ['PYTHONPATH', '/root'],
        ['UV_LINK_MODE', 'copy'],
      ]);
      expect(apt!.kind === 'apt' && apt!.packages.map((p) => p.value)).toEqual(['build-essential', 'ca-certificates']);
    });

    it('with a registry or a name is cloned: built, still extendable, preset tag dropped, layers kept', () => {
      const { ptr, slim } = imagesOf({
        'main.flyimg': 'ptr = Image.from_debian_base(name="app", platform="linux/amd64")\nslim = Image.from_debian_base(install_flyte=False, registry="ghcr.io/acme", registry_secret="REG")\n',
      });
      expect(ptr!.base?.value).toBe('ghcr.io/flyteorg/flyte:py3.12-v2.6.5');
      expect(ptr!.name?.value).toBe('app');
      expect(ptr!.cloned).toBe(true);
      expect(ptr!.extendable).toBe(true);
      expect(layersOf(ptr!)).toEqual([]);
      expect(ptr!.platforms.value).toEqual(['linux/amd64']);
      expect(slim!.registry?.value).toBe('ghcr.io/acme');
      expect(slim!.name?.value).toBe('flyte');
      expect(slim!.presetTag).toBeUndefined();
      expect(slim!.cloned).toBe(true);
      expect(kindsOf(slim!)).toEqual(DEFAULT_LAYER_KINDS);
      expect(slim!.registrySecret?.key).toBe('REG');
    });

    it('warns that registry_secret without registry or name has no effect', () => {
      const src = 'app = Image.from_debian_base(registry_secret="tok")\n';
      expect(diagnosticsOf(src)).toEqual([{ code: 'FLY4009', line: 1, column: 46 }]);
      expect(imageOf(src, 'app').registrySecret).toBeUndefined();
    });

    it('treats an empty name as not given, like flyte-sdk', () => {
      const src = 'app = Image.from_debian_base(name="")\n';
      expect(diagnosticsOf(src)).toEqual([]);
      expect(imageOf(src, 'app')).toMatchObject({ cloned: false, name: { value: 'flyte' } });
    });
  });

  it('from_uv_script is the install_flyte=False base, named and cloned, plus the script layer', () => {
    const src = 'app = Image.from_uv_script("s.py", name="app", python_version=(3, 11), extra_index_urls="https://x.example/simple", secret_mounts="TOK")\n';
    expect(diagnosticsOf(src, SCRIPT)).toEqual([]);
    const app = imageOf(src, 'app', SCRIPT);
    expect(app.origin.kind).toBe('uv_script');
    expect(app.base?.value).toBe('python:3.11-slim-bookworm');
    expect(app.name?.value).toBe('app');
    expect(app.cloned).toBe(true);
    expect(app.extendable).toBe(true);
    expect(app.presetTag).toBeUndefined();
    expect(app.platforms.value).toEqual(['linux/amd64', 'linux/arm64']);
    expect(kindsOf(app)).toEqual([...DEFAULT_LAYER_KINDS, 'uv_script']);
    const script = lastLayer(app);
    expect(script.kind === 'uv_script' && script.script.path).toBe('s.py');
    expect(script.kind === 'uv_script' && script.options.extraIndexUrls.map((u) => u.value)).toEqual(['https://x.example/simple']);
    expect(secretsOf(app).map((s) => s.key)).toEqual(['TOK']);
  });
});

describe('clone', () => {
  const src = [
    'a = Image.from_base("python:3.12-slim")',
    'b = a.clone(name="b", registry="ghcr.io/acme", platform="linux/arm64", python_version=(3, 10))',
    'c = b.clone(name="", registry="", base_image="", python_version=None, extendable=True)',
    'd = c.clone(extendable=False)',
    'e = d.clone(name="e", base_image="python:3.11-slim", platform=("linux/amd64", "linux/arm64"))',
    '',
  ].join('\n');
  const images = () => imagesOf({ 'main.flyimg': src });

  it('replaces a field only with a truthy value', () => {
    const { b, c, e } = images();
    expect(b!.name?.value).toBe('b');
    expect(b!.registry?.value).toBe('ghcr.io/acme');
    expect(b!.python).toMatchObject({ major: 3, minor: 10 });
    expect(c!.name?.value).toBe('b');
    expect(c!.registry?.value).toBe('ghcr.io/acme');
    expect(c!.base?.value).toBe('python:3.12-slim');
    expect(c!.python).toMatchObject({ major: 3, minor: 10 });
    expect(e!.name?.value).toBe('e');
    expect(e!.base?.value).toBe('python:3.11-slim');
  });

  it('keeps extendable when it is not given (the docstring says it defaults to False; the code keeps it)', () => {
    const { a, b, c, d, e } = images();
    expect([a, b, c, d, e].map((i) => i!.extendable)).toEqual([false, false, true, false, false]);
  });

  it('turns a single platform string into a one-item tuple and keeps the old platforms when not given', () => {
    const { b, c, e } = images();
    expect(b!.platforms.value).toEqual(['linux/arm64']);
    expect(c!.platforms.value).toEqual(['linux/arm64']);
    expect(e!.platforms.value).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('always makes an image that is built, even with no arguments', () => {
    const { a, b } = images();
    expect(a!.cloned).toBe(false);
    expect(b!.cloned).toBe(true);
    expect(imageOf('x = Image.from_base("python:3.12-slim").clone()\n', 'x').cloned).toBe(true);
  });

  it('drops the preset tag', () => {
    const x = imageOf('x = Image.from_debian_base(install_flyte=False).clone(platform="linux/amd64")\n', 'x');
    expect(x.presetTag).toBeUndefined();
    expect(kindsOf(x)).toEqual(DEFAULT_LAYER_KINDS);
  });

  it('keeps the layers, the Dockerfile and the reference name', () => {
    const files = { Dockerfile: 'FROM python:3.12-slim\n' };
    const { d, r } = imagesOf({
      'main.flyimg': 'd = Image.from_dockerfile("Dockerfile", "ghcr.io/acme", "d").clone(name="d2")\nr = Image.from_ref_name("gpu").clone(registry="ghcr.io/acme")\n',
      ...files,
    });
    expect(d!.dockerfile?.path).toBe('Dockerfile');
    expect(d!.name?.value).toBe('d2');
    expect(r!.refName?.value).toBe('gpu');
    expect(r!.name?.value).toBe('gpu');
  });

  it('turns a string registry_secret into Secret(key=...)', () => {
    const x = imageOf('x = Image.from_base("python:3.12-slim").clone(name="x", registry_secret="REG")\n', 'x');
    expect(plain(x.registrySecret!)).toEqual({ key: 'REG', asEnvVar: 'REG', fromString: true });
  });
});

describe('with_* methods', () => {
  it('add one layer each, make the image built, and drop the preset tag', () => {
    const app = imageOf('app = Image.from_debian_base(install_flyte=False).with_pip_packages("requests")\n', 'app');
    expect(kindsOf(app)).toEqual([...DEFAULT_LAYER_KINDS, 'pip']);
    expect(app.cloned).toBe(true);
    expect(app.presetTag).toBeUndefined();
    expect(app.name?.value).toBe('flyte');
  });

  it('never change the image they are called on: an image reused in two chains is unchanged', () => {
    const src = `${BASE}a = base.with_apt_packages("git")\nb = base.with_pip_packages("requests")\nc = a.with_workdir("/app")\n`;
    expect(diagnosticsOf(src)).toEqual([]);
    const { base, a, b, c } = imagesOf({ 'main.flyimg': src });
    expect(kindsOf(base!)).toEqual([]);
    expect(kindsOf(a!)).toEqual(['apt']);
    expect(kindsOf(b!)).toEqual(['pip']);
    expect(kindsOf(c!)).toEqual(['apt', 'workdir']);
  });

  it('record which bound image a derived one comes from and how many layers it shares', () => {
    const { c } = imagesOf({ 'main.flyimg': `${BASE}a = base.with_apt_packages("git")\nc = a.with_workdir("/app")\n` });
    expect(c!.derivedFrom?.binding.name).toBe('a');
    expect(c!.derivedFrom?.sharedLayers).toBe(1);
  });

  describe('with_source_folder', () => {
    const files = { 'src/a.py': '', 'lib/pkg/b.py': '' };
    const dstOf = (call: string) => {
      const layer = lastLayer(imageOf(`${BASE}app = base.${call}\n`, 'app', files));
      if (layer.kind !== 'source_folder') throw new Error(layer.kind);
      return layer.dst.value;
    };

    it('copies into ./<folder name> when dst is left at "."', () => {
      expect(dstOf('with_source_folder("src")')).toBe('./src');
      expect(dstOf('with_source_folder(Path("lib/pkg"), dst=".")')).toBe('./pkg');
    });

    it('keeps "." with copy_contents_only=True', () => {
      expect(dstOf('with_source_folder("src", copy_contents_only=True)')).toBe('.');
    });

    it('keeps a dst that is given', () => {
      expect(dstOf('with_source_folder("src", dst="/app")')).toBe('/app');
      expect(dstOf('with_source_folder("src", dst="/app", copy_contents_only=True)')).toBe('/app');
    });

    it('names the folder of Path(__file__).parent after the directory', () => {
      const { app } = imagesOf({ 'proj/main.flyimg': `${BASE}app = base.with_source_folder(Path(__file__).parent)\n` }, ['proj/main.flyimg']);
      const layer = lastLayer(app!);
      expect(layer.kind === 'source_folder' && layer.dst.value).toBe('./proj');
    });

    it('names the folder of Path(__file__).parent the same wherever flyimgc runs', () => {
      const root = mkdtempSync(join(tmpdir(), 'flyimgc-check-'));
      try {
        mkdirSync(join(root, 'proj'));
        writeFileSync(join(root, 'proj', 'main.flyimg'), `${BASE}app = base.with_source_folder(Path(__file__).parent)\n`);
        const dst = (roots: string[], cwd: string) => {
          const image = analyze(roots, nodeHost(cwd)).model.images.find((b) => b.binding.name === 'app')!.image;
          const layer = lastLayer(image);
          return layer.kind === 'source_folder' ? layer.dst.value : undefined;
        };
        expect(dst(['proj/main.flyimg'], root)).toBe('./proj');
        expect(dst(['main.flyimg'], join(root, 'proj'))).toBe('./proj');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  it('with_source_file adds one layer per file, all with the same dst', () => {
    const app = imageOf(`${BASE}app = base.with_source_file(["a.txt", "b/c.txt"], dst="/etc/app")\n`, 'app', { 'a.txt': '', 'b/c.txt': '' });
    expect(layersOf(app).map((l) => (l.kind === 'source_file' ? [l.src.path, l.dst.value] : l.kind))).toEqual([
      ['a.txt', '/etc/app'],
      ['b/c.txt', '/etc/app'],
    ]);
  });

  describe('lock files beside a manifest', () => {
    const files = {
      'p/pyproject.toml': '',
      'p/uv.lock': '',
      'p/poetry.lock': '',
      'q/pyproject.toml': '',
      'x/pixi.toml': '',
      'x/pixi.lock': '',
      'y/pyproject.toml': '',
      'locks/other.lock': '',
    };
    const layerOf = (call: string) => lastLayer(imageOf(`${BASE}app = base.${call}\n`, 'app', files));

    it('with_uv_project takes the sibling uv.lock when it exists, and no lock otherwise', () => {
      const withLock = layerOf('with_uv_project("p/pyproject.toml")');
      expect(withLock.kind === 'uv_project' && withLock.lock?.path).toBe('p/uv.lock');
      const without = layerOf('with_uv_project("q/pyproject.toml")');
      expect(without.kind === 'uv_project' && without.lock).toBeUndefined();
      const given = layerOf('with_uv_project("q/pyproject.toml", uvlock="locks/other.lock")');
      expect(given.kind === 'uv_project' && given.lock?.path).toBe('locks/other.lock');
    });

    it('with_poetry_project always takes the sibling poetry.lock, existing or not', () => {
      const p = layerOf('with_poetry_project("p/pyproject.toml")');
      expect(p.kind === 'poetry_project' && p.lock.path).toBe('p/poetry.lock');
      const q = layerOf('with_poetry_project("q/pyproject.toml")');
      expect(q.kind === 'poetry_project' && q.lock.path).toBe('q/poetry.lock');
    });

    it('with_pixi_project reads a directory as its pixi.toml, else its pyproject.toml, and takes pixi.lock if present', () => {
      const x = layerOf('with_pixi_project("x")');
      expect(x.kind === 'pixi_project' && [x.manifest.path, x.lock?.path, x.environment.value]).toEqual(['x/pixi.toml', 'x/pixi.lock', 'default']);
      const y = layerOf('with_pixi_project("y", environment="gpu")');
      expect(y.kind === 'pixi_project' && [y.manifest.path, y.lock?.path, y.environment.value]).toEqual(['y/pyproject.toml', undefined, 'gpu']);
    });
  });

  it('with_commands wraps a single command in a list', () => {
    const layer = lastLayer(imageOf(`${BASE}app = base.with_commands("echo hi")\n`, 'app'));
    expect(layer.kind === 'commands' && layer.commands.map((c) => c.value)).toEqual(['echo hi']);
  });

  it('with_env_vars keeps the order of the dict and writes integers as Python would', () => {
    const layer = lastLayer(imageOf(`${BASE}app = base.with_env_vars({"B": "2", "A": 1})\n`, 'app'));
    expect(layer.kind === 'env' && layer.pairs.map(([k, v]) => [k.value, v.value])).toEqual([
      ['B', '2'],
      ['A', '1'],
    ]);
  });

  it('with_pip_packages turns a single extra index URL into a list', () => {
    const layer = lastLayer(imageOf(`${BASE}app = base.with_pip_packages("x", extra_index_urls="https://a.example/simple", pre=True)\n`, 'app'));
    expect(layer.kind === 'pip' && layer.options.extraIndexUrls.map((u) => u.value)).toEqual(['https://a.example/simple']);
    expect(layer.kind === 'pip' && layer.options.pre).toBe(true);
  });

  it('with_code_bundle defaults to loaded_modules into "."', () => {
    const layer = lastLayer(imageOf(`${BASE}app = base.with_code_bundle()\n`, 'app'));
    expect(layer.kind === 'code_bundle' && [layer.copyStyle, layer.dst.value]).toEqual(['loaded_modules', '.']);
  });

  it('with_requirements refuses a file that does not end in .txt (FLY3011)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("reqs.in")\n`, { 'reqs.in': '' })).toEqual([{ code: 'FLY3011', line: 2, column: 30 }]);
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("reqs.txt")\n`, { 'reqs.txt': '' })).toEqual([]);
  });

  it('reports the flyte-sdk development methods as unsupported (FLY3021)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_local_v2()\n`)).toEqual([{ code: 'FLY3021', line: 2, column: 12 }]);
  });
});

describe('Secret', () => {
  const secretsIn = (mounts: string) => secretsOf(imageOf(`${BASE}app = base.with_commands("x", secret_mounts=${mounts})\n`, 'app')).map(plain);

  it('defaults as_env_var to KEY, upper-cased with - as _, when neither mount nor as_env_var is given', () => {
    expect(secretsIn('[Secret(key="my-key"), Secret(key="tok", group="ci-bot"), Secret("k", "g")]')).toEqual([
      { key: 'my-key', asEnvVar: 'MY_KEY', fromString: false },
      { key: 'tok', group: 'ci-bot', asEnvVar: 'CI_BOT_TOK', fromString: false },
      { key: 'k', group: 'g', asEnvVar: 'G_K', fromString: false },
    ]);
  });

  it('keeps an as_env_var that is given, and gives none to a mounted secret', () => {
    expect(secretsIn('[Secret(key="tok", as_env_var="MY_TOKEN"), Secret(key="tok", mount="/etc/flyte/secrets")]')).toEqual([
      { key: 'tok', asEnvVar: 'MY_TOKEN', fromString: false },
      { key: 'tok', mount: '/etc/flyte/secrets', fromString: false },
    ]);
  });

  it('reads a plain string as Secret(key=string)', () => {
    expect(secretsIn('"gh-pat"')).toEqual([{ key: 'gh-pat', asEnvVar: 'GH_PAT', fromString: true }]);
    expect(secretsIn('["A", Secret(key="b")]').map((s) => s.key)).toEqual(['A', 'b']);
  });

  it('refuses a Secret anywhere but secret_mounts and registry_secret (FLY3020)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({"TOKEN": Secret(key="token")})\n`)).toEqual([{ code: 'FLY3020', line: 2, column: 36 }]);
  });

  it('treats as_env_var="" as not given, like flyte-sdk', () => {
    const src = `${BASE}app = base.with_commands("x", secret_mounts=Secret(key="k", as_env_var=""))\n`;
    expect(diagnosticsOf(src)).toEqual([]);
    expect(secretsOf(imageOf(src, 'app')).map(plain)).toEqual([{ key: 'k', asEnvVar: 'K', fromString: false }]);
  });

  it('treats mount="" as not given, like flyte-sdk', () => {
    const src = `${BASE}app = base.with_commands("x", secret_mounts=Secret(key="k", mount=""))\n`;
    expect(diagnosticsOf(src)).toEqual([]);
    expect(secretsOf(imageOf(src, 'app')).map(plain)).toEqual([{ key: 'k', asEnvVar: 'K', fromString: false }]);
  });

  it('treats group="" as not given, like flyte-sdk', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_commands("x", secret_mounts=Secret(key="k", group=""))\n`)).toEqual([]);
  });
});

describe('paths', () => {
  const requirementsPath = (files: Record<string, string>, root: string, name = 'app') => {
    const layer = lastLayer(imagesOf(files, [root])[name]!);
    return layer.kind === 'requirements' ? layer.file.path : undefined;
  };

  it('resolves a relative string against the directory of the .flyimg file', () => {
    const files = { 'sub/main.flyimg': `${BASE}app = base.with_requirements("req.txt")\n`, 'sub/req.txt': '' };
    expect(requirementsPath(files, 'sub/main.flyimg')).toBe('sub/req.txt');
    expect(diagnosticsIn(files, ['sub/main.flyimg'])).toEqual([]);
  });

  it('resolves Path(__file__).parent / "x" against the directory of the .flyimg file', () => {
    const files = { 'sub/main.flyimg': `${BASE}app = base.with_requirements(Path(__file__).parent / "req.txt")\n`, 'sub/req.txt': '' };
    expect(requirementsPath(files, 'sub/main.flyimg')).toBe('sub/req.txt');
    expect(diagnosticsIn(files, ['sub/main.flyimg'])).toEqual([]);
  });

  it('accepts pathlib.Path as Path', () => {
    const files = { 'sub/main.flyimg': `${BASE}app = base.with_requirements(pathlib.Path(__file__).parent / "req.txt")\n`, 'sub/req.txt': '' };
    expect(requirementsPath(files, 'sub/main.flyimg')).toBe('sub/req.txt');
  });

  it('climbs with .parent.parent', () => {
    const files = { 'sub/main.flyimg': `${BASE}app = base.with_requirements(Path(__file__).parent.parent / "req.txt")\n`, 'req.txt': '', 'flyimg.toml': '' };
    expect(requirementsPath(files, 'sub/main.flyimg')).toBe('req.txt');
    expect(diagnosticsIn(files, ['sub/main.flyimg'])).toEqual([]);
  });

  it('joins Path / Path and str / Path, and an absolute right side replaces the left, as pathlib does', () => {
    const src = `${BASE}a = base.with_requirements(Path("x") / Path("r.txt"))\nb = base.with_requirements("x" / Path("r.txt"))\nc = base.with_requirements(Path("x") / "/abs/r.txt")\n`;
    const { a, b, c } = imagesOf({ 'main.flyimg': src });
    const path = (i: ImageValue) => {
      const layer = lastLayer(i);
      return layer.kind === 'requirements' ? layer.file.path : undefined;
    };
    expect([path(a!), path(b!), path(c!)]).toEqual(['x/r.txt', 'x/r.txt', '/abs/r.txt']);
  });

  it('refuses / between two strings, or with a value that is not a path (FLY3009)', () => {
    expect(diagnosticsOf(`${BASE}a = base.with_requirements("x" / "r.txt")\nb = base.with_requirements(Path("x") / 3)\n`)).toEqual([
      { code: 'FLY3009', line: 2, column: 28 },
      { code: 'FLY3009', line: 3, column: 28 },
    ]);
  });

  it('keeps Path(__file__) anchored to the file it is written in when the value is imported', () => {
    const files = {
      'main.flyimg': 'import "sub/common.flyimg"\napp = base.with_requirements(req)\n',
      'sub/common.flyimg': `${BASE}req = Path(__file__).parent / "req.txt"\n`,
      'sub/req.txt': '',
    };
    expect(diagnosticsIn(files, ['main.flyimg'])).toEqual([]);
    expect(requirementsPath(files, 'main.flyimg')).toBe('sub/req.txt');
  });

  it('resolves the paths of an imported image against the imported file', () => {
    const files = {
      'main.flyimg': 'import "sub/common.flyimg"\napp = deps.with_workdir("/app")\n',
      'sub/common.flyimg': `${BASE}deps = base.with_requirements("req.txt")\n`,
      'sub/req.txt': '',
    };
    expect(diagnosticsIn(files, ['main.flyimg'])).toEqual([]);
    const app = imagesOf(files, ['main.flyimg']).app!;
    const [first] = layersOf(app);
    expect(first!.kind === 'requirements' && first!.file.path).toBe('sub/req.txt');
  });
});

describe('errors do not cascade', () => {
  it('an unknown method gives one diagnostic, and the rest of the chain is not checked', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_package("x").with_apt_packages(["git"]).with_workdir(3)\n`)).toEqual([
      { code: 'FLY3001', line: 2, column: 12 },
    ]);
  });

  it('an image that failed is silent where it is used later', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_package("x")\nmore = app.with_apt_packages(["git"])\n`)).toEqual([{ code: 'FLY3001', line: 2, column: 12 }]);
  });

  it('an unknown constructor gives one diagnostic', () => {
    expect(diagnosticsOf('app = Image.from_debain_base(name="a").with_pip_packages("x").with_workdir(3)\n')).toEqual([{ code: 'FLY3002', line: 1, column: 13 }]);
  });

  it('an unknown name gives one diagnostic', () => {
    expect(diagnosticsOf('app = bsae.with_pip_packages(["x"])\n')).toEqual([{ code: 'FLY2001', line: 1, column: 7 }]);
  });

  it('a constructor that cannot be bound gives one diagnostic', () => {
    expect(diagnosticsOf('app = Image.from_base().clone(name="x", extendable=True).with_pip_packages(["x"])\n')).toEqual([{ code: 'FLY3004', line: 1, column: 13 }]);
  });

  it('a constructor argument of the wrong type gives one diagnostic, and the image is still built from the rest', () => {
    const src = 'app = Image.from_debian_base(python_version=3.12, name="app").with_pip_packages("x")\n';
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY3007', line: 1, column: 45 }]);
    expect(kindsOf(imageOf(src, 'app'))).toEqual(['pip']);
  });

  it('a layer call that cannot be bound leaves the image unchanged, and later calls are still checked', () => {
    const src = `${BASE}app = base.with_pip_packages("x", indx_url="u").with_apt_packages(["git"])\n`;
    expect(diagnosticsOf(src)).toEqual([
      { code: 'FLY3003', line: 2, column: 35 },
      { code: 'FLY3010', line: 2, column: 67 },
    ]);
    expect(kindsOf(imageOf(src, 'app'))).toEqual(['apt']);
  });

  it('values that cannot be called or have no attributes are reported once (FLY3009)', () => {
    expect(diagnosticsOf('x = "python:3.12".with_pip_packages("a")\ny = Image("python:3.12")\nz = "a"\nw = z("b")\n')).toEqual([
      { code: 'FLY3009', line: 1, column: 19 },
      { code: 'FLY3009', line: 2, column: 5 },
      { code: 'FLY3009', line: 4, column: 5 },
    ]);
  });

  it('a constructor called as a method, or a method called on Image, is reported with what it is', () => {
    expect(diagnosticsOf(`${BASE}app = base.from_base("x")\nb = Image.with_pip_packages("x")\n`)).toEqual([
      { code: 'FLY3001', line: 2, column: 12 },
      { code: 'FLY3002', line: 3, column: 11 },
    ]);
  });
});
