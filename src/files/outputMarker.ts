/**
 * The files that mark flyimgc's own output directories. An output directory holds OUTPUT_MARKER; a
 * temporary one being written holds WRITING_MARKER. Walks of source folders skip both kinds of directory
 * (an output inside the project must not feed the next tag), and only a marked directory is ever replaced.
 */
export const OUTPUT_MARKER = '.flyimgc-output';
export const WRITING_MARKER = '.flyimgc-writing';

/** Whether a directory with these entries is (or is becoming) a flyimgc output directory. */
export function isOutputDirectory(entries: readonly string[]): boolean {
  return entries.includes(OUTPUT_MARKER) || entries.includes(WRITING_MARKER);
}
