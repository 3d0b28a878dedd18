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

  // BUG: one mistake, three diagnostics at 2:30: FLY3011 (not .txt), FLY3023 (empty) and FLY5002 (the
  // empty path resolves to the project directory, "a directory, not a file").
  it.fails('reports an empty requirements path once', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("")\n`)).toEqual([{ code: 'FLY3023', line: 2, column: 30 }]);
  });

  // BUG: FLY3023 comes with FLY5002 at the same place (the empty path is read as the directory ".").
  it.fails('reports an empty .dockerignore path once', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_dockerignore("")\n`)).toEqual([{ code: 'FLY3023', line: 2, column: 30 }]);
  });

  // BUG: the catalog says paths must be "free of line breaks and NUL" (FLY3023), but source paths are
  // never checked for them: a file named "a\nb.txt" is accepted and would break the COPY line.
  it.fails('reports a line break in a source path', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_source_file("a\\nb.txt")\n`, { 'a\nb.txt': '' })).toEqual([{ code: 'FLY3023', line: 2, column: 29 }]);
  });
});
