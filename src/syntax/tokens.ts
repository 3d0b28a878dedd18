/** The `.flyimg` tokens, in the order the lexer tries them. */
import type { TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';

const { Lexer, createToken: createTokenWithHints } = chevrotain;

/**
 * Every token says which characters it can start with (`start_chars_hint`) and whether it can hold a line
 * break (`line_breaks`): chevrotain would otherwise work both out from the regular expressions, by parsing
 * them, each time flyimgc starts (issue 14: start-up). test/syntax/grammarValid.test.ts checks that the
 * lexer built from these hints is the one chevrotain builds without them.
 */
type TokenConfig = Parameters<typeof createTokenWithHints>[0];
const createToken = (config: TokenConfig & Required<Pick<TokenConfig, 'start_chars_hint' | 'line_breaks'>>): TokenType => createTokenWithHints(config);
const chars = (text: string): string[] => [...text];
const LETTERS = chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
const DIGITS = chars('0123456789');
/** A string starts with its quote or with a prefix letter (`r`, `u`, `f`, `b`, either case). */
const STRING_START = chars('rRuUfFbB"\'');

export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, start_chars_hint: ['\r', '\n'], line_breaks: true, label: 'a line break' });
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f]+/, start_chars_hint: [' ', '\t', '\f'], line_breaks: false, group: Lexer.SKIPPED });
/** A backslash at the very end of a line joins it with the next, as in Python. */
export const LineContinuation = createToken({ name: 'LineContinuation', pattern: /\\(?:\r\n|\r|\n)/, start_chars_hint: ['\\'], group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, start_chars_hint: ['#'], line_breaks: false, group: 'comments' });

const PREFIX = '(?:[rRuUfFbB]{1,2})?';
const BODY_TRIPLE_DQ = '"""(?:[^\\\\]|\\\\[\\s\\S])*?"""';
const BODY_TRIPLE_SQ = "'''(?:[^\\\\]|\\\\[\\s\\S])*?'''";
// `(?!"")`: three quotes always open a triple-quoted string, as in Python.
const BODY_DQ = '"(?!"")(?:[^"\\\\\\r\\n]|\\\\[\\s\\S])*"';
const BODY_SQ = "'(?!'')(?:[^'\\\\\\r\\n]|\\\\[\\s\\S])*'";
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: new RegExp(`${PREFIX}(?:${BODY_TRIPLE_DQ}|${BODY_TRIPLE_SQ}|${BODY_DQ}|${BODY_SQ})`),
  start_chars_hint: STRING_START,
  line_breaks: true,
  label: 'a string',
});
/** A string whose closing quote is missing; lexed so that the parser can go on, and reported. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: new RegExp(`${PREFIX}(?:"""[\\s\\S]*|'''[\\s\\S]*|"(?:[^"\\\\\\r\\n]|\\\\[\\s\\S])*|'(?:[^'\\\\\\r\\n]|\\\\[\\s\\S])*)`),
  start_chars_hint: STRING_START,
  line_breaks: true,
  label: 'a string',
});
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/, start_chars_hint: DIGITS, line_breaks: false, label: 'a number' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, start_chars_hint: [...LETTERS, '_'], line_breaks: false, label: 'a name' });

const keyword = (word: string): TokenType =>
  createToken({ name: word === 'import' ? 'Import' : word, pattern: new RegExp(word), start_chars_hint: [word[0]!], line_breaks: false, longer_alt: Identifier, label: `\`${word}\`` });
export const True = keyword('True');
export const False = keyword('False');
export const None = keyword('None');
export const Import = keyword('import');

export const Equals = createToken({ name: 'Equals', pattern: /=/, start_chars_hint: ['='], line_breaks: false, label: '`=`' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, start_chars_hint: [','], line_breaks: false, label: '`,`' });
export const Dot = createToken({ name: 'Dot', pattern: /\./, start_chars_hint: ['.'], line_breaks: false, label: '`.`' });
export const Colon = createToken({ name: 'Colon', pattern: /:/, start_chars_hint: [':'], line_breaks: false, label: '`:`' });
export const Slash = createToken({ name: 'Slash', pattern: /\//, start_chars_hint: ['/'], line_breaks: false, label: '`/`' });
/** `*` and `**` are lexed only to say that argument unpacking is not supported. */
export const Star = createToken({ name: 'Star', pattern: /\*\*?/, start_chars_hint: ['*'], line_breaks: false, label: '`*`' });
/**
 * Python operators (`-`, `+`, `@`, `<`, `;`...): no `.flyimg` construct uses them. They are lexed, not
 * refused by the lexer, so that pasted Python code (`@env.task`, `-> float`) can be recognised and
 * reported once as Python code; anywhere else each one is an unexpected character (FLY0003).
 */
export const Operator = createToken({ name: 'Operator', pattern: /[-+%<>!&|^~;@]/, start_chars_hint: chars('-+%<>!&|^~;@'), line_breaks: false, label: 'an operator' });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, start_chars_hint: ['('], line_breaks: false, label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, start_chars_hint: [')'], line_breaks: false, label: '`)`' });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, start_chars_hint: ['['], line_breaks: false, label: '`[`' });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, start_chars_hint: [']'], line_breaks: false, label: '`]`' });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, start_chars_hint: ['{'], line_breaks: false, label: '`{`' });
export const RBrace = createToken({ name: 'RBrace', pattern: /}/, start_chars_hint: ['}'], line_breaks: false, label: '`}`' });

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
