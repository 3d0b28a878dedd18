import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

describe('packagesValid: apt names and pip requirements', () => {
  it('accepts Debian package names with a version, arch or release, and PEP 508 requirements', () => {
    const src = `${BASE}app = base.with_apt_packages("git", "libssl-dev:amd64", "curl=7.88.1-10", "vim/bookworm").with_pip_packages("numpy==2.0.0", "pandas[excel]>=2; python_version > '3.9'", "pkg @ https://example.com/pkg.whl")\n`;
    expect(diagnosticsOf(src)).toEqual([]);
  });

  it('reports an apt argument holding two packages (FLY3018)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_apt_packages("curl git", "vim")\n`)).toEqual([{ code: 'FLY3018', line: 2, column: 30 }]);
  });

  it('reports an upper-case or one-letter apt name', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_apt_packages("Git", "x")\n`)).toEqual([
      { code: 'FLY3018', line: 2, column: 30 },
      { code: 'FLY3018', line: 2, column: 37 },
    ]);
  });

  it('reports a requirement pip would refuse (FLY3017)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("requests", "numpy=>2.0")\n`)).toEqual([{ code: 'FLY3017', line: 2, column: 42 }]);
  });
});
