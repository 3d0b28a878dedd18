import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

const FILES = { 'a.txt': '', 'b.txt': '', 'a/config.yaml': '', 'b/config.yaml': '', 'src/x.py': '', 'lib/y.py': '' };

describe('copyDestinationsUnique: no copy silently overwrites another (FLY4007)', () => {
  it('accepts copies to different places', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_source_file("b.txt").with_source_file("a/config.yaml", dst="/etc").with_source_folder("src")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([]);
  });

  it('resolves relative destinations against the working directory in force at that layer', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_workdir("/app").with_source_file("a.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([]);
  });

  it('reports a file copied twice to the same place, at the source of the later copy', () => {
    const src = `${BASE}a = base.with_source_file("a.txt")\nb = a.with_source_file("a.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 3, column: 24 }]);
  });

  it('reports two files of the same name copied to one directory', () => {
    const src = `${BASE}a = base.with_workdir("/app").with_source_file("a.txt")\nb = a.with_source_file("a.txt", dst="/app")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 3, column: 24 }]);
  });

  it('reports a conflict once, however many images derive from the image that has it', () => {
    const src = `${BASE}a = base.with_source_file("a.txt")\nb = a.with_source_file("a.txt")\nc = b.with_workdir("/w")\nd = b.with_env_vars({"A": "1"})\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 3, column: 24 }]);
  });

  it('reports a conflict inside one chain at the later copy, not at the start of the chain', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_source_file("a.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 2, column: 55 }]);
  });

  it('reports a conflict in a multi-line chain on the line of the later copy', () => {
    const src = `${BASE}app = (base\n    .with_workdir("/app")\n    .with_source_file("a.txt")\n    .with_source_file("a.txt", dst="/app"))\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 5, column: 23 }]);
  });

  it('reports two files of the same name in one with_source_file list, at the second', () => {
    const src = `${BASE}app = base.with_source_file(["a/config.yaml", "b/config.yaml"])\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 2, column: 47 }]);
  });

  it('reports every conflict of a chain', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_source_file("a.txt").with_source_file("b.txt").with_source_file("b.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([
      { code: 'FLY4007', line: 2, column: 55 },
      { code: 'FLY4007', line: 2, column: 107 },
    ]);
  });

  it('a dst that is not a known directory is the file itself, as `COPY src dst` makes it (issue 9)', () => {
    // Two files "into" /etc/app without a trailing slash: the second COPY overwrites the file /etc/app.
    expect(diagnosticsOf(`${BASE}app = base.with_source_file(["a.txt", "b.txt"], dst="/etc/app")\n`, FILES)).toEqual([{ code: 'FLY4007', line: 2, column: 39 }]);
    expect(diagnosticsOf(`${BASE}app = base.with_source_file(["a.txt", "b.txt"], dst="/etc/app/")\n`, FILES)).toEqual([]);
    expect(diagnosticsOf(`${BASE}app = base.with_source_file("a/config.yaml", dst="/app/config.yaml").with_source_file("b/config.yaml", dst="/app/")\n`, FILES)).toEqual([
      { code: 'FLY4007', line: 2, column: 87 },
    ]);
    // A file at /app/conf, then something copied into /app/conf/.
    expect(diagnosticsOf(`${BASE}app = base.with_source_file("a.txt", dst="/app/conf").with_source_file("b.txt", dst="/app/conf/")\n`, FILES)).toEqual([
      { code: 'FLY4050', line: 2, column: 29 },
    ]);
  });

  it('accepts folders merged into one directory: COPY merges them', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_source_folder("src", dst="/app").with_source_folder("lib", dst="/app")\n`, FILES)).toEqual([]);
    expect(diagnosticsOf(`${BASE}app = base.with_code_bundle().with_source_folder("src", copy_contents_only=True)\n`, FILES)).toEqual([]);
  });
});
