/**
 * The canonical layout (docs/formatting.md). Every expression is written on one line when it fits in
 * WIDTH columns and holds no comment and no "magic" trailing comma; otherwise its brackets are broken,
 * one item per line with a trailing comma. A binding whose value is a chain of two or more calls is
 * always a parenthesised chain with one call per line.
 */
import type * as Ast from '../syntax/ast.js';
import { BUILTIN_NAMES } from '../syntax/builtins.js';
import { assertNever } from '../util/invariant.js';
import { canonicalQuotes } from './quotes.js';
import type { SourceIndex } from './sourceIndex.js';
import { Writer } from './writer.js';

export const WIDTH = 100;

/** A statement the parser skips with a warning (a pasted Python import): kept exactly as written. */
export interface VerbatimStatement {
  readonly kind: 'Verbatim';
  readonly span: { readonly start: number; readonly end: number };
  readonly text: string;
}

export type TopLevel = Ast.Statement | VerbatimStatement;

type Trailer = { readonly kind: 'member'; readonly node: Ast.Member } | { readonly kind: 'call'; readonly node: Ast.Call };

interface Segment {
  /** Where the segment starts in the source: the root, or the `.` of its first trailer. */
  readonly start: number;
  readonly root?: Ast.Expr;
  readonly trailers: readonly Trailer[];
}

/** One item of a broken bracket list. */
interface Item {
  readonly start: number;
  readonly end: number;
  print(after: number): void;
}

export function printFile(statements: readonly TopLevel[], index: SourceIndex, comments: readonly Ast.Comment[]): string {
  const printer = new Printer(index, new Writer(index.text, comments));
  statements.forEach((statement, i) => printer.statement(statement, i === 0));
  return printer.finish();
}

class Printer {
  constructor(
    private readonly index: SourceIndex,
    private readonly w: Writer,
  ) {}

  finish(): string {
    return this.w.finish();
  }

  statement(statement: TopLevel, first: boolean): void {
    this.w.statementBreak(statement.span.start, first);
    switch (statement.kind) {
      case 'Verbatim':
        this.w.write(statement.text);
        break;
      case 'Import':
        this.w.write(`import ${this.stringText(statement.path)}`);
        break;
      case 'Binding':
        this.binding(statement);
        break;
      default:
        assertNever(statement);
    }
    this.w.wrote(statement.span.end);
  }

  private binding(binding: Ast.Binding): void {
    this.w.write(`${binding.name.name} = `);
    this.w.wrote(binding.name.span.end);
    const value = binding.value;
    const segments = isSpine(value) ? this.segments(value) : [];
    const end = this.index.statementEnd(binding.span.start);
    if (segments.length >= 2 && callCount(value) >= 2) return this.parenthesised(segments.map((s) => this.segmentItem(s)), end);
    const flat = this.flat(value);
    if (value.kind === 'Str' && !(flat !== undefined && this.fits(flat, 0)) && this.index.stringPieces(value.span.start, value.span.end).length > 1) {
      return this.parenthesised(this.stringPieceItems(value), end);
    }
    this.expr(value, 0, false);
  }

  /**
   * `(` + one item per line, without commas + `)`: a chain or joined string pieces as a binding's value.
   * Comments up to the statement's last token (`end`) go inside.
   */
  private parenthesised(items: readonly Item[], end: number): void {
    this.w.write('(');
    this.w.indent();
    items.forEach((item, i) => {
      this.w.lineBreak(item.start, { keepBlank: i > 0 });
      item.print(0);
      this.w.wrote(item.end);
    });
    this.w.lineBreak(end, { keepBlank: false, dedent: true });
    this.w.write(')');
    this.w.wrote(end);
  }

  // ── expressions ────────────────────────────────────────────────────────────

