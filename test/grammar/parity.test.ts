import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSTRUCTOR_NAMES, METHOD_NAMES } from '../../src/check/api.js';
import { BUILTIN_NAMES } from '../../src/syntax/builtins.js';
import { KEYWORDS } from '../../src/syntax/tokens.js';

interface Rule {
  readonly comment?: string;
  readonly match?: string;
  readonly patterns?: readonly Rule[];
  readonly [key: string]: unknown;
}

const grammar = JSON.parse(readFileSync(new URL('../../grammar/flyimg.tmLanguage.json', import.meta.url), 'utf8')) as {
  scopeName: string;
  repository: Record<string, Rule>;
};

/** Every word list written as a regex alternation `(a|b)` in a rule (and its sub-patterns). */
function wordsOf(ruleName: string): string[] {
  const rule = grammar.repository[ruleName];
  if (!rule) throw new Error(`no grammar rule ${ruleName}`);
  const matches = [rule.match, ...(rule.patterns ?? []).map((p) => p.match)].filter((m): m is string => m !== undefined);
  return matches.flatMap((m) => [...m.matchAll(/\(([A-Za-z_]+(?:\|[A-Za-z_]+)*)\)/g)].flatMap((g) => g[1]!.split('|')));
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** The grammar highlights exactly what the compiler knows; `node scripts/gen-grammar-lists.mjs` fixes a drift. */
describe('grammar and compiler agree', () => {
  it('on the constructors (src/check/api.ts)', () => {
    expect(sorted(wordsOf('constructor'))).toEqual(sorted(CONSTRUCTOR_NAMES));
  });

  it('on the methods (src/check/api.ts)', () => {
    expect(sorted(wordsOf('method'))).toEqual(sorted(METHOD_NAMES));
  });

  it('on the keywords (src/syntax/tokens.ts)', () => {
    expect(sorted([...wordsOf('import'), ...wordsOf('constant-language')])).toEqual(sorted(KEYWORDS));
  });

  it('on the builtins (src/syntax/builtins.ts)', () => {
    const words = [...wordsOf('builtin-class'), ...wordsOf('builtin-module'), ...wordsOf('builtin-magic'), ...wordsOf('builtin-pathlib-path')];
    expect(sorted(words)).toEqual(sorted(BUILTIN_NAMES));
  });
});

describe('grammar conventions', () => {
  it('has a comment on every repository rule', () => {
    const uncommented = Object.entries(grammar.repository).filter(([, rule]) => typeof rule.comment !== 'string' || rule.comment.length === 0);
    expect(uncommented.map(([name]) => name)).toEqual([]);
  });

  it('suffixes every scope with .flyimg', () => {
    const scopes: string[] = [];
    const visit = (value: unknown, key?: string) => {
      if (typeof value === 'string' && (key === 'name' || key === 'contentName')) scopes.push(...value.split(/\s+/));
      else if (Array.isArray(value)) value.forEach((v) => visit(v));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    visit(grammar.repository);
    expect(scopes.length).toBeGreaterThan(30);
    expect(scopes.filter((s) => !s.endsWith('.flyimg'))).toEqual([]);
    expect(grammar.scopeName).toBe('source.flyimg');
  });

  it('includes only rules that exist', () => {
    const includes = JSON.stringify(grammar).match(/"include":"#[^"]+"/g) ?? [];
    const missing = includes.map((i) => i.slice('"include":"#'.length, -1)).filter((name) => !(name in grammar.repository));
    expect(missing).toEqual([]);
  });
});
