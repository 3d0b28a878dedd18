import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TokenType } from 'chevrotain';
import { chevrotain } from '../../src/syntax/chevrotain.js';
import { lex } from '../../src/syntax/lexer.js';
import { allTokens } from '../../src/syntax/tokens.js';

/**
 * The lexer tracks offsets only (a token with lines and columns takes three times the memory); the
 * columns layout needs (Python's indentation, cut points at column 1) are computed from the text. They
 * must be the ones chevrotain's own full position tracking gives.
 */
const fullLexer = new chevrotain.Lexer(allTokens as TokenType[], { positionTracking: 'full', ensureOptimizations: false });

function columnsAsChevrotainCounts(text: string): number[] {
  const byOffset = new Map(fullLexer.tokenize(text).tokens.map((t) => [t.startOffset, t.startColumn!]));
  return lex({ path: 'main.flyimg', text }).statements.map((s) => (s.tokens[0] ? byOffset.get(s.tokens[0].startOffset)! : Number.MAX_SAFE_INTEGER));
}

const columns = (text: string) => lex({ path: 'main.flyimg', text }).statements.map((s) => s.column);

describe('statement columns without position tracking', () => {
  it('counts from the last line break of any kind, tabs as one column, after a line continuation afresh', () => {
    const text = 'a = 1\r\n  b = 2\r\tc = 3\n@env.task\ndef f():\n    x = 1\n    return x\nd = f(\n1)\ne = 1 + \\\n  2\n   "s\\\n"\n';
    expect(columns(text)).toEqual(columnsAsChevrotainCounts(text));
    expect(columns(text).slice(0, 3)).toEqual([1, 3, 2]);
  });

  it('agrees with chevrotain on any mix of lines, blanks, brackets and strings', () => {
    const piece = fc.constantFrom('a', ' ', '\t', '\n', '\r', '\r\n', '(', ')', '=', 'b =', '"x"', '"""m\nl"""', '\\\n', '.', 'def f():', '#c', ',', 'import');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(columns(text)).toEqual(columnsAsChevrotainCounts(text));
      }),
      { numRuns: 500 },
    );
  });
});
