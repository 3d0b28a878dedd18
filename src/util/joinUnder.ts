/**
 * `posix.join(base, path)` for many paths under one base (every file of a copied folder), without
 * normalizing the whole result each time: the base is normalized once, and a path that is already clean
 * (relative, no `.`/`..` or empty component: what walks give) is appended as it is, which is what
 * `posix.join` would have returned. Any other path goes through `posix.join`.
 */
import { posix } from 'node:path';

/** A `.` or `..` component, an empty one (`//`, a trailing `/`), or an absolute path. */
const NOT_CLEAN = /(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$|^\//;

export function joinUnder(...base: readonly string[]): (path: string) => string {
  const joined = posix.join(...base);
  // `posix.join` keeps a trailing `/` of its last argument: `a/` + `b` is `a/b`, not `a//b`.
  const dir = joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
  const prefix = dir === '.' ? '' : dir === '/' ? '/' : `${dir}/`;
  return (path) => (path !== '' && !NOT_CLEAN.test(path) ? prefix + path : posix.join(...base, path));
}
