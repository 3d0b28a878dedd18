/**
 * What the formatter needs from the source besides the AST, which forgets it: where brackets and dots
 * are, whether a bracket list ends with a comma, the pieces of implicitly joined strings, and where the
 * comments are.
 */
import type { IToken } from 'chevrotain';
import type { Comment } from '../syntax/ast.js';
import type { LexedStatement } from '../syntax/lexer.js';
import { Comma, StringLiteral, tokenEnd } from '../syntax/tokens.js';

export class SourceIndex {
  /** Every token written in the source (none the layout pass inserted), in order. */
  private readonly tokens: readonly IToken[];
  /** Start and end of every statement's written tokens, in order. */
  private readonly statements: readonly { readonly start: number; readonly end: number }[];

  constructor(
    readonly text: string,
    statements: readonly LexedStatement[],
    readonly comments: readonly Comment[],
  ) {
    const written = statements.map((s) => s.tokens.filter((t) => t.image !== '' && Number.isFinite(t.startOffset)));
    this.tokens = written.flat();
    this.statements = written.filter((t) => t.length > 0).map((t) => ({ start: t[0]!.startOffset, end: tokenEnd(t[t.length - 1]!) }));
  }

  /** End of the last token of the statement that contains `offset` (a closing `)` the AST does not keep). */
  statementEnd(offset: number): number {
    return this.statements.find((s) => s.start <= offset && offset < s.end)?.end ?? offset;
  }

  /** The statements as the lexer cut them, for finding ones the parser skipped. */
  statementRanges(): readonly { readonly start: number; readonly end: number }[] {
    return this.statements;
  }

  /** Index of the first token starting at or after `offset`. */
  private firstAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.tokens[mid]!.startOffset < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Start of the first token at or after `offset` (e.g. the `(` after a callee). */
  nextTokenStart(offset: number): number {
    return this.tokens[this.firstAtOrAfter(offset)]?.startOffset ?? offset;
  }

  /** Start of the last token before `offset` (e.g. the `.` before a property name). */
  previousTokenStart(offset: number): number {
    return this.tokens[this.firstAtOrAfter(offset) - 1]?.startOffset ?? offset;
  }

  /** True when the token before the closing bracket at `closer` is a comma: the list was written one item per line. */
  hasTrailingComma(closer: number): boolean {
    const i = this.firstAtOrAfter(closer);
    return this.tokens[i - 1]?.tokenType === Comma;
  }

  /** The literals an (implicitly concatenated) string is made of, as written. */
  stringPieces(start: number, end: number): { readonly text: string; readonly start: number; readonly end: number }[] {
    const pieces = [];
    for (let i = this.firstAtOrAfter(start); i < this.tokens.length && this.tokens[i]!.startOffset < end; i++) {
      const t = this.tokens[i]!;
      if (t.tokenType === StringLiteral) pieces.push({ text: t.image, start: t.startOffset, end: tokenEnd(t) });
    }
    return pieces;
  }

  hasCommentIn(start: number, end: number): boolean {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.comments[mid]!.span.start < start) low = mid + 1;
      else high = mid;
    }
    const first = this.comments[low];
    return first !== undefined && first.span.start < end;
  }
}
