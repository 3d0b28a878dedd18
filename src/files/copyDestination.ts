/**
 * Where `COPY <file> <dst>` puts a single file, as Docker (and flyte-sdk, which writes `COPY src dst` as given)
 * decides: a destination that ends in `/`, or is `.`/`..` (the working directory or a parent), is a directory
 * the file goes into; any other destination is the file's own new path (`dst="/app/config.yaml"` makes the
 * file `/app/config.yaml`).
 */
import { posix } from 'node:path';

export function isDirectoryDestination(dst: string): boolean {
  return dst.endsWith('/') || /(^|\/)\.\.?$/.test(dst);
}

/** The path the file ends up at, relative to the working directory when `dst` is relative. */
export function fileDestination(dst: string, fileName: string): string {
  return isDirectoryDestination(dst) ? posix.join(dst, fileName) : posix.normalize(dst);
}
