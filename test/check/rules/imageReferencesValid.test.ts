import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';

describe('imageReferencesValid: registries, names and bases are OCI references', () => {
  it('accepts valid registries, names and pinned bases', () => {
    const src = [
      'a = Image.from_debian_base(name="ml/train", registry="localhost:5000/team")',
      'b = Image.from_base("ghcr.io/acme/base:1.4").clone(name="b", registry="ghcr.io/acme", python_version=(3, 12))',
      'c = Image.from_base("python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").clone(name="c", python_version=(3, 12))',
      '',
    ].join('\n');
    expect(diagnosticsOf(src)).toEqual([]);
  });

  it('reports a name with a tag and a registry with a scheme (FLY3016)', () => {
    expect(diagnosticsOf('app = Image.from_debian_base(name="App:v1", registry="https://ghcr.io/acme")\n')).toEqual([
      { code: 'FLY3016', line: 1, column: 35 },
      { code: 'FLY3016', line: 1, column: 54 },
    ]);
  });

  it('reports an upper-case name', () => {
    expect(diagnosticsOf('app = Image.from_base("python:3.12-slim").clone(name="MyApp")\n')).toEqual([{ code: 'FLY3016', line: 1, column: 54 }]);
  });

  it('reports a base that is not an image reference', () => {
    expect(diagnosticsOf('app = Image.from_base("Not A Ref!")\n')).toEqual([{ code: 'FLY3016', line: 1, column: 23 }]);
  });

  it('does not check the name of a reference that is not built', () => {
    expect(diagnosticsOf('r = Image.from_ref_name("My Ref")\n')).toEqual([]);
  });

  it('warns about a built image on an unpinned base (FLY4006), but not about one used as is', () => {
    expect(diagnosticsOf('a = Image.from_base("python").clone(name="a", python_version=(3, 12), extendable=True).with_pip_packages("requests")\nb = Image.from_base("python:latest").clone(name="b", python_version=(3, 12))\nc = Image.from_base("python")\n')).toEqual([
      { code: 'FLY4006', line: 1, column: 21 },
      { code: 'FLY4006', line: 2, column: 21 },
    ]);
  });

  it('reports a base shared by several images once', () => {
    expect(diagnosticsOf('a = Image.from_base("python").clone(name="a", python_version=(3, 12))\nb = a.clone(name="b")\n')).toEqual([{ code: 'FLY4006', line: 1, column: 21 }]);
  });
});
