/**
 * Lexing and layout. Chevrotain turns text into tokens; the layout pass then cuts the token stream into
 * statements the way Python does (a line break ends a statement except inside brackets, after a `\`, or
 * before a line starting with `.`). Only when a statement's brackets never balance is it cut again where
 * a line starts at column 1 with `name =` (unless written as a keyword argument) or `import`, so that one broken
 * line cannot swallow the rest of the file, and valid Python is never cut.
 */
import type { IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { SourceFile } from '../source.js';
import { pushAll } from '../util/pushAll.js';
import { DECLINED, DirectTokenizer, END, lexDirectly } from './directLexer.js';
import { CLOSING, Comma, Comment, Dot, Equals, Identifier, Import, Newline, OPENING, UnterminatedString, allTokens, tokenEnd } from './tokens.js';

export const MAX_BRACKET_DEPTH = 64;

const { Lexer, createTokenInstance } = chevrotain;
// Offsets only: line and column fields would triple the tokens' memory (a 110,000-line file: 217 MiB against
// 73 MiB); the two places that need a column compute it from the text (`columnAt`).
// Without chevrotain's checks of the token definitions: like the grammar's (parser.ts), they cost start-up
// on every run and can only fail when tokens.ts changes; `validateTokens` runs them for the tests.
// Built on first use: text without a lexical mistake never needs it (directLexer.ts), and building it is start-up.
let chevrotainLexer: InstanceType<typeof Lexer> | undefined;
const lexer = (): InstanceType<typeof Lexer> =>
  (chevrotainLexer ??= new Lexer(allTokens as TokenType[], { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: true }));

/** What chevrotain's lexer alone makes of `text` (the definition `lexDirectly` must agree with; for the tests). */
export function lexWithChevrotain(text: string): { readonly tokens: readonly IToken[]; readonly comments: readonly IToken[]; readonly errors: number } {
  const result = lexer().tokenize(text);
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], errors: result.errors.length };
}

/** Builds the lexer with chevrotain's checks of the token definitions on: throws on a mistake (for the tests). */
export function validateTokens(): void {
  new Lexer(allTokens as TokenType[], { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: false });
}

export interface LexedStatement {
  readonly tokens: readonly IToken[];
  /** Set when layout already reported a problem that makes parsing pointless (nesting too deep). */
  readonly poisoned: boolean;
  /** Bracket problems the layout pass found in this statement. */
  readonly diagnostics: readonly Diagnostic[];
  /** The 1-based column of its first token (MAX_SAFE_INTEGER when it has none): Python's indentation. */
  readonly column: number;
}

export interface Lexed {
  /** The caller's to keep or let go (`parseSource` drops each once parsed). */
  readonly statements: LexedStatement[];
  readonly comments: readonly IToken[];
  /** Lexical problems (characters, unterminated strings); bracket problems are on the statements. */
  readonly diagnostics: readonly Diagnostic[];
  /** Tokens the layout pass inserted (closing brackets) and that exist nowhere in the text. */
  readonly synthetic: ReadonlySet<IToken>;
}

