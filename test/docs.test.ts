import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiMarkdown } from '../src/check/apiDocs.js';
import { checkFiles } from './helpers/check.js';

const read = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

/** Code blocks marked ```flyimg (not ```flyimg fragment) are complete files. */
function flyimgBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```flyimg\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('docs', () => {
  it('docs/api.md is generated from the signature table (npm run gen:docs)', () => {
    expect(read('api.md')).toBe(apiMarkdown());
  });

  const blocks = flyimgBlocks(read('language.md'));
  it('docs/language.md has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))('docs/language.md example %i checks clean', (_, block) => {
    const analysis = checkFiles({ 'main.flyimg': block });
    expect(analysis.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});
