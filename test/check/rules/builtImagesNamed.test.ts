import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';

describe('builtImagesNamed: every image flyimgc builds has a name (FLY4004)', () => {
  it('accepts a clone with a name, and images that are not built', () => {
    expect(diagnosticsOf('a = Image.from_base("python:3.12-slim").clone(name="a")\nb = Image.from_base("python:3.12-slim")\nc = Image.from_debian_base()\n')).toEqual([]);
  });

  it('accepts a clone of a reference, which is named after the reference', () => {
    expect(diagnosticsOf('gpu = Image.from_ref_name("gpu").clone(registry="ghcr.io/acme", python_version=(3, 12))\n', { 'flyimg.toml': '[images]\ngpu = "ghcr.io/acme/gpu:1.0"\n' })).toEqual([]);
  });

  it('reports a clone without a name, at the clone', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(registry="ghcr.io/acme")\n')).toEqual([{ code: 'FLY4004', line: 1, column: 43 }]);
  });

  it('reports an empty clone() too: it makes the image built', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone()\n')).toEqual([{ code: 'FLY4004', line: 1, column: 43 }]);
  });

  it('stays quiet when a layer was added, which FLY4003 already reports', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(extendable=True).with_pip_packages("x")\n')).toEqual([{ code: 'FLY4003', line: 1, column: 66 }]);
  });
});
