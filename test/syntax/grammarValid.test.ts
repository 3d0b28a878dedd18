import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenType } from 'chevrotain';
import { chevrotain } from '../../src/syntax/chevrotain.js';
import { validateTokens } from '../../src/syntax/lexer.js';
import { validateGrammar } from '../../src/syntax/parser.js';
import { allTokens } from '../../src/syntax/tokens.js';

/** The lexer's tables chevrotain derives from the tokens: who may start at each character, who may hold a line break. */
interface LexerTables {
  readonly charCodeToPatternIdxToConfig: { readonly defaultMode: readonly (readonly { readonly tokenType: TokenType }[] | undefined)[] };
  readonly patternIdxToConfig: { readonly defaultMode: readonly { readonly tokenType: TokenType; readonly canLineTerminator: boolean }[] };
  readonly canModeBeOptimized: { readonly defaultMode: boolean };
}

function tables(tokens: readonly TokenType[]) {
  const lexer = new chevrotain.Lexer(tokens as TokenType[], { positionTracking: 'full', ensureOptimizations: false }) as unknown as LexerTables;
  const starts: Record<number, string[]> = {};
  lexer.charCodeToPatternIdxToConfig.defaultMode.forEach((configs, code) => {
    if (configs) starts[code] = configs.map((c) => c.tokenType.name);
  });
  return {
    starts,
    lineBreaks: lexer.patternIdxToConfig.defaultMode.map((c) => [c.tokenType.name, c.canLineTerminator]),
    optimized: lexer.canModeBeOptimized.defaultMode,
  };
}

/**
 * The compiler builds its lexer and parser without chevrotain's checks of their definitions (start-up,
 * issue 14); these tests run the checks, so that a mistake in tokens.ts or parser.ts still fails CI.
 */
describe("chevrotain's checks of the grammar", () => {
  afterEach(() => vi.restoreAllMocks());

  it('the token definitions pass the lexer checks: no error, no warning', () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    expect(() => validateTokens()).not.toThrow();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it("the tokens' start characters and line breaks, written out for start-up, are what chevrotain works out from the patterns", () => {
    // The same tokens without the two hints: chevrotain then analyses each regular expression itself.
    const copies = new Map(allTokens.map((t) => [t, { ...t } as TokenType & Record<string, unknown>]));
    for (const copy of copies.values()) {
      delete copy['START_CHARS_HINT'];
      delete copy['LINE_BREAKS'];
      if (copy.LONGER_ALT) copy.LONGER_ALT = copies.get(copy.LONGER_ALT as TokenType)!;
    }
    expect(allTokens.every((t) => 'START_CHARS_HINT' in t && 'LINE_BREAKS' in t)).toBe(true);
    const hinted = tables(allTokens);
    expect(hinted.optimized).toBe(true);
    expect(hinted).toEqual(tables([...copies.values()]));
  });

  it('the grammar passes the parser checks (no ambiguity, no left recursion)', () => {
    const warn = vi.spyOn(console, 'warn');
    expect(() => validateGrammar()).not.toThrow();
    expect(warn).not.toHaveBeenCalled();
  });

  it('the checks are the ones that catch mistakes: an ambiguous grammar is refused with them, not without', () => {
    const { CstParser, createToken } = chevrotain;
    const A = createToken({ name: 'A', pattern: /a/ });
    class Ambiguous extends CstParser {
      constructor(skipValidations: boolean) {
        super([A], { skipValidations });
        this.performSelfAnalysis();
      }
      top = this.RULE('top', () => {
        this.OR([{ ALT: () => this.CONSUME(A) }, { ALT: () => this.CONSUME1(A) }]);
      });
    }
    expect(() => new Ambiguous(false)).toThrow(/Ambiguous Alternatives/);
    expect(() => new Ambiguous(true)).not.toThrow();
  });
});
