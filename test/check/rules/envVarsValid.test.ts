import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

describe('envVarsValid: environment variable names are valid (FLY3013)', () => {
  it('accepts letters, digits and _, not starting with a digit', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({"A_1": "x", "_b": "y", "PATH": "/opt/bin:$PATH"})\n`)).toEqual([]);
  });

  it('reports each invalid name at the name', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({"MY-VAR": "1", "OK": "2", "1A": "3"})\n`)).toEqual([
      { code: 'FLY3013', line: 2, column: 27 },
      { code: 'FLY3013', line: 2, column: 53 },
    ]);
  });

  it('reports an empty name', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({"": "1"})\n`)).toEqual([{ code: 'FLY3013', line: 2, column: 27 }]);
  });
});
