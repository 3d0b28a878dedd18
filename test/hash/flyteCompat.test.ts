import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { flyteTag } from '../../src/hash/flyteCompat.js';
import { compile } from '../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { lowerImages } from '../../src/ir/lower.js';
import { memoryHost } from '../helpers/memoryHost.js';

/**
 * `--hash flyte` against tags computed by flyte-sdk itself: the four worked examples of
 * flyte-image-reference.md §5.7 and flyte-sdk's own test vector (§6). Nothing here was produced by flyimgc.
 */
function flyteTags(source: string, files: Record<string, string> = {}): Record<string, string> {
  const result = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, ...files }), {
    ...DEFAULT_ANALYZE_OPTIONS,
    imageMap: new Map(),
    tools: DEFAULT_TOOL_IMAGES,
    hash: 'flyte',
    flyteVersion: '2.6.5',
  });
  expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return Object.fromEntries(result.images.map((i) => [i.ir.binding.name, i.hash?.tag ?? '']));
}

describe('--hash flyte reproduces flyte-sdk tags', () => {
  it("flyte-sdk's test vector a95ad60ad5a34dd40c304b81cf9a15ae, and the cross-layer collisions it implies", () => {
    const base = 'base = Image.from_base("myregistry.com/myimage:v123").clone(registry="other_registry", name="myclone", extendable=True)\n';
    const tags = flyteTags(`${base}apt = base.with_apt_packages("vim")\npip = base.with_pip_packages("vim")\ncmd = base.with_commands(["vim"])\nwd = base.with_workdir("vim")\n`);
    expect(tags['apt']).toBe('a95ad60ad5a34dd40c304b81cf9a15ae');
    expect([tags['pip'], tags['cmd'], tags['wd']]).toEqual(['a95ad60ad5a34dd40c304b81cf9a15ae', 'a95ad60ad5a34dd40c304b81cf9a15ae', 'a95ad60ad5a34dd40c304b81cf9a15ae']);
  });

  it('Example A: debian base + apt + pip', () => {
    const tags = flyteTags('a = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="debian-apt-pip").with_apt_packages("curl", "git").with_pip_packages("numpy==2.0.0", "pandas")\n');
    expect(tags['a']).toBe('cef8d8ddf1edabf5b8c50ba57076dd0b');
  });

  it('Example B: pip options and quoting (the tag is computed, though flyimgc refuses the invalid requirement)', () => {
    const source =
      `b = Image.from_base("python:3.12-slim").clone(name="pipopts", registry="ghcr.io/acme", extendable=True).with_pip_packages("torch==2.4.0", "torchvision", index_url="https://download.pytorch.org/whl/cpu", extra_index_urls=["https://pypi.org/simple", "https://mirror.example.com/simple"], pre=True, extra_args="--no-build-isolation").with_pip_packages("weird pkg[extra]>=1; python_version>'3.8'")\n`;
    const host = memoryHost({ 'main.flyimg': source });
    const analysis = analyze(['main.flyimg'], host, { ...DEFAULT_ANALYZE_OPTIONS, flyteVersion: '2.6.5' });
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['FLY3017']);
    const [ir] = lowerImages(analysis.model, analysis.inputs, host, { imageMap: new Map(), allowOutsideProject: false, tools: DEFAULT_TOOL_IMAGES });
    expect(flyteTag(ir!, host, [])?.tag).toBe('cc45a9380b33507b337e896e6b2e52ab');
  });

  it('Example C: secrets', () => {
    const tags = flyteTags(
      'c = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="secrets").with_apt_packages("git", secret_mounts=[Secret(key="apt-secret", mount="/etc/flyte/secrets")]).with_pip_packages("git+https://$GITHUB_PAT@github.com/acme/private.git", secret_mounts=["GITHUB_PAT"]).with_commands(["echo $MY_TOKEN > /dev/null"], secret_mounts=[Secret(key="token", as_env_var="MY_TOKEN")])\n',
    );
    expect(tags['c']).toBe('2e9cc0231e407309f121de7b103ea128');
  });

  it('Example D: dockerignore + source folder', () => {
    const files = {
      'fixtures/di_proj/.dockerignore': 'secrets/\n*.log\nbuild\n# comment\n!keep.log\n',
      'fixtures/di_proj/app.log': 'log\n',
      'fixtures/di_proj/build/out.bin': 'artifact\n',
      'fixtures/di_proj/keep.log': 'keep\n',
      'fixtures/di_proj/secrets/token.env': 'TOKEN=abc\n',
      'fixtures/di_proj/src/main.py': 'print(1)\n',
    };
    const tags = flyteTags(
      'd = Image.from_base("python:3.12-slim").clone(name="dockerignore", registry="ghcr.io/acme", extendable=True).with_dockerignore("fixtures/di_proj/.dockerignore").with_source_folder("fixtures/di_proj", dst="/app", copy_contents_only=True)\n',
      files,
    );
    expect(tags['d']).toBe('e3d0df0b136e94794b60b6c6a8ebd0e8');
  });
});

describe('--hash flyte reads the IR and reports what it cannot read', () => {
  it('a file flyte-sdk would hash but that cannot be read is FLY9003, and the image gets no tag', () => {
    const files = { 'main.flyimg': 'app = Image.from_base("python:3.12-slim").clone(name="app", registry="r.io/a", extendable=True).with_source_folder("src")\n', 'src/a.py': 'a\n', 'src/b.py': 'b\n' };
    const inner = memoryHost(files);
    // Readable for the v1 hash through the digest cache, unreadable for flyte-sdk's walk: only the flyte hasher reads it.
    const host = { ...inner, digest: (p: string) => (p === 'src/b.py' ? '0'.repeat(64) : undefined), readFile: (p: string) => (p === 'src/b.py' ? { ok: false as const, missing: false, reason: 'permission denied' } : inner.readFile(p)) };
    const result = compile(['main.flyimg'], host, { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES, hash: 'flyte' });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['FLY9003 cannot read `src/b.py`: permission denied']);
    expect(result.outputs).toEqual([]);
  });
});
