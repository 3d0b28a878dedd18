import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHighlighterCore, type LanguageRegistration } from 'shiki/core';
import { createOnigurumaEngine } from 'shiki/engine/oniguruma';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { parseSource } from '../../src/syntax/parse.js';
import { forEachExpr } from '../../src/syntax/walk.js';

function flyimgFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return flyimgFiles(full);
    return e.name.endsWith('.flyimg') ? [full] : [];
  });
}

const grammar = JSON.parse(readFileSync(join(REPO_ROOT, 'grammar/flyimg.tmLanguage.json'), 'utf8')) as LanguageRegistration;
const files = [...flyimgFiles(join(REPO_ROOT, 'examples')), ...flyimgFiles(join(REPO_ROOT, 'test/corpus/flyte-docs'))]
  .map((path) => ({ path: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') }))
  // Only files the compiler accepts may be expected to have no invalid token: f-strings parse, but the
  // grammar marks their prefix invalid as the checker refuses them.
  .filter((f) => {
    const { ast, diagnostics } = parseSource(f);
    let refusedPrefix = false;
    for (const s of ast.statements) if (s.kind === 'Binding') forEachExpr(s.value, (e) => (refusedPrefix ||= e.kind === 'Str' && e.unsupportedPrefix !== undefined));
    return !refusedPrefix && diagnostics.every((d) => d.severity !== 'error');
  });

/** Real files, tokenized the way editors and the docs do, get no `invalid` scope anywhere. */
describe('grammar on the examples and the flyte-docs corpus', async () => {
  // The Oniguruma engine, as VS Code's: JavaScript regexes would tokenize differently.
  const highlighter = await createHighlighterCore({
    langs: [{ ...grammar, name: 'flyimg' }],
    themes: [import('shiki/themes/github-light.mjs')],
    engine: createOnigurumaEngine(import('shiki/wasm')),
  });

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [f.path, f.text] as const))('%s has no invalid token', (_path, text) => {
    const lines = highlighter.codeToTokensBase(text, { lang: 'flyimg', theme: 'github-light', includeExplanation: true });
    const invalid = lines.flatMap((tokens, line) =>
      tokens.flatMap((t) => (t.explanation ?? []).filter((e) => e.scopes.some((s) => s.scopeName.startsWith('invalid'))).map((e) => `${line + 1}: ${JSON.stringify(e.content)}`)),
    );
    expect(invalid).toEqual([]);
  });
});
