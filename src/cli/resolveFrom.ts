/**
 * `path.resolve(cwd, p)` for the many paths one run resolves against the same directory (every file of a
 * copied folder is resolved several times: to stat it, to find its digest, to copy it). `path.resolve` asks
 * for the process's directory and normalizes the whole result each time; a path that is already clean and
 * relative (no `.`/`..` component, no empty component, not absolute: what walks produce) is the directory,
 * a `/`, and the path, exactly as `path.resolve` would give it. Anything else goes through `path.resolve`.
 */
import * as path from 'node:path';

/** A `.` or `..` component, an empty one (`//`, a trailing `/`), or an absolute path. */
const NOT_CLEAN = /(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$|^\//;

export function resolveFrom(cwd: string): (p: string) => string {
  const base = path.resolve(cwd);
  if (path.sep !== '/') return (p) => path.resolve(base, p);
  const prefix = base === '/' ? '/' : `${base}/`;
  return (p) => (p !== '' && !NOT_CLEAN.test(p) ? prefix + p : path.resolve(base, p));
}
