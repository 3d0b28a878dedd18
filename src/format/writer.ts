/**
 * The formatter's output, line by line, and the one place comments are placed. The printer walks the tree
 * in source order and calls `lineBreak(next)` wherever it starts a new line; every comment written before
 * `next` in the source comes out there: at the end of the previous line if it was on the same source line
 * as the code before it, else on a line of its own. Comments therefore only ever end a line, so they can
 * never swallow code.
 */
import type { Comment } from '../syntax/ast.js';

export const INDENT = '    ';
const BLANK_LINE = /(?:\r\n|\r|\n)[ \t\f]*(?:\r\n|\r|\n)/;
const LINE_BREAK = /[\r\n]/;

export class Writer {
  private readonly lines: string[] = [];
  private line = '';
  private depth = 0;
  private nextComment = 0;
  /** End of the last piece of source written; decides whether a comment trails it or stands alone. */
  private sourceEnd = 0;

  constructor(
    private readonly text: string,
    private readonly comments: readonly Comment[],
  ) {}

  get column(): number {
    return this.line.length;
  }

  indent(): void {
    this.depth++;
  }

  dedent(): void {
    this.depth--;
  }

  /** `text` may hold line breaks (a triple-quoted string), kept exactly. */
  write(text: string): void {
    const parts = text.split('\n');
    this.line += parts[0];
    for (const part of parts.slice(1)) {
      this.lines.push(this.line);
      this.line = part;
    }
  }

  /** Marks the source up to `end` as written. */
  wrote(end: number): void {
    this.sourceEnd = Math.max(this.sourceEnd, end);
  }

  /**
   * Ends the line (after the comments that come before `next`) and starts one at the current indentation,
   * or one level out with `dedent` (before a closing bracket: the comments stay with the items).
   */
  lineBreak(next: number, options: { readonly keepBlank: boolean; readonly dedent?: boolean }): void {
    this.flushComments(next, options.keepBlank);
    if (options.dedent) this.depth--;
    this.newLine(options.keepBlank && this.blankBefore(next));
  }

  /** Between top-level statements: comments first, then one blank line if the source had any. */
  statementBreak(next: number, first: boolean): void {
    this.flushComments(next, true);
    if (first && this.lines.length === 0 && this.line === '') return;
    this.newLine(this.blankBefore(next));
  }

  /** The text, with every remaining comment, ending in exactly one line break. */
  finish(): string {
    this.flushComments(Number.POSITIVE_INFINITY, true);
    this.lines.push(this.line);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private flushComments(before: number, keepBlank: boolean): void {
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.span.start < before) {
      const comment = this.comments[this.nextComment++]!;
      const trails = this.line.trim() !== '' && comment.span.start >= this.sourceEnd && !LINE_BREAK.test(this.text.slice(this.sourceEnd, comment.span.start));
      if (trails) {
        this.line += `  #${comment.text.trimEnd()}`;
      } else {
        if (this.line.trim() !== '') this.newLine(keepBlank && this.blankBefore(comment.span.start));
        else if (keepBlank && this.blankBefore(comment.span.start) && this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.blankAbove();
        this.line = INDENT.repeat(this.depth) + `#${comment.text.trimEnd()}`;
      }
      this.wrote(comment.span.end);
    }
  }

  private blankBefore(next: number): boolean {
    return this.sourceEnd < next && BLANK_LINE.test(this.text.slice(this.sourceEnd, next));
  }

  private blankAbove(): void {
    this.lines.push('');
  }

  private newLine(blank: boolean): void {
    this.lines.push(this.line.trimEnd());
    if (blank) this.lines.push('');
    this.line = INDENT.repeat(this.depth);
  }
}