  /** Writes `e`; `after` is how many characters follow it on the same line; `inBrackets` allows line breaks. */
  private expr(e: Ast.Expr, after: number, inBrackets: boolean): void {
    const flat = this.flat(e);
    if (flat !== undefined && this.fits(flat, after)) {
      this.w.write(flat);
      this.w.wrote(e.span.end);
      return;
    }
    switch (e.kind) {
      case 'Member':
      case 'Call':
        return this.spine(e, after, inBrackets);
      case 'List':
        return this.bracketed('[', ']', e.span.start, e.span.end - 1, e.items.map((item) => this.exprItem(item)));
      case 'Tuple':
        return this.bracketed('(', ')', e.span.start, e.span.end - 1, e.items.map((item) => this.exprItem(item)));
      case 'Dict':
        return this.bracketed('{', '}', e.span.start, e.span.end - 1, e.entries.map((entry) => this.entryItem(entry)));
      case 'PathJoin':
        this.expr(e.left, 3, inBrackets);
        this.w.write(' / ');
        return this.operand(e.right, after, inBrackets, e.right.kind === 'PathJoin');
      case 'Str':
        return this.string(e, inBrackets);
      case 'Name':
      case 'Num':
      case 'Bool':
      case 'None':
      case 'Missing':
        this.w.write(flat ?? '');
        this.w.wrote(e.span.end);
        return;
      default:
        return assertNever(e);
    }
  }

  /** A chain `root.a(...).b(...)`: on one line, or one call per line when it is too long (inside brackets only). */
  private spine(e: Ast.Member | Ast.Call, after: number, inBrackets: boolean): void {
    const segments = this.segments(e);
    const breaks = inBrackets && segments.length >= 2 && callCount(e) >= 2;
    segments.forEach((segment, i) => {
      if (i > 0 && breaks) {
        if (i === 1) this.w.indent();
        this.w.lineBreak(segment.start, { keepBlank: false });
      }
      this.segment(segment, i === segments.length - 1 ? after : 0);
    });
    if (breaks) this.w.dedent();
  }

  private segment(segment: Segment, after: number): void {
    if (segment.root) this.operand(segment.root, 0, false, segment.root.kind === 'PathJoin');
    segment.trailers.forEach((trailer, i) => {
      const last = i === segment.trailers.length - 1;
      if (trailer.kind === 'member') {
        this.w.write(`.${trailer.node.property.name}`);
        this.w.wrote(trailer.node.property.span.end);
      } else {
        this.callArguments(trailer.node, last ? after : 0);
      }
    });
  }

  private callArguments(call: Ast.Call, after: number): void {
    const open = this.index.nextTokenStart(call.callee.span.end);
    const close = call.span.end - 1;
    const args = call.args;
    const flat = this.flatArguments(call);
    if (flat !== undefined && this.fits(flat, after)) {
      this.w.write(flat);
      this.w.wrote(call.span.end);
      return;
    }
    const only = args.length === 1 ? args[0]! : undefined;
    // A single list or dict hugs the parentheses: `with_commands([` ... `])`.
    if (
      only?.kind === 'Positional' &&
      (only.value.kind === 'List' || only.value.kind === 'Dict') &&
      !this.index.hasTrailingComma(close) &&
      !this.index.hasCommentIn(open, only.span.start) &&
      !this.index.hasCommentIn(only.span.end, close)
    ) {
      this.w.write('(');
      this.w.wrote(open + 1);
      this.expr(only.value, after + 1, true);
      this.w.write(')');
      this.w.wrote(call.span.end);
      return;
    }
    this.bracketed('(', ')', open, close, args.map((arg) => this.argumentItem(arg)));
  }

  /** `open`, then one item per line, each with a trailing comma, then `close` on its own line. */
  private bracketed(open: string, close: string, openAt: number, closeAt: number, items: readonly Item[]): void {
    this.w.write(open);
    this.w.wrote(openAt + 1);
    this.w.indent();
    items.forEach((item, i) => {
      this.w.lineBreak(item.start, { keepBlank: i > 0 });
      item.print(1);
      this.w.write(',');
      this.w.wrote(item.end);
    });
    this.w.lineBreak(closeAt, { keepBlank: false, dedent: true });
    this.w.write(close);
    this.w.wrote(closeAt + 1);
  }

