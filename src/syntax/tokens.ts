/** The `.flyimg` tokens, in the order the lexer tries them. */
import type { TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';

const { Lexer, createToken } = chevrotain;

export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, label: 'a line break' });
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
/** A backslash at the very end of a line joins it with the next, as in Python. */
export const LineContinuation = createToken({ name: 'LineContinuation', pattern: /\\(?:\r\n|\r|\n)/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

const PREFIX = '(?:[rRuUfFbB]{1,2})?';
const BODY_TRIPLE_DQ = '"""(?:[^\\\\]|\\\\[\\s\\S])*?"""';
const BODY_TRIPLE_SQ = "'''(?:[^\\\\]|\\\\[\\s\\S])*?'''";
// `(?!"")`: three quotes always open a triple-quoted string, as in Python.
const BODY_DQ = '"(?!"")(?:[^"\\\\\\r\\n]|\\\\[\\s\\S])*"';
const BODY_SQ = "'(?!'')(?:[^'\\\\\\r\\n]|\\\\[\\s\\S])*'";
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: new RegExp(`${PREFIX}(?:${BODY_TRIPLE_DQ}|${BODY_TRIPLE_SQ}|${BODY_DQ}|${BODY_SQ})`),
  line_breaks: true,
  label: 'a string',
});
/** A string whose closing quote is missing; lexed so that the parser can go on, and reported. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: new RegExp(`${PREFIX}(?:"""[\\s\\S]*|'''[\\s\\S]*|"(?:[^"\\\\\\r\\n]|\\\\[\\s\\S])*|'(?:[^'\\\\\\r\\n]|\\\\[\\s\\S])*)`),
  line_breaks: true,
  label: 'a string',
});
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/, label: 'a number' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

const keyword = (word: string): TokenType =>
  createToken({ name: word === 'import' ? 'Import' : word, pattern: new RegExp(word), longer_alt: Identifier, label: `\`${word}\`` });
export const True = keyword('True');
export const False = keyword('False');
export const None = keyword('None');
export const Import = keyword('import');

export const Equals = createToken({ name: 'Equals', pattern: /=/, label: '`=`' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '`,`' });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: '`.`' });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: '`:`' });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: '`/`' });
/** `*` and `**` are lexed only to say that argument unpacking is not supported. */
export const Star = createToken({ name: 'Star', pattern: /\*\*?/, label: '`*`' });
/**
 * Python operators (`-`, `+`, `@`, `<`, `;`...): no `.flyimg` construct uses them. They are lexed, not
 * refused by the lexer, so that pasted Python code (`@env.task`, `-> float`) can be recognised and
 * reported once as Python code; anywhere else each one is an unexpected character (FLY0003).
 */
export const Operator = createToken({ name: 'Operator', pattern: /[-+%<>!&|^~;@]/, label: 'an operator' });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '`)`' });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: '`[`' });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: '`]`' });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: '`{`' });
export const RBrace = createToken({ name: 'RBrace', pattern: /}/, label: '`}`' });

export const allTokens: readonly TokenType[] = [
  Newline,
  Whitespace,
  LineContinuation,
  Comment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  True,
  False,
  None,
  Import,
  Identifier,
  Equals,
  Comma,
  Dot,
  Colon,
  Slash,
  Star,
  Operator,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** The keywords of the language, exported for the TextMate grammar's parity test. */
export const KEYWORDS: readonly string[] = ['import', 'True', 'False', 'None'];

export const OPENING: ReadonlyMap<TokenType, TokenType> = new Map([
  [LParen, RParen],
  [LBracket, RBracket],
  [LBrace, RBrace],
]);
export const CLOSING: ReadonlySet<TokenType> = new Set([RParen, RBracket, RBrace]);

/**
 * Half-open end of a token. Chevrotain's `endOffset` is inclusive; this is the one place that adds 1.
 * Tokens the layout pass inserts are zero-width (`endOffset = startOffset - 1`).
 */
export function tokenEnd(token: { readonly startOffset: number; readonly endOffset?: number | undefined; readonly image: string }): number {
  return (token.endOffset ?? token.startOffset + token.image.length - 1) + 1;
}