export function lex(source: SourceFile): Lexed {
  const file = source.path;
  // Text without a lexical mistake (nearly all of it) is lexed by hand; chevrotain reports and recovers.
  const direct = lexDirectly(source.text);
  const result = direct ? { tokens: direct.tokens, errors: [], groups: { comments: direct.comments } } : lexer().tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const char = String.fromCodePoint(source.text.codePointAt(error.offset) ?? 0xfffd);
    diagnostics.push(diag.unexpectedCharacter({ file, start: error.offset, end: error.offset + char.length }, char));
  }
  for (const token of result.tokens) {
    if (token.tokenType === UnterminatedString) {
      const triple = /^[rRuUfFbB]*("""|''')/.test(token.image);
      const quoteAt = token.startOffset + (/^[rRuUfFbB]*/.exec(token.image)![0].length);
      diagnostics.push(diag.unterminatedString({ file, start: quoteAt, end: quoteAt + (triple ? 3 : 1) }, triple));
    }
  }
  const synthetic = new Set<IToken>();
  const text = source.text;
  const statements = layoutStatements(result.tokens, text, file, synthetic).map(({ tokens, poisoned, diagnostics }) => ({
    tokens,
    poisoned,
    diagnostics,
    column: tokens[0] ? columnAt(text, tokens[0].startOffset) : Number.MAX_SAFE_INTEGER,
  }));
  return {
    statements,
    comments: (result.groups['comments'] ?? []).filter((t) => t.tokenType === Comment),
    diagnostics,
    synthetic,
  };
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/**
 * The statements of a text in which neither the lexer nor the layout pass finds a problem, one at a time,
 * exactly as `lex` cuts them: each statement's tokens are made only when it is asked for, so a caller that
 * parses each one and lets it go never holds a whole file's tokens (at 110,000 lines: ~76 MiB that every
 * garbage collection of the parse would copy). `next` returns `DECLINED` at the first thing `lex` would
 * report (a lexical mistake, an unterminated string, a bracket problem, nesting too deep): the caller then
 * starts over with `lex`. `comments` is complete once `next` has returned `END`.
 */
export class CleanStatements {
  private readonly tokenizer: DirectTokenizer;
  /** A token read ahead (after a line break, to see whether the next line starts with `.`). */
  private ahead: IToken | typeof END | typeof DECLINED | undefined;

  constructor(private readonly text: string) {
    this.tokenizer = new DirectTokenizer(text);
  }

  get comments(): readonly IToken[] {
    return this.tokenizer.comments;
  }

  next(): LexedStatement | typeof END | typeof DECLINED {
    const tokens: IToken[] = [];
    const closers: TokenType[] = [];
    for (;;) {
      const token = this.take();
      if (token === DECLINED) return DECLINED;
      if (token === END) {
        if (closers.length > 0) return DECLINED;
        return tokens.length > 0 ? this.statement(tokens) : END;
      }
      const type = token.tokenType;
      if (type === Newline) {
        if (closers.length > 0) continue;
        let next = this.take();
        while (next !== END && next !== DECLINED && next.tokenType === Newline) next = this.take();
        this.ahead = next;
        if (next !== END && next !== DECLINED && next.tokenType === Dot) continue;
        if (tokens.length > 0) return this.statement(tokens);
        continue;
      }
      const closer = OPENING.get(type);
      if (closer) {
        closers.push(closer);
        if (closers.length > MAX_BRACKET_DEPTH) return DECLINED;
      } else if (CLOSING.has(type) && closers.pop() !== type) {
        return DECLINED;
      }
      tokens.push(token);
    }
  }

  private take(): IToken | typeof END | typeof DECLINED {
    const ahead = this.ahead;
    if (ahead === undefined) return this.tokenizer.next();
    this.ahead = undefined;
    return ahead;
  }

  private statement(tokens: IToken[]): LexedStatement {
    return { tokens, poisoned: false, diagnostics: NO_DIAGNOSTICS, column: columnAt(this.text, tokens[0]!.startOffset) };
  }
}

interface OpenBracket {
  readonly token: IToken;
  readonly closer: TokenType;
}

/**
 * Python's implicit line joining first: a statement runs until a line break outside brackets. Only a
 * statement whose brackets never balance is cut again, at the lines that start at column 1 with
 * `name =` or `import` that are not keyword arguments (see `isCutPoint`), so that one missing bracket
 * cannot swallow the rest of the file while valid Python (keyword arguments at column 1, as pasted
 * code often has them) is never cut. Every token is cut at most twice: linear in the file.
 */
function layoutStatements(tokens: readonly IToken[], text: string, file: string, synthetic: Set<IToken>): CutStatement[] {
  const statements: CutStatement[] = [];
  for (const piece of cut(tokens, text, 0, tokens.length, false, file, synthetic)) {
    if (piece.bracketProblem && piece.hasCutPoint) pushAll(statements, cut(tokens, text, piece.from, piece.to, true, file, synthetic));
    else statements.push(piece);
  }
  return statements;
}

interface CutStatement extends Omit<LexedStatement, 'column'> {
  /** The range of `tokens` the statement came from. */
  readonly from: number;
  readonly to: number;
  /** An unclosed, unmatched or mismatched bracket was reported in it. */
  readonly bracketProblem: boolean;
  /** Inside its brackets a line starts where `recover` would cut. */
  readonly hasCutPoint: boolean;
}

function cut(tokens: readonly IToken[], text: string, from: number, to: number, recover: boolean, file: string, synthetic: Set<IToken>): CutStatement[] {
  const statements: CutStatement[] = [];
  let current: IToken[] = [];
  let diagnostics: Diagnostic[] = [];
  let poisoned = false;
  let bracketProblem = false;
  let hasCutPoint = false;
  let start = from;
  let stack: OpenBracket[] = [];
  // How many brackets of each kind are open, so that an unmatched closer is known without a search.
  const open = new Map<TokenType, number>();
  let unmatchedRun: { readonly index: number; readonly start: number; readonly image: string; readonly next: number } | undefined;
  const count = (closer: TokenType, by: number) => open.set(closer, (open.get(closer) ?? 0) + by);

  const span = (t: IToken) => ({ file, start: t.startOffset, end: tokenEnd(t) });
  const closeAll = (endedBy: IToken | undefined) => {
    const last = current[current.length - 1];
    const at = last ? tokenEnd(last) : 0;
    // An unterminated string or a too-deep nesting already explains the missing bracket, and of several
    // unclosed brackets the innermost is reported: one mistake, one diagnostic.
    const explained = poisoned || current.some((t) => t.tokenType === UnterminatedString);
    const innermost = stack[stack.length - 1];
    if (innermost && !explained) diagnostics.push(diag.unclosedBracket(span(innermost.token), innermost.token.image, endedBy ? { file, start: at, end: at } : undefined));
    if (innermost) bracketProblem = true;
    for (let k = stack.length - 1; k >= 0; k--) {
      const closer = createTokenInstance(stack[k]!.closer, '', at, at - 1, NaN, NaN, NaN, NaN);
      synthetic.add(closer);
      current.push(closer);
    }
    stack = [];
    open.clear();
  };
  const endStatement = (end: number) => {
    if (current.length > 0) statements.push({ tokens: current, poisoned, diagnostics, from: start, to: end, bracketProblem, hasCutPoint });
    else if (diagnostics.length > 0) statements.push({ tokens: [], poisoned: true, diagnostics, from: start, to: end, bracketProblem, hasCutPoint });
    current = [];
    diagnostics = [];
    unmatchedRun = undefined;
    poisoned = false;
    bracketProblem = false;
    hasCutPoint = false;
    start = end;
  };

  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === Newline) {
      if (stack.length > 0) continue;
      let j = i + 1;
      while (j < to && tokens[j]!.tokenType === Newline) j++;
      // Skip the whole run of line breaks at once (a long run of blank lines stays linear).
      i = j - 1;
      if (j < to && tokens[j]!.tokenType === Dot) continue;
      endStatement(j);
      continue;
    }
    if (stack.length > 0 && atLineStart(text, token.startOffset) && isCutPoint(tokens, i, from)) {
      if (recover) {
        closeAll(token);
        endStatement(i);
      } else {
        hasCutPoint = true;
      }
    }
    const closer = OPENING.get(type);
    if (closer) {
      stack.push({ token, closer });
      count(closer, 1);
      if (stack.length > MAX_BRACKET_DEPTH && !poisoned) {
        diagnostics.push(diag.nestingTooDeep(span(token), 'brackets', MAX_BRACKET_DEPTH));
        poisoned = true;
      }
    } else if (CLOSING.has(type)) {
      if ((open.get(type) ?? 0) === 0) {
        // A run of unmatched closers is one mistake: one diagnostic that covers the run.
        const run = unmatchedRun?.next === i ? unmatchedRun : undefined;
        if (run) diagnostics[run.index] = diag.unmatchedClosingBracket({ file, start: run.start, end: tokenEnd(token) }, run.image);
        else diagnostics.push(diag.unmatchedClosingBracket(span(token), token.image));
        unmatchedRun = { index: run?.index ?? diagnostics.length - 1, start: run?.start ?? token.startOffset, image: run?.image ?? token.image, next: i + 1 };
        bracketProblem = true;
        continue;
      }
      // `( [ )`: the `[` is the one that was never closed. Of several, the innermost is reported (as in
      // closeAll), and none under a nesting already reported as too deep. Each bracket is popped once: linear.
      for (let top = stack.pop()!, first = true; ; top = stack.pop()!, first = false) {
        count(top.closer, -1);
        if (top.closer === type) break;
        if (first && !poisoned) diagnostics.push(diag.unclosedBracket(span(top.token), top.token.image, undefined));
        bracketProblem = true;
        const fake = createTokenInstance(top.closer, '', token.startOffset, token.startOffset - 1, NaN, NaN, NaN, NaN);
        synthetic.add(fake);
        current.push(fake);
      }
    }
    current.push(token);
  }
  if (stack.length > 0) closeAll(undefined);
  endStatement(to);
  return statements;
}

/** Whether `offset` is at column 1 (a check of one character: it runs for every token inside brackets). */
function atLineStart(text: string, offset: number): boolean {
  const before = offset > 0 ? text.charCodeAt(offset - 1) : 10;
  return before === 10 || before === 13;
}

/**
 * The 1-based column (in UTF-16 code units) of `offset`: lines end at `\r\n`, `\r` or `\n`, as chevrotain counts
 * them. Asked once per statement, whose first token starts its line (after blanks): linear in the file.
 */
function columnAt(text: string, offset: number): number {
  return offset - lineStart(text, offset) + 1;
}

/** Where the line holding `offset` starts (after `\n`, `\r` or `\r\n`). */
export function lineStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0) {
    const c = text.charCodeAt(start - 1);
    if (c === 10 || c === 13) break;
    start--;
  }
  return start;
}

/**
 * A line inside brackets that starts at column 1 with `import` or `name =`. Written `name=value` right
 * after `(`, `[`, `{` or `,` it is most likely a keyword argument (the way PEP 8 writes them, and the
 * way pasted code has them at column 1); `name = value` with spaces, or anywhere else, starts a binding.
 */
function isCutPoint(tokens: readonly IToken[], i: number, from: number): boolean {
  const token = tokens[i]!;
  if (token.tokenType === Import) return true;
  const equals = tokens[i + 1];
  if (token.tokenType !== Identifier || equals?.tokenType !== Equals) return false;
  if (equals.startOffset > tokenEnd(token)) return true;
  let k = i - 1;
  while (k >= from && tokens[k]!.tokenType === Newline) k--;
  const before = k >= from ? tokens[k]!.tokenType : undefined;
  return before === undefined || !(OPENING.has(before) || before === Comma);
}
