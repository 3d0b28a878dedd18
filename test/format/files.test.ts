import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource, shape } from '../../src/format/format.js';
import { parseSource } from '../../src/syntax/parse.js';
import { printStatement } from '../../src/syntax/print.js';
import { REPO_ROOT } from '../helpers/cli.js';

function flyimgFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? flyimgFiles(join(dir, e.name)) : e.name.endsWith('.flyimg') ? [join(dir, e.name)] : []))
    .sort();
}

const fixtures = readdirSync(join(REPO_ROOT, 'test/fixtures'))
  .map((d) => join(REPO_ROOT, 'test/fixtures', d, 'input.flyimg'))
  .filter((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
const all = [...flyimgFiles(join(REPO_ROOT, 'examples')), ...fixtures, ...flyimgFiles(join(REPO_ROOT, 'test/corpus/flyte-docs'))].map((f) => ({
  path: relative(REPO_ROOT, f),
  text: readFileSync(f, 'utf8'),
}));
const parses = (text: string, path: string) => parseSource({ path, text }).diagnostics.every((d) => d.severity !== 'error');
const files = all.filter((f) => parses(f.text, f.path));

/** The formatter on every real file: same statements, same comments, and a second run changes nothing. */
describe('fmt on examples/, the fixtures and the flyte-docs corpus', () => {
  it('has the files', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it.each(files.map((f) => [f.path, f.text] as const))('%s', (path, text) => {
    const first = formatSource(text, path);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const before = parseSource({ path, text }).ast;
    const after = parseSource({ path, text: first.text }).ast;
    expect(after.statements.map(printStatement)).toEqual(before.statements.map(printStatement));
    expect(shape(after.statements)).toBe(shape(before.statements));
    expect(after.comments.map((c) => c.text.trimEnd()).sort()).toEqual(before.comments.map((c) => c.text.trimEnd()).sort());
    const second = formatSource(first.text, path);
    expect(second).toEqual(first);
  });

  it('leaves files with syntax errors alone', () => {
    const broken = all.filter((f) => !parses(f.text, f.path));
    for (const f of broken) expect(formatSource(f.text, f.path)).toEqual({ ok: false });
  });
});
