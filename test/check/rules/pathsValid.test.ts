import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

describe('pathsValid: destinations, working directories and paths are not empty (FLY3023)', () => {
  it('accepts non-empty values', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_workdir("/app").with_source_file("a.txt", dst="/etc").with_code_bundle(dst="/app")\n`, { 'a.txt': '' })).toEqual([]);
  });

  it('reports an empty working directory and a blank destination', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_workdir("").with_source_file("a.txt", dst=" ")\n`, { 'a.txt': '' })).toEqual([
      { code: 'FLY3023', line: 2, column: 25 },
      { code: 'FLY3023', line: 2, column: 59 },
    ]);
  });

  it('reports an empty code bundle destination', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_code_bundle(dst="")\n`)).toEqual([{ code: 'FLY3023', line: 2, column: 33 }]);
  });

  it('reports an empty requirements path once', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("")\n`)).toEqual([{ code: 'FLY3023', line: 2, column: 30 }]);
  });

  it('reports an empty .dockerignore path once', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_dockerignore("")\n`)).toEqual([{ code: 'FLY3023', line: 2, column: 30 }]);
  });

  it('reports a line break in a source path (FLY3019, as every value with a line break)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_source_file("a\\nb.txt")\n`, { 'a\nb.txt': '' })).toEqual([{ code: 'FLY3019', line: 2, column: 29 }]);
  });
});
