/**
 * A hand-written lexer for text chevrotain's lexer (tokens.ts, the definition) would tokenize without an
 * error: it makes the same tokens (same objects: `image`, `startOffset`, `tokenTypeIdx`, `tokenType`, as
 * chevrotain's `positionTracking: 'onlyOffset'` does) about six times faster, with no regular expression per
 * token. At the first thing it does not know how to lex exactly as chevrotain would (a character no token
 * starts with, an unterminated string, a backslash not before a line break) it gives up, and the caller lexes
 * the whole text with chevrotain: mistakes are rare and chevrotain's recovery stays the only one.
 * test/syntax/directLexer.test.ts checks that both give the same tokens for every input this one accepts,
 * and that it accepts every fixture and example.
 */
import type { IToken, TokenType } from 'chevrotain';
import {
  Colon,
  Comma,
  Comment,
  Dot,
  Equals,
  False,
  Identifier,
  Import,
  LBrace,
  LBracket,
  LParen,
  Newline,
  None,
  NumberLiteral,
  Operator,
  RBrace,
  RBracket,
  RParen,
  Slash,
  Star,
  StringLiteral,
  True,
} from './tokens.js';

export interface DirectLexed {
  /** Every token but whitespace, line continuations and comments, in order. */
  readonly tokens: IToken[];
  readonly comments: IToken[];
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['True', True],
  ['False', False],
  ['None', None],
  ['import', Import],
]);

/** The token each one-character punctuation or operator makes, by character code. */
const SINGLE: (TokenType | undefined)[] = [];
for (const [chars, type] of [
  ['=', Equals],
  [',', Comma],
  ['.', Dot],
  [':', Colon],
  ['/', Slash],
  ['-+%<>!&|^~;@', Operator],
  ['(', LParen],
  [')', RParen],
  ['[', LBracket],
  [']', RBracket],
  ['{', LBrace],
  ['}', RBrace],
] as const) {
  for (const c of chars) SINGLE[c.charCodeAt(0)] = type;
}

const CR = 13;
const LF = 10;
const BACKSLASH = 92;
const DQ = 34;
const SQ = 39;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentifierStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentifierPart = (c: number) => isIdentifierStart(c) || isDigit(c);
/** `r`, `u`, `f`, `b` in either case: the letters a string may start with. */
const isStringPrefix = (c: number) => c === 114 || c === 82 || c === 117 || c === 85 || c === 102 || c === 70 || c === 98 || c === 66;

const token = (image: string, startOffset: number, tokenType: TokenType): IToken =>
  ({ image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType }) as IToken;

/** The tokens of `text`, or undefined where chevrotain's lexer would report an error or lex an unterminated string. */
export function lexDirectly(text: string): DirectLexed | undefined {
  const tokenizer = new DirectTokenizer(text);
  const tokens: IToken[] = [];
  for (let t = tokenizer.next(); t !== END; t = tokenizer.next()) {
    if (t === DECLINED) return undefined;
    tokens.push(t);
  }
  return { tokens, comments: tokenizer.comments };
}

/** `DirectTokenizer.next` at the end of the text. */
export const END = Symbol('end');
/** `DirectTokenizer.next` where chevrotain would report an error or lex an unterminated string. */
export const DECLINED = Symbol('declined');

/** The tokens of a text one at a time (whitespace and line continuations skipped, comments set aside). */
export class DirectTokenizer {
  readonly comments: IToken[] = [];
  private i = 0;

  constructor(private readonly text: string) {}

  next(): IToken | typeof END | typeof DECLINED {
    const text = this.text;
    const length = text.length;
    let i = this.i;
    while (i < length) {
      const c = text.charCodeAt(i);
      const start = i;
      if (c === 32 || c === 9 || c === 12) {
        i++;
        while (i < length) {
          const d = text.charCodeAt(i);
          if (d !== 32 && d !== 9 && d !== 12) break;
          i++;
        }
        continue;
      }
      if (c === 35) {
        i++;
        while (i < length) {
          const d = text.charCodeAt(i);
          if (d === LF || d === CR) break;
          i++;
        }
        this.comments.push(token(text.slice(start, i), start, Comment));
        continue;
      }
      if (c === BACKSLASH) {
        const d = text.charCodeAt(i + 1);
        if (d !== LF && d !== CR) return DECLINED;
        i += d === CR && text.charCodeAt(i + 2) === LF ? 3 : 2;
        continue;
      }
      let type: TokenType;
      if (c === LF || c === CR) {
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        type = Newline;
      } else if (SINGLE[c] !== undefined) {
        this.i = i + 1;
        return token(text[start]!, start, SINGLE[c]!);
      } else if (isIdentifierStart(c)) {
        // A string's prefix is one or two of the prefix letters right before its quote.
        const quote = isStringPrefix(c) ? stringQuoteAfterPrefix(text, i) : -1;
        if (quote >= 0) {
          i = stringEnd(text, quote);
          if (i < 0) return DECLINED;
          type = StringLiteral;
        } else {
          i++;
          while (i < length && isIdentifierPart(text.charCodeAt(i))) i++;
          const image = text.slice(start, i);
          this.i = i;
          // Only `True`, `False`, `None` and `import` can be keywords: most names are not looked up.
          const keyword = (c === 84 || c === 70 || c === 78 || c === 105) && i - start <= 6 ? KEYWORDS.get(image) : undefined;
          return token(image, start, keyword ?? Identifier);
        }
      } else if (c === DQ || c === SQ) {
        i = stringEnd(text, i);
        if (i < 0) return DECLINED;
        type = StringLiteral;
      } else if (isDigit(c)) {
        i++;
        while (i < length && isDigit(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
          i += 2;
          while (i < length && isDigit(text.charCodeAt(i))) i++;
        }
        type = NumberLiteral;
      } else if (c === 42) {
        i += text.charCodeAt(i + 1) === 42 ? 2 : 1;
        type = Star;
      } else {
        return DECLINED;
      }
      this.i = i;
      return token(text.slice(start, i), start, type);
    }
    this.i = i;
    return END;
  }
}

/** Where the quote of a string starting at `at` with a prefix letter is, or -1 when it is a name. */
function stringQuoteAfterPrefix(text: string, at: number): number {
  const second = text.charCodeAt(at + 1);
  if (second === DQ || second === SQ) return at + 1;
  if (!isStringPrefix(second)) return -1;
  const third = text.charCodeAt(at + 2);
  return third === DQ || third === SQ ? at + 2 : -1;
}

/** The end of the string whose opening quote is at `quote`, or -1 when it is not terminated. */
function stringEnd(text: string, quote: number): number {
  const q = text.charCodeAt(quote);
  const length = text.length;
  if (text.charCodeAt(quote + 1) === q && text.charCodeAt(quote + 2) === q) {
    // Triple-quoted: up to the first three closing quotes; a backslash escapes any one character.
    for (let i = quote + 3; i < length; ) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        if (i + 1 >= length) return -1;
        i += 2;
      } else if (c === q && text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
        return i + 3;
      } else {
        i++;
      }
    }
    return -1;
  }
  for (let i = quote + 1; i < length; ) {
    const c = text.charCodeAt(i);
    if (c === q) return i + 1;
    if (c === BACKSLASH) {
      if (i + 1 >= length) return -1;
      i += 2;
    } else if (c === LF || c === CR) {
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}
