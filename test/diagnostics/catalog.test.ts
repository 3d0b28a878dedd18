import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, type CatalogEntry } from '../../src/diagnostics/codes.js';
import { diagnosticsMarkdown } from '../../src/diagnostics/docs.js';
import { codesOf } from '../helpers/check.js';

const entries = Object.entries(CATALOG) as Array<[string, CatalogEntry]>;

describe('the diagnostics catalog', () => {
  it('is documented: docs/diagnostics.md is generated from it (npm run gen:docs)', () => {
    expect(readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8')).toBe(diagnosticsMarkdown());
  });

  it('uses FLY + 4 digits and unique kebab-case names', () => {
    for (const [code, entry] of entries) {
      expect(code).toMatch(/^FLY\d{4}$/);
      expect(entry.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(new Set(entries.map(([, e]) => e.name)).size).toBe(entries.length);
  });

  it.each(entries.filter(([, e]) => e.example !== undefined))('%s: its documented example reports it', (code, entry) => {
    expect(codesOf(`${entry.example!}\n`)).toContain(code);
  });
});
