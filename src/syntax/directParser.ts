/**
 * A statement without a mistake, straight to its AST: a recursive-descent parser for the same grammar as
 * parser.ts, that declines (returns undefined) anything it is not sure of, and then parser.ts and toAst.ts
 * parse the statement as before.
 *
 * Why: chevrotain's parser builds a concrete tree that toAst.ts then walks, and analyses the grammar on
 * every start (issue 14: start-up and scale). Nearly every statement of a real file is written right; for
 * those this parser is ~10× faster and needs no grammar analysis, so a file without syntax errors never
 * builds chevrotain's parser at all (parser.ts builds it on first use).
 *
 * chevrotain's grammar stays the definition of the language, and its error recovery and messages are
 * untouched: this parser only takes statements that chevrotain parses without an error AND for which
 * toAst.ts reports nothing, and gives exactly the AST toAst.ts would give (the same nodes, spans and key
 * order). It declines at the first thing outside that: a token it does not expect, an unterminated or
 * layout-inserted token, `[...]` indexing, `*` unpacking, a positional argument after a keyword, an
 * expression statement, a target that is not a name, an invalid escape, a chain or nesting deep enough
 * for toAst.ts's depth limit. test/syntax/directParser.test.ts compares the two on generated statements.
 */
import type { IToken, TokenType } from 'chevrotain';
import type * as Ast from './ast.js';
import type { Span } from '../diagnostics/diagnostic.js';
import { decodeStringLiteral } from './strings.js';
import { MAX_EXPRESSION_DEPTH } from './toAst.js';
import {
  Colon,
  Comma,
  Dot,
  Equals,
  False,
  Identifier,
  Import,
  LBrace,
  LBracket,
  LParen,
  None,
  NumberLiteral,
  RBrace,
  RBracket,
  RParen,
  Slash,
  StringLiteral,
  True,
} from './tokens.js';

/** Thrown to decline; caught once, in `parseDirectly`. */
const DECLINE = Symbol('decline');

/** A parsed piece: its AST and the tokens it covered (chevrotain's node location: first token to last). */
interface Parsed<T> {
  readonly ast: T;
  /** Start offset of its first token. */
  readonly from: number;
  /** Half-open end of its last token. */
  readonly to: number;
}

