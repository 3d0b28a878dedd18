import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/syntax/parse.js';

const DIR = new URL('./corpus/flyte-docs/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.flyimg')).sort();

/**
 * Every fluent Image expression found in flyte-sdk's documentation, examples, docstrings and the BYOI and
 * uv-monorepo guides, pasted with `flyte.` removed (collected in test/corpus/flyte-docs, sources cited in
 * each file), parses without a single syntax diagnostic.
 */
describe('flyte documentation corpus', () => {
  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files)('%s parses as pasted', (file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const { ast, diagnostics } = parseSource({ path: file, text });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(ast.statements.length).toBeGreaterThan(0);
  });

  it('finds every binding the corpus holds', () => {
    let bindings = 0;
    for (const file of files) {
      const text = readFileSync(new URL(file, DIR), 'utf8');
      bindings += parseSource({ path: file, text }).ast.statements.filter((s) => s.kind === 'Binding').length;
    }
    expect(bindings).toBeGreaterThanOrEqual(150);
  });
});