  /** A joined string: its pieces on one line, or one per line inside brackets. */
  private string(e: Ast.Str, inBrackets: boolean): void {
    const pieces = this.index.stringPieces(e.span.start, e.span.end);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (inBrackets) this.w.lineBreak(piece.start, { keepBlank: false });
        else this.w.write(' ');
      }
      this.w.write(canonicalQuotes(piece.text));
      this.w.wrote(piece.end);
    });
  }

  /** A path join used as the object of `.` or `(...)`, or right of another `/`, gets its parentheses back. */
  private operand(e: Ast.Expr, after: number, inBrackets: boolean, parenthesise: boolean): void {
    if (!parenthesise) return this.expr(e, after, inBrackets);
    this.w.write('(');
    this.expr(e, after + 1, inBrackets);
    this.w.write(')');
  }

  // ── items of broken lists ──────────────────────────────────────────────────

  private exprItem(e: Ast.Expr): Item {
    return { start: e.span.start, end: e.span.end, print: (after) => this.expr(e, after, true) };
  }

  private argumentItem(arg: Ast.Arg): Item {
    return {
      start: arg.span.start,
      end: arg.span.end,
      print: (after) => {
        if (arg.kind === 'Keyword') {
          this.w.write(`${arg.name.name}=`);
          this.w.wrote(arg.name.span.end);
        }
        this.expr(arg.value, after, true);
      },
    };
  }

  private entryItem(entry: Ast.DictEntry): Item {
    return {
      start: entry.span.start,
      end: entry.span.end,
      print: (after) => {
        this.expr(entry.key, 2, true);
        this.w.write(': ');
        this.expr(entry.value, after, true);
      },
    };
  }

  private segmentItem(segment: Segment): Item {
    const last = segment.trailers[segment.trailers.length - 1];
    const end = last ? last.node.span.end : segment.root!.span.end;
    return { start: segment.start, end, print: (after) => this.segment(segment, after) };
  }

  private stringPieceItems(e: Ast.Str): Item[] {
    return this.index.stringPieces(e.span.start, e.span.end).map((piece) => ({
      start: piece.start,
      end: piece.end,
      print: () => this.w.write(canonicalQuotes(piece.text)),
    }));
  }

  // ── one-line forms ─────────────────────────────────────────────────────────

  private fits(text: string, after: number): boolean {
    return !text.includes('\n') && this.w.column + text.length + after <= WIDTH;
  }

  /** `e` on one line, or undefined when it must not be: a comment inside, a trailing comma, a multi-line string. */
  private flat(e: Ast.Expr): string | undefined {
    if (this.index.hasCommentIn(e.span.start, e.span.end)) return undefined;
    switch (e.kind) {
      case 'Name':
        return e.name;
      case 'Num':
        return e.text;
      case 'Bool':
        return e.value ? 'True' : 'False';
      case 'None':
        return 'None';
      case 'Missing':
        return undefined;
      case 'Str': {
        const text = this.stringText(e);
        return text.includes('\n') ? undefined : text;
      }
      case 'Member': {
        const object = this.flatOperand(e.object);
        return object === undefined ? undefined : `${object}.${e.property.name}`;
      }
      case 'Call': {
        const callee = this.flatOperand(e.callee);
        const args = this.flatArguments(e);
        return callee === undefined || args === undefined ? undefined : callee + args;
      }
      case 'PathJoin': {
        const left = this.flat(e.left);
        const right = this.flat(e.right);
        if (left === undefined || right === undefined) return undefined;
        return `${left} / ${e.right.kind === 'PathJoin' ? `(${right})` : right}`;
      }
      case 'Tuple':
        if (e.items.length === 1) {
          const item = this.flat(e.items[0]!);
          return item === undefined ? undefined : `(${item},)`;
        }
        return this.flatList('(', ')', e.items, e.span.end - 1);
      case 'List':
        return this.flatList('[', ']', e.items, e.span.end - 1);
      case 'Dict': {
        if (e.entries.length > 0 && this.index.hasTrailingComma(e.span.end - 1)) return undefined;
        const entries: string[] = [];
        for (const entry of e.entries) {
          const key = this.flat(entry.key);
          const value = this.flat(entry.value);
          if (key === undefined || value === undefined) return undefined;
          entries.push(`${key}: ${value}`);
        }
        return `{${entries.join(', ')}}`;
      }
      default:
        return assertNever(e);
    }
  }

  private flatOperand(e: Ast.Expr): string | undefined {
    const text = this.flat(e);
    return text !== undefined && e.kind === 'PathJoin' ? `(${text})` : text;
  }

  private flatList(open: string, close: string, items: readonly Ast.Expr[], closeAt: number): string | undefined {
    if (items.length > 0 && this.index.hasTrailingComma(closeAt)) return undefined;
    const texts: string[] = [];
    for (const item of items) {
      const text = this.flat(item);
      if (text === undefined) return undefined;
      texts.push(text);
    }
    return `${open}${texts.join(', ')}${close}`;
  }

  private flatArguments(call: Ast.Call): string | undefined {
    const close = call.span.end - 1;
    if (this.index.hasCommentIn(this.index.nextTokenStart(call.callee.span.end), close)) return undefined;
    if (call.args.length > 0 && this.index.hasTrailingComma(close)) return undefined;
    const texts: string[] = [];
    for (const arg of call.args) {
      const value = this.flat(arg.value);
      if (value === undefined) return undefined;
      texts.push(arg.kind === 'Keyword' ? `${arg.name.name}=${value}` : value);
    }
    return `(${texts.join(', ')})`;
  }

  private stringText(e: Ast.Str): string {
    return this.index
      .stringPieces(e.span.start, e.span.end)
      .map((p) => canonicalQuotes(p.text))
      .join(' ');
  }

  // ── chains ─────────────────────────────────────────────────────────────────

  /**
   * Cuts a chain into the parts that go on separate lines: a new part starts at every `.name(...)` once
   * the current part has a call, so each method gets a line; a builtin keeps its constructor
   * (`Image.from_base(...)`, `pathlib.Path(...)`).
   */
  private segments(e: Ast.Member | Ast.Call): Segment[] {
    const trailers: Trailer[] = [];
    let root: Ast.Expr = e;
    while (root.kind === 'Member' || root.kind === 'Call') {
      trailers.unshift(root.kind === 'Member' ? { kind: 'member', node: root } : { kind: 'call', node: root });
      root = root.kind === 'Member' ? root.object : root.callee;
    }
    const segments: { start: number; root?: Ast.Expr; trailers: Trailer[] }[] = [{ start: root.span.start, root, trailers: [] }];
    let hasCall = false;
    trailers.forEach((trailer, i) => {
      const current = segments[segments.length - 1]!;
      const startsMethodCall = trailer.kind === 'member' && trailers[i + 1]?.kind === 'call';
      const keepsConstructor = segments.length === 1 && current.trailers.length === 0 && root.kind === 'Name' && BUILTIN_NAMES.includes(root.name);
      if (startsMethodCall && (hasCall || !keepsConstructor)) {
        segments.push({ start: this.index.previousTokenStart(trailer.node.property.span.start), trailers: [trailer] });
        hasCall = false;
        return;
      }
      current.trailers.push(trailer);
      if (trailer.kind === 'call') hasCall = true;
    });
    return segments;
  }
}

function isSpine(e: Ast.Expr): e is Ast.Member | Ast.Call {
  return e.kind === 'Member' || e.kind === 'Call';
}

function callCount(e: Ast.Expr): number {
  let count = 0;
  for (let at: Ast.Expr = e; at.kind === 'Member' || at.kind === 'Call'; at = at.kind === 'Member' ? at.object : at.callee) if (at.kind === 'Call') count++;
  return count;
}
