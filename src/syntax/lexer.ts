/**
 * Lexing and layout. Chevrotain turns text into tokens; the layout pass then cuts the token stream into
 * statements the way Python does (a line break ends a statement except inside brackets, after a `\`, or
 * before a line starting with `.`), and repairs brackets so that one broken line cannot swallow the rest
 * of the file: a line that starts at column 1 with `name =` or `import` always starts a new statement.
 */
import type { IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { SourceFile } from '../source.js';
import { CLOSING, Comment, Dot, Equals, Identifier, Import, Newline, OPENING, UnterminatedString, allTokens, tokenEnd } from './tokens.js';

export const MAX_BRACKET_DEPTH = 64;

const { Lexer, createTokenInstance } = chevrotain;
const lexer = new Lexer(allTokens as TokenType[], { positionTracking: 'full', ensureOptimizations: false });

export interface LexedStatement {
  readonly tokens: readonly IToken[];
  /** Set when layout already reported a problem that makes parsing pointless (nesting too deep). */
  readonly poisoned: boolean;
}

export interface Lexed {
  readonly statements: readonly LexedStatement[];
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
  /** Tokens the layout pass inserted (closing brackets) and that exist nowhere in the text. */
  readonly synthetic: ReadonlySet<IToken>;
}

export function lex(source: SourceFile): Lexed {
  const file = source.path;
  const result = lexer.tokenize(source.text);
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
  const layout = layoutStatements(result.tokens, file);
  return {
    statements: layout.statements,
    comments: (result.groups['comments'] ?? []).filter((t) => t.tokenType === Comment),
    diagnostics: [...diagnostics, ...layout.diagnostics],
    synthetic: layout.synthetic,
  };
}

interface OpenBracket {
  readonly token: IToken;
  readonly closer: TokenType;
}

function layoutStatements(tokens: readonly IToken[], file: string) {
  const statements: LexedStatement[] = [];
  const diagnostics: Diagnostic[] = [];
  const synthetic = new Set<IToken>();
  let current: IToken[] = [];
  let poisoned = false;
  let stack: OpenBracket[] = [];

  const endOf = (t: IToken | undefined) => (t ? tokenEnd(t) : 0);
  const span = (t: IToken) => ({ file, start: t.startOffset, end: tokenEnd(t) });
  const closeAll = (endedBy: IToken | undefined) => {
    const at = endOf(current[current.length - 1]);
    // An unterminated string or a too-deep nesting already explains the missing bracket, and of several
    // unclosed brackets the innermost is reported: one mistake, one diagnostic.
    const explained = poisoned || current.some((t) => t.tokenType === UnterminatedString);
    const innermost = stack[stack.length - 1];
    if (innermost && !explained) diagnostics.push(diag.unclosedBracket(span(innermost.token), innermost.token.image, endedBy ? { file, start: at, end: at } : undefined));
    for (let k = stack.length - 1; k >= 0; k--) {
      const open = stack[k]!;
      const closer = createTokenInstance(open.closer, '', at, at - 1, NaN, NaN, NaN, NaN);
      synthetic.add(closer);
      current.push(closer);
    }
    stack = [];
  };
  const endStatement = () => {
    if (current.length > 0) statements.push({ tokens: current, poisoned });
    current = [];
    poisoned = false;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === Newline) {
      if (stack.length > 0) continue;
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.tokenType === Newline) j++;
      if (tokens[j]?.tokenType === Dot) {
        i = j - 1;
        continue;
      }
      endStatement();
      continue;
    }
    if (stack.length > 0 && token.startColumn === 1 && startsStatement(tokens, i)) {
      closeAll(token);
      endStatement();
    }
    const closer = OPENING.get(type);
    if (closer) {
      stack.push({ token, closer });
      if (stack.length > MAX_BRACKET_DEPTH && !poisoned) {
        diagnostics.push(diag.nestingTooDeep(span(token), 'brackets', MAX_BRACKET_DEPTH));
        poisoned = true;
      }
    } else if (CLOSING.has(type)) {
      const match = findLastIndex(stack, (open) => open.closer === type);
      if (match < 0) {
        diagnostics.push(diag.unmatchedClosingBracket(span(token), token.image));
        continue;
      }
      if (match < stack.length - 1) {
        // `( [ )`: the `[` is the one that was never closed.
        const inner = stack.slice(match + 1);
        stack = stack.slice(0, match + 1);
        for (let k = inner.length - 1; k >= 0; k--) {
          const open = inner[k]!;
          diagnostics.push(diag.unclosedBracket(span(open.token), open.token.image, undefined));
          const fake = createTokenInstance(open.closer, '', token.startOffset, token.startOffset - 1, NaN, NaN, NaN, NaN);
          synthetic.add(fake);
          current.push(fake);
        }
      }
      stack.pop();
    }
    current.push(token);
  }
  if (stack.length > 0) closeAll(undefined);
  endStatement();
  return { statements, diagnostics, synthetic };
}

function startsStatement(tokens: readonly IToken[], i: number): boolean {
  const token = tokens[i]!;
  if (token.tokenType === Import) return true;
  return token.tokenType === Identifier && tokens[i + 1]?.tokenType === Equals;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (predicate(items[k]!)) return k;
  return -1;
}
