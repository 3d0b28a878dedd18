/** A source file as the compiler sees it: a display path and its text (BOM removed, line endings kept). */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

const lineStartCache = new WeakMap<SourceFile, readonly number[]>();

/** Offsets at which each line starts; `\r\n`, `\r` and `\n` all end a line. */
export function lineStarts(source: SourceFile): readonly number[] {
  const cached = lineStartCache.get(source);
  if (cached) return cached;
  const starts = [0];
  const text = source.text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  lineStartCache.set(source, starts);
  return starts;
}

export function positionAt(source: SourceFile, offset: number): Position {
  const starts = lineStarts(source);
  const clamped = Math.max(0, Math.min(offset, source.text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: clamped - starts[low]! + 1 };
}

/** The text of a 1-based line without its line break. */
export function lineText(source: SourceFile, line: number): string {
  const starts = lineStarts(source);
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  const raw = source.text.slice(start, next ?? source.text.length);
  return raw.replace(/\r?\n$|\r$/, '');
}
