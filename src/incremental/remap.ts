/**
 * Moves the spans of results an earlier analysis made (ASTs, values, diagnostics) to where their text is
 * after an edit. Results are plain readonly data, so a span is any object holding exactly `file`, `start`
 * and `end`. Objects are copied only when something inside them moved, and each object is copied once, so
 * shared structure stays shared (derived images hold their base's layer objects: `distinctLayers` relies on it).
 */
import type { TextChange } from './textChange.js';

/** A reused result had a span inside the edited text: a bug in deciding what to reuse; the caller starts afresh. */
export class StaleSpanError extends Error {}

export class SpanRemapper {
  private readonly moved = new Map<object, object>();

  constructor(private readonly change: TextChange) {}

  /** `value` with every span of the edited file moved; the same object when nothing in it moved. */
  remap<T>(value: T): T {
    // Spans that do not touch the change only move when the text's length changed.
    if (this.change.delta === 0) return value;
    return this.visit(value) as T;
  }

  /**
   * The same for a tree in which nothing is shared (a statement's AST and diagnostics): nothing is
   * remembered, which saves the bookkeeping.
   */
  remapTree<T>(value: T): T {
    if (this.change.delta === 0) return value;
    return this.visitTree(value) as T;
  }

  private visitTree(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (isSpan(value)) return value.file === this.change.file ? this.moveSpan(value) : value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const next = this.visitTree(item);
        if (next !== item) (copy ??= value.slice())[i] = next;
      }
      return copy ?? value;
    }
    if ((value as object).constructor !== Object) return value;
    let copy: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      const next = this.visitTree(item);
      if (next !== item) (copy ??= { ...record })[key] = next;
    }
    return copy ?? value;
  }

  private visit(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    // Spans are leaves and never compared by identity: moved without being remembered.
    if (isSpan(value)) return value.file === this.change.file ? this.moveSpan(value) : value;
    const known = this.moved.get(value);
    if (known) return known;
    let result: unknown;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const next = this.visit(item);
        if (next !== item) (copy ??= value.slice())[i] = next;
      }
      result = copy ?? value;
    } else if ((value as object).constructor !== Object) {
      result = value; // Maps, sets and class instances carry no spans of the source.
    } else {
      let copy: Record<string, unknown> | undefined;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        const item = record[key];
        const next = this.visit(item);
        if (next !== item) (copy ??= { ...record })[key] = next;
      }
      result = copy ?? value;
    }
    this.moved.set(value, result as object);
    return result;
  }

  private moveSpan(span: { file: string; start: number; end: number }): object {
    const { start, oldEnd, delta } = this.change;
    if (span.end <= start) return span;
    if (span.start >= oldEnd && delta === 0) return span;
    if (span.start >= oldEnd) return { file: span.file, start: span.start + delta, end: span.end + delta };
    throw new StaleSpanError(`a reused span ${span.start}–${span.end} touches the edit at ${start}–${oldEnd}`);
  }
}

function isSpan(value: object): value is { file: string; start: number; end: number } {
  const v = value as Record<string, unknown>;
  return typeof v['start'] === 'number' && typeof v['end'] === 'number' && typeof v['file'] === 'string' && Object.keys(v).length === 3;
}
