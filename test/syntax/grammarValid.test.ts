import { afterEach, describe, expect, it, vi } from 'vitest';
import { chevrotain } from '../../src/syntax/chevrotain.js';
import { validateTokens } from '../../src/syntax/lexer.js';
import { validateGrammar } from '../../src/syntax/parser.js';

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