/** The statement's AST, or undefined where the statement must go through chevrotain (see above). */
export function parseDirectly(tokens: readonly IToken[], file: string): Ast.Statement | undefined {
  // Tokens the layout pass inserted are zero-width (`image` ''); every real token has text.
  for (const token of tokens) if (token.image === '') return undefined;
  try {
    return new DirectParser(tokens, file).statement();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

class DirectParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly file: string,
  ) {}

  statement(): Ast.Statement {
    const first = this.tokens[0];
    if (first === undefined) throw DECLINE;
    if (first.tokenType === Import) {
      this.at++;
      const path = this.strings();
      this.end();
      return { kind: 'Import', span: this.join(this.tokenSpan(first), path.ast.span), path: path.ast };
    }
    const target = this.expression(0).ast;
    // An expression alone (toAst.ts reports it) or a target that is not a plain name: chevrotain's way.
    if (target.kind !== 'Name' || this.peek() !== Equals) throw DECLINE;
    this.at++;
    const value = this.expression(0).ast;
    this.end();
    const name: Ast.Identifier = { kind: 'Identifier', span: target.span, name: target.name };
    return { kind: 'Binding', span: this.join(target.span, value.span), name, value };
  }

  /** expression : postfix ("/" postfix)*   (toAst.ts's `expression`, with its depth count) */
  private expression(depth: number): Parsed<Ast.Expr> {
    const first = this.postfix(depth);
    let result = first.ast;
    let to = first.to;
    while (this.peek() === Slash) {
      this.at++;
      if (++depth > MAX_EXPRESSION_DEPTH) throw DECLINE;
      const right = this.postfix(depth);
      result = { kind: 'PathJoin', span: this.join(result.span, right.ast.span), left: result, right: right.ast };
      to = right.to;
    }
    return { ast: result, from: first.from, to };
  }

  /** postfix : primary trailer*   where trailer : "." NAME | "(" arguments? ")" */
  private postfix(depth: number): Parsed<Ast.Expr> {
    const primary = this.primary(depth + 1);
    let result = primary.ast;
    let to = primary.to;
    for (let type = this.peek(); type === Dot || type === LParen; type = this.peek()) {
      if (++depth > MAX_EXPRESSION_DEPTH) throw DECLINE;
      const opener = this.tokens[this.at++]!;
      if (type === Dot) {
        const name = this.expect(Identifier);
        to = end(name);
        const span = this.join(result.span, this.span(opener.startOffset, to));
        result = { kind: 'Member', span, object: result, property: { kind: 'Identifier', span: this.tokenSpan(name), name: name.image } };
      } else {
        const args = this.peek() === RParen ? [] : this.arguments(depth + 1);
        to = end(this.expect(RParen));
        result = { kind: 'Call', span: this.join(result.span, this.span(opener.startOffset, to)), callee: result, args };
      }
    }
    // `[` (indexing) is reported by toAst.ts.
    return { ast: result, from: primary.from, to };
  }

  /** arguments : argument ("," argument)* ","?   (inside a call's brackets) */
  private arguments(depth: number): Ast.Arg[] {
    const args: Ast.Arg[] = [];
    let keywords = false;
    for (;;) {
      const start = this.tokens[this.at];
      if (start === undefined) throw DECLINE;
      if (start.tokenType === Identifier && this.peek(1) === Equals) {
        this.at += 2;
        const value = this.expression(depth);
        const name: Ast.Identifier = { kind: 'Identifier', span: this.tokenSpan(start), name: start.image };
        args.push({ kind: 'Keyword', span: this.span(start.startOffset, value.to), name, value: value.ast });
        keywords = true;
      } else {
        // `*`/`**` unpacking and a positional argument after a keyword are reported by toAst.ts.
        if (keywords) throw DECLINE;
        const value = this.expression(depth);
        args.push({ kind: 'Positional', span: this.span(start.startOffset, value.to), value: value.ast });
      }
      if (this.peek() !== Comma) return fitted(args);
      this.at++;
      if (this.peek() === RParen) return fitted(args);
    }
  }

  private primary(depth: number): Parsed<Ast.Expr> {
    const token = this.tokens[this.at];
    if (token === undefined) throw DECLINE;
    const type = token.tokenType;
    const from = token.startOffset;
    if (type === Identifier) {
      this.at++;
      return { ast: { kind: 'Name', span: this.tokenSpan(token), name: token.image }, from, to: end(token) };
    }
    if (type === StringLiteral) return this.strings();
    if (type === NumberLiteral) {
      this.at++;
      const ast: Ast.Num = { kind: 'Num', span: this.tokenSpan(token), value: Number(token.image), text: token.image, isInteger: !token.image.includes('.') };
      return { ast, from, to: end(token) };
    }
    if (type === True || type === False) {
      this.at++;
      return { ast: { kind: 'Bool', span: this.tokenSpan(token), value: type === True }, from, to: end(token) };
    }
    if (type === None) {
      this.at++;
      return { ast: { kind: 'None', span: this.tokenSpan(token) }, from, to: end(token) };
    }
    if (type === LParen) {
      this.at++;
      const items = this.items(RParen, depth);
      const to = end(this.expect(RParen));
      // One item without a trailing comma is the item itself, brackets and all left out of its span.
      if (items.items.length === 1 && !items.trailingComma) return { ast: items.items[0]!, from, to };
      return { ast: { kind: 'Tuple', span: this.span(from, to), items: items.items }, from, to };
    }
    if (type === LBracket) {
      this.at++;
      const items = this.items(RBracket, depth);
      const to = end(this.expect(RBracket));
      return { ast: { kind: 'List', span: this.span(from, to), items: items.items }, from, to };
    }
    if (type === LBrace) {
      this.at++;
      const entries = this.entries(depth);
      const to = end(this.expect(RBrace));
      return { ast: { kind: 'Dict', span: this.span(from, to), entries }, from, to };
    }
    throw DECLINE;
  }

  /** items : expression ("," expression)* ","?   (or nothing), up to `closer` */
  private items(closer: TokenType, depth: number): { items: Ast.Expr[]; trailingComma: boolean } {
    const items: Ast.Expr[] = [];
    if (this.peek() === closer) return { items, trailingComma: false };
    for (;;) {
      items.push(this.expression(depth + 1).ast);
      if (this.peek() !== Comma) return { items: fitted(items), trailingComma: false };
      this.at++;
      if (this.peek() === closer) return { items: fitted(items), trailingComma: true };
    }
  }

  /** (entry ("," entry)* ","?)?   where entry : expression ":" expression */
  private entries(depth: number): Ast.DictEntry[] {
    const entries: Ast.DictEntry[] = [];
    if (this.peek() === RBrace) return entries;
    for (;;) {
      const key = this.expression(depth + 1);
      this.expect(Colon);
      const value = this.expression(depth + 1);
      entries.push({ span: this.span(key.from, value.to), key: key.ast, value: value.ast });
      if (this.peek() !== Comma) return fitted(entries);
      this.at++;
      if (this.peek() === RBrace) return fitted(entries);
    }
  }

  /** STRING+ : adjacent literals are one string, as in Python. */
  private strings(): Parsed<Ast.Str> {
    const first = this.tokens[this.at];
    if (first?.tokenType !== StringLiteral) throw DECLINE;
    let value = '';
    let unsupportedPrefix: Ast.Str['unsupportedPrefix'];
    let last = first;
    for (let token: IToken | undefined = first; token?.tokenType === StringLiteral; token = this.tokens[++this.at]) {
      const decoded = decodeStringLiteral(token.image, this.file, token.startOffset, true);
      // An invalid escape is reported by toAst.ts.
      if (decoded.diagnostics.length > 0) throw DECLINE;
      value += decoded.value;
      if (/[fb]/.test(decoded.prefix)) unsupportedPrefix ??= { prefix: decoded.prefix, span: this.tokenSpan(token) };
      last = token;
    }
    const to = end(last);
    const ast: Ast.Str = { kind: 'Str', span: this.span(first.startOffset, to), value, ...(unsupportedPrefix ? { unsupportedPrefix } : {}) };
    return { ast, from: first.startOffset, to };
  }

  private peek(ahead = 0): TokenType | undefined {
    return this.tokens[this.at + ahead]?.tokenType;
  }

  private expect(type: TokenType): IToken {
    const token = this.tokens[this.at];
    if (token?.tokenType !== type) throw DECLINE;
    this.at++;
    return token;
  }

  /** All of the statement's tokens were used (chevrotain: no "not all input parsed"). */
  private end(): void {
    if (this.at !== this.tokens.length) throw DECLINE;
  }

  private span(start: number, to: number): Span {
    return { file: this.file, start, end: to };
  }

  private tokenSpan(token: IToken): Span {
    return { file: this.file, start: token.startOffset, end: end(token) };
  }

  private join(from: Span, to: Span): Span {
    return { file: this.file, start: Math.min(from.start, to.start), end: Math.max(from.end, to.end) };
  }
}

/**
 * A copy of a list built by `push`, as long as it is: V8 gives a pushed-to array room for 17 items, and the
 * AST keeps its lists (three quarters of a 10,000-image program's list memory was that room).
 */
function fitted<T>(list: T[]): T[] {
  return list.slice();
}

/** Half-open end of a real token (tokens.ts's `tokenEnd`, for a token that has text). */
function end(token: IToken): number {
  return token.startOffset + token.image.length;
}
