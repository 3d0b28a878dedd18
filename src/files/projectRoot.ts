/** Where a project begins: the `flyimg.toml` marker, found through HostFiles. */
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
