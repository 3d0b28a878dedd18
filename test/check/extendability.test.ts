import { describe, expect, it } from 'vitest';
import { positionAt } from '../../src/source.js';
import { checkFiles, diagnosticsOf } from '../helpers/check.js';
import { imageOf, kindsOf } from './support.js';

const DOCKERFILE = { Dockerfile: 'FROM python:3.12-slim\n' };

/** Where the related label ("not extendable because of ...") of the only diagnostic points. */
function relatedOf(source: string, files: Record<string, string> = {}): Array<{ line: number; column: number }> {
  const analysis = checkFiles({ 'main.flyimg': source, ...files });
  expect(analysis.diagnostics).toHaveLength(1);
  const file = analysis.sources.get('main.flyimg')!;
  return analysis.diagnostics[0]!.related.map((l) => {
    const { line, column } = positionAt(file, l.span.start);
    return { line, column };
  });
}

describe('rule 1: layers need an extendable image (FLY4001)', () => {
  it('reports a layer on Image.from_base at the method, pointing back at the constructor', () => {
    const src = 'app = Image.from_base("python:3.12-slim").with_pip_packages("requests")\n';
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY4001', line: 1, column: 43 }]);
    expect(relatedOf(src)).toEqual([{ line: 1, column: 13 }]);
  });

  it('reports a layer on Image.from_ref_name', () => {
    expect(diagnosticsOf('app = Image.from_ref_name("gpu").with_pip_packages("requests")\n')).toEqual([{ code: 'FLY4001', line: 1, column: 34 }]);
  });

  it('keeps the image non-extendable through a clone that does not say extendable=True', () => {
    const src = 'base = Image.from_base("python:3.12-slim").clone(name="base", registry="ghcr.io/acme")\napp = base.with_pip_packages("requests")\n';
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY4001', line: 2, column: 12 }]);
    expect(imageOf(src, 'base').extendable).toBe(false);
  });

  it('reports a layer after clone(extendable=False), pointing back at that clone', () => {
    const src = 'base = Image.from_debian_base(name="base").clone(extendable=False)\napp = base.with_pip_packages("requests")\n';
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY4001', line: 2, column: 12 }]);
    expect(relatedOf(src)).toEqual([{ line: 1, column: 44 }]);
  });

  it('accepts layers once clone(extendable=True) has a name to build under', () => {
    const src = 'app = Image.from_base("python:3.12-slim").clone(name="app", registry="ghcr.io/acme", extendable=True).with_pip_packages("requests")\n';
    expect(diagnosticsOf(src)).toEqual([]);
    expect(kindsOf(imageOf(src, 'app'))).toEqual(['pip']);
  });

  it('accepts layers on Image.from_ref_name after clone(extendable=True): the reference is the name', () => {
    const src = 'app = Image.from_ref_name("gpu").clone(registry="ghcr.io/acme", python_version=(3, 12), extendable=True).with_pip_packages("requests")\n';
    const mapped = { 'flyimg.toml': '[images]\ngpu = "ghcr.io/acme/gpu:1.0"\n' };
    expect(diagnosticsOf(src, mapped)).toEqual([]);
    // Unmapped, the image has nothing to be built on (FLY4005), but no extendability error.
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY4005', line: 1, column: 27 }]);
    expect(imageOf(src, 'app').name?.value).toBe('gpu');
  });

  it('accepts layers on every from_debian_base form, which are extendable', () => {
    const files = { 's.py': '# /// script\n# dependencies = []\n# ///\n' };
    const src = [
      'a = Image.from_debian_base().with_apt_packages("git")',
      'b = Image.from_debian_base(install_flyte=False).with_apt_packages("git")',
      'c = Image.from_debian_base(name="c").with_apt_packages("git")',
      'd = Image.from_uv_script("s.py", name="d").with_apt_packages("git")',
      'e = Image.from_debian_base(name="e").clone(extendable=False).clone(extendable=True).with_apt_packages("git")',
      '',
    ].join('\n');
    expect(diagnosticsOf(src, files)).toEqual([]);
  });

  it('reports each binding that adds a layer to the same non-extendable image', () => {
    expect(diagnosticsOf('base = Image.from_base("python:3.12-slim")\na = base.with_apt_packages("git")\nb = base.with_pip_packages("x")\n')).toEqual([
      { code: 'FLY4001', line: 2, column: 10 },
      { code: 'FLY4001', line: 3, column: 10 },
    ]);
  });

  it('reports a chain on a non-extendable image once, not once per layer', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").with_pip_packages("a").with_apt_packages("git")\n')).toEqual([
      { code: 'FLY4001', line: 1, column: 43 },
    ]);
  });

  it('does not report the next layer when the clone that would have allowed it has a misspelt keyword', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(nme="app", extendable=True).with_pip_packages("r")\n')).toEqual([
      { code: 'FLY3003', line: 1, column: 49 },
    ]);
  });

  it('does not report the next layer when extendable= has the wrong type', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(name="a", extendable="yes").with_pip_packages("r")\n')).toEqual([
      { code: 'FLY3007', line: 1, column: 70 },
    ]);
  });
});

describe('rule 2: never a layer on a Dockerfile image (FLY4002)', () => {
  // flyte-sdk raises rule 1 ("non-extendable") here; flyimgc deliberately reports the Dockerfile rule,
  // which says what to do (the golden fixture err-layer-on-dockerfile-image shows the same).
  it('reports a layer on Image.from_dockerfile as a Dockerfile image, pointing back at the constructor', () => {
    const src = 'custom = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="custom")\napp = custom.with_pip_packages("requests")\n';
    expect(diagnosticsOf(src, DOCKERFILE)).toEqual([{ code: 'FLY4002', line: 2, column: 14 }]);
    expect(relatedOf(src, DOCKERFILE)).toEqual([{ line: 1, column: 16 }]);
  });

  it('reports it even after clone(extendable=True)', () => {
    expect(
      diagnosticsOf('app = Image.from_dockerfile("Dockerfile", "ghcr.io/acme", "app").clone(extendable=True).with_pip_packages("x")\n', DOCKERFILE),
    ).toEqual([{ code: 'FLY4002', line: 1, column: 89 }]);
  });

  it('accepts a Dockerfile image without layers', () => {
    expect(diagnosticsOf('app = Image.from_dockerfile("Dockerfile", "ghcr.io/acme", "app")\n', DOCKERFILE)).toEqual([]);
  });
});

describe('rule 3: layers need a name (FLY4003)', () => {
  it('reports a layer on an extendable image without a name', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(extendable=True).with_pip_packages("requests")\n')).toEqual([
      { code: 'FLY4003', line: 1, column: 66 },
    ]);
  });

  it('keeps an earlier name when clone(name="") is given', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(name="app", extendable=True).clone(name="").with_pip_packages("x")\n')).toEqual([]);
  });

  it('reports a chain on an unnamed image once, not once per layer', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(extendable=True).with_pip_packages("a").with_apt_packages("git")\n')).toEqual([
      { code: 'FLY4003', line: 1, column: 66 },
    ]);
  });

  it('does not report the next layer when name= has the wrong type', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(name=3, extendable=True).with_pip_packages("r")\n')).toEqual([
      { code: 'FLY3007', line: 1, column: 54 },
    ]);
  });
});
