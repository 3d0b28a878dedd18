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
 * shared by derived images) is moved once: every object visited in a round is remembered. Identity is
 * kept, so the next round finds a reused statement, binding or layer as the very object it had before.
 */
import type { TextChange } from './textChange.js';

/** A reused result had a span inside the edited text: a bug in deciding what to reuse; the caller starts afresh. */
export class StaleSpanError extends Error {}

export class SpanRemapper {
  /** Every object visited in this round (spans included): each is moved at most once. */
  private readonly seen = new Set<object>();

  constructor(private readonly change: TextChange) {}

  /** `value`, with every span of the edited file that lies after the change moved (in place). */
  remap<T>(value: T): T {
    // Spans that do not touch the change only move when the text's length changed.
    if (this.change.delta !== 0) this.visit(value);
    return value;
  }

  private visit(value: unknown): void {
    if (typeof value !== 'object' || value === null || this.seen.has(value)) return;
    this.seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.visit(value[i]);
      return;
    }
    // Maps, sets and class instances carry no spans of the source.
    if (value.constructor !== Object) return;
    const record = value as Record<string, unknown>;
    if (isSpan(record)) {
      if (record.file === this.change.file) this.moveSpan(record as { file: string; start: number; end: number });
      return;
    }
    for (const key in record) this.visit(record[key]);
  }

  private moveSpan(span: { file: string; start: number; end: number }): void {
    const { start, oldEnd, delta } = this.change;
    if (span.end <= start) return;
    if (span.start >= oldEnd) {
      span.start += delta;
      span.end += delta;
      return;
    }
    throw new StaleSpanError(`a reused span ${span.start}–${span.end} touches the edit at ${start}–${oldEnd}`);
  }
}

/** Exactly the keys `file`, `start` and `end` (counted without allocating: this runs for every object after an edit). */
function isSpan(v: Record<string, unknown>): boolean {
  if (typeof v['file'] !== 'string' || typeof v['start'] !== 'number' || typeof v['end'] !== 'number') return false;
  let keys = 0;
  for (const _ in v) if (++keys > 3) return false;
  return true;
}
