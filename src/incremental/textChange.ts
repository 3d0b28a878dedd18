/**
 * One edit of one file, as the smallest changed range: the text before `start` and after the old
 * `oldEnd` (new `newEnd`) is the same in both versions. Found by comparing the texts, so it holds for any
 * way the editor sends its changes (ranges or the whole text).
 */
export interface TextChange {
  readonly file: string;
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** newEnd − oldEnd: how far the text after the change moved. */
  readonly delta: number;
}

const BLOCK = 512;

export function textChange(file: string, before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  // Whole blocks first (compared natively), then character by character: this runs on every keystroke.
  let start = 0;
  while (start + BLOCK <= shorter && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix + BLOCK <= shorter - start && before.slice(before.length - suffix - BLOCK, before.length - suffix) === after.slice(after.length - suffix - BLOCK, after.length - suffix)) suffix += BLOCK;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { file, start, oldEnd: before.length - suffix, newEnd: after.length - suffix, delta: after.length - before.length };
}

/**
 * Where a range of the new text was in the old one, when it lies wholly before or wholly after the change
 * (not touching it: a token ending at the change could have grown); else undefined.
 */
export function oldOffsetOf(change: TextChange, start: number, end: number): number | undefined {
  if (end < change.start) return start;
  if (start > change.newEnd) return start - change.delta;
  return undefined;
}
