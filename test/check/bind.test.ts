import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../helpers/check.js';
import { BASE, imageOf, lastLayer, layersOf } from './support.js';

const DOCKERFILE = { Dockerfile: 'FROM python:3.12-slim\n' };
const SCRIPT = { 's.py': '# /// script\n# dependencies = ["requests"]\n# ///\nprint(1)\n' };

describe('binding arguments to parameters', () => {
  it('fills parameters by position, in the order of the signature', () => {
    const src = 'app = Image.from_dockerfile("Dockerfile", "ghcr.io/acme", "app", "linux/arm64")\n';
    expect(diagnosticsOf(src, DOCKERFILE)).toEqual([]);
    const app = imageOf(src, 'app', DOCKERFILE);
    expect(app.dockerfile?.written).toBe('Dockerfile');
    expect(app.registry?.value).toBe('ghcr.io/acme');
    expect(app.name?.value).toBe('app');
    expect(app.platforms.value).toEqual(['linux/arm64']);
  });

  it('takes parameters by keyword, in any order', () => {
    const src = 'app = Image.from_dockerfile(name="app", file="Dockerfile", registry="ghcr.io/acme")\n';
    expect(diagnosticsOf(src, DOCKERFILE)).toEqual([]);
    expect(imageOf(src, 'app', DOCKERFILE).name?.value).toBe('app');
  });

  it('mixes positional and keyword arguments as Python does', () => {
    const src = `${BASE}app = base.with_source_folder("src", "/app", copy_contents_only=True)\n`;
    const files = { 'src/a.py': '' };
    expect(diagnosticsOf(src, files)).toEqual([]);
    const layer = lastLayer(imageOf(src, 'app', files));
    expect(layer.kind === 'source_folder' && layer.dst.value).toBe('/app');
  });

  it('reports an unknown keyword at the keyword', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("x", indx_url="https://pypi.example/simple")\n`)).toEqual([
      { code: 'FLY3003', line: 2, column: 35 },
    ]);
  });

  it('reports an argument given by position and again by keyword at the second one', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim", image_uri="python:3.11-slim")\n')).toEqual([{ code: 'FLY3006', line: 1, column: 43 }]);
  });

  it('reports the same keyword given twice at the second one', () => {
    expect(diagnosticsOf('app = Image.from_base(image_uri="python:3.12-slim", image_uri="python:3.11-slim")\n')).toEqual([
      { code: 'FLY3006', line: 1, column: 53 },
    ]);
  });

  it('reports a missing required argument of a constructor at its name', () => {
    expect(diagnosticsOf('app = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme")\n', DOCKERFILE)).toEqual([{ code: 'FLY3004', line: 1, column: 13 }]);
  });

  it('reports a missing argument of a method at the method, not at the start of the chain', () => {
    expect(diagnosticsOf(`${BASE}b = base.with_workdir()\n`)).toEqual([{ code: 'FLY3004', line: 2, column: 10 }]);
  });

  it('reports a positional argument the signature has no room for at that argument', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim", "extra")\n')).toEqual([{ code: 'FLY3005', line: 1, column: 43 }]);
  });

  it('accepts keyword-only parameters by keyword', () => {
    expect(diagnosticsOf('app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme")\n', SCRIPT)).toEqual([]);
  });

  it('refuses a keyword-only parameter given by position with one diagnostic (from_uv_script name)', () => {
    expect(diagnosticsOf('app = Image.from_uv_script("s.py", "app")\n', SCRIPT)).toEqual([{ code: 'FLY3005', line: 1, column: 36 }]);
  });

  it('refuses a keyword-only parameter given by position with one diagnostic (from_pixi_script name)', () => {
    expect(diagnosticsOf('app = Image.from_pixi_script("s.py", "app")\n', { 's.py': '' })).toEqual([{ code: 'FLY3005', line: 1, column: 38 }]);
  });

  it('reports a misspelt keyword once, not also as a missing argument (constructor)', () => {
    expect(diagnosticsOf('app = Image.from_base(image_ur="python:3.12-slim")\n')).toEqual([{ code: 'FLY3003', line: 1, column: 23 }]);
  });

  it('reports a misspelt keyword once, not also as a missing argument (Secret)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_commands("x", secret_mounts=[Secret(kye="k")])\n`)).toEqual([{ code: 'FLY3003', line: 2, column: 53 }]);
  });
});

describe('*packages', () => {
  it('takes every positional argument', () => {
    const src = `${BASE}app = base.with_pip_packages("a", "b", "c")\n`;
    expect(diagnosticsOf(src)).toEqual([]);
    const layer = lastLayer(imageOf(src, 'app'));
    expect(layer.kind === 'pip' && layer.packages.map((p) => p.value)).toEqual(['a', 'b', 'c']);
  });

  it('leaves the options keyword-only: a positional value after the packages is one more package', () => {
    // `pre` cannot be given by position: True lands in *packages, which take strings.
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("requests", True)\n`)).toEqual([{ code: 'FLY3007', line: 2, column: 42 }]);
  });

  it('leaves secret_mounts of with_apt_packages keyword-only', () => {
    const src = `${BASE}app = base.with_apt_packages("git", "curl", secret_mounts="APT_TOKEN")\n`;
    expect(diagnosticsOf(src)).toEqual([]);
    const layer = lastLayer(imageOf(src, 'app'));
    expect(layer.kind === 'apt' && layer.packages.map((p) => p.value)).toEqual(['git', 'curl']);
    expect(layer.kind === 'apt' && layer.secrets.map((s) => s.key)).toEqual(['APT_TOKEN']);
  });

  it('reports a list passed in place of the packages (FLY3010)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages(["a", "b"])\n`)).toEqual([{ code: 'FLY3010', line: 2, column: 30 }]);
  });

  it('reports a tuple passed in place of the packages (FLY3010)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_apt_packages(("vim", "git"))\n`)).toEqual([{ code: 'FLY3010', line: 2, column: 30 }]);
  });

  it('keeps the packages given properly beside a list', () => {
    const src = `${BASE}app = base.with_pip_packages("a", ["b"])\n`;
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY3010', line: 2, column: 35 }]);
    const layer = lastLayer(imageOf(src, 'app'));
    expect(layer.kind === 'pip' && layer.packages.map((p) => p.value)).toEqual(['a']);
  });

  it('cannot be given by keyword', () => {
    const src = `${BASE}app = base.with_apt_packages(packages=["git"])\n`;
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY3003', line: 2, column: 30 }]);
    expect(layersOf(imageOf(src, 'app'))).toEqual([]);
  });

  it('reports a package layer with no packages at the method', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages()\n`)).toEqual([{ code: 'FLY3022', line: 2, column: 12 }]);
    expect(diagnosticsOf(`${BASE}app = base.with_apt_packages(secret_mounts="APT_TOKEN")\n`)).toEqual([{ code: 'FLY3022', line: 2, column: 12 }]);
  });
});
