/**
 * The project a `.flyimg` file belongs to, and the containment rule every file read on its behalf obeys:
 * a symbolic link may not lead out of the project (copies, `.dockerignore`, `flyimg.toml`, imports alike).
 */
import { posix } from 'node:path';
import type { HostFiles } from '../host.js';

export const PROJECT_MARKER = 'flyimg.toml';

/**
 * The nearest directory at or above `dir` holding a `flyimg.toml`, else `dir` itself. Copied files must be
 * inside it, and build-context paths are relative to it, so the marker (not the checkout's location)
 * decides what the outputs look like.
 */
export function projectRoot(host: HostFiles, dir: string): string {
  let current = dir;
  for (let depth = 0; depth < 64; depth++) {
    if (host.stat(posix.join(current, PROJECT_MARKER))?.kind === 'file') return current;
    const parent = posix.normalize(posix.join(current, '..'));
    const here = host.realPath(current);
    const above = host.realPath(parent);
    if (here === undefined || above === undefined || here === above) break;
    current = parent;
  }
  return dir;
}

/**
 * The real path `path` leads to when it is (or passes through) a symbolic link that leaves `root`;
 * undefined when it stays inside, is not a link, or does not exist. Both are compared as real paths, so
 * the answer does not depend on the working directory.
 */
export function linkOutOf(host: HostFiles, path: string, root: string): string | undefined {
  const real = host.realPath(path);
  const realRoot = host.realPath(root);
  if (real === undefined || realRoot === undefined) return undefined;
  // By path components, so that a relative root (`.`, as an in-memory host gives) contains its files too.
  const relative = posix.relative(realRoot, real);
  const inside = relative === '' || (relative !== '..' && !relative.startsWith('../') && !posix.isAbsolute(relative));
  return inside ? undefined : real;
}
