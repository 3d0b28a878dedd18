/**
 * Moves the spans of results an earlier analysis made (ASTs, values, diagnostics) to where their text is
 * after an edit. Results are plain data, so a span is any plain object holding exactly `file`, `start` and
 * `end`.
 *
 * Spans are moved in place, not copied: copying every object on the way to a span meant copying every
 * statement, value and diagnostic after the edit on each keystroke, and the garbage that made was most
 * of a re-check's time in a long file. This is sound because an analysis round uses the previous one up
 * (relex.ts moves its tokens in place too): nothing reads the previous round's results once the next one
 * has started. A span reachable along several paths (a value holding its statement's span, a layer
 * shared by derived images) is moved once: every span moved in a round is remembered. Identity is
 * kept, so the next round finds a reused statement, binding or layer as the very object it had before.
 *
 * What this asks of the rest of the code: an `Analysis` the incremental analyzer returned is not read
 * after the next one is asked for (the language server asks again only after an edit, and keeps nothing
 * across one), and no two analyses share an object holding a span of a `.flyimg` file (no module-level
 * cache of trees, values or diagnostics): test/incremental/ checks that a bystander analysis is untouched.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as Ast from '../syntax/ast.js';
import { forEachSpan } from '../syntax/walk.js';
import type { TextChange } from './textChange.js';

/** A reused result had a span inside the edited text: a bug in deciding what to reuse; the caller starts afresh. */
export class StaleSpanError extends Error {}

export class SpanRemapper {
  /** Every span moved in this round: each is moved once, however many objects hold it. */
  private readonly movedSpans = new Set<object>();
  /** Every other object visited by `remap` in this round: shared structure is walked once. */
  private readonly seen = new Set<object>();

  constructor(private readonly change: TextChange) {}

  /** `value`, with every span of the edited file that lies after the change moved (in place). */
  remap<T>(value: T): T {
    // Spans that do not touch the change only move when the text's length changed.
    if (this.change.delta !== 0) this.visit(value, this.seen);
    return value;
  }

  /**
   * The same for a tree whose only shared objects are spans (a statement's AST and diagnostics): its
   * other objects are not remembered, which saves the bookkeeping.
   */
  remapTree<T>(value: T): T {
    if (this.change.delta !== 0) this.visit(value, undefined);
    return value;
  }

  /** A statement's parse (its tree walked by kind, the quickest way to every span of it) and its diagnostics. */
  remapStatement<T extends { readonly statement: Ast.Statement | undefined; readonly diagnostics: readonly Diagnostic[] }>(parsed: T): T {
    if (this.change.delta === 0) return parsed;
    if (parsed.statement) forEachSpan(parsed.statement, this.moveOne);
    this.visit(parsed.diagnostics, undefined);
    return parsed;
  }

  private readonly moveOne = (span: { file: string; start: number; end: number }) => this.moveSpan(span);

  private visit(value: unknown, seen: Set<object> | undefined): void {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      if (seen) {
        if (seen.has(value)) return;
        seen.add(value);
      }
      for (let i = 0; i < value.length; i++) this.visit(value[i], seen);
      return;
    }
    // Maps, sets and class instances carry no spans of the source.
    if (value.constructor !== Object) return;
    const record = value as Record<string, unknown>;
    if (isSpan(record)) {
      this.moveSpan(record as { file: string; start: number; end: number });
      return;
    }
    if (seen) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    // Most spans are a node's, a label's or a value's `span`: moved without looking into them.
    const span = record['span'];
    if (typeof span === 'object' && span !== null && isSpan(span as Record<string, unknown>)) {
      this.moveSpan(span as { file: string; start: number; end: number });
      for (const key in record) if (key !== 'span') this.visit(record[key], seen);
      return;
    }
    for (const key in record) this.visit(record[key], seen);
  }

  private moveSpan(span: { file: string; start: number; end: number }): void {
    const { file, start, oldEnd, delta } = this.change;
    if (span.file !== file || span.end <= start || this.movedSpans.has(span)) return;
    if (span.start < oldEnd) throw new StaleSpanError(`a reused span ${span.start}–${span.end} touches the edit at ${start}–${oldEnd}`);
    this.movedSpans.add(span);
    span.start += delta;
    span.end += delta;
  }
}

/** Exactly the keys `file`, `start` and `end` (counted without allocating: this runs for every object after an edit). */
function isSpan(v: Record<string, unknown>): boolean {
  if (typeof v['start'] !== 'number' || typeof v['file'] !== 'string' || typeof v['end'] !== 'number') return false;
  let keys = 0;
  for (const _ in v) if (++keys > 3) return false;
  return true;
}
