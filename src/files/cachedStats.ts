/**
 * One run's view of the file system's metadata: `stat` and `realPath` answered once per path. A compile
 * asks the same questions once per image (the project root is found by climbing from each file's
 * directory; each image's `.dockerignore` is looked up and checked for links out of the project), which
 * at 10,000 images was a fifth of the compile. A run already treats the files as fixed while it reads
 * them; a new run (each `check`, `compile`, each re-analysis of the language server) asks afresh.
 */
import type { FileStat, HostFiles } from '../host.js';

const wrapped = new WeakSet<HostFiles>();

export function withCachedStats(host: HostFiles): HostFiles {
  if (wrapped.has(host)) return host;
  const stats = new Map<string, FileStat | undefined>();
  const realPaths = new Map<string, string | undefined>();
  const cached: HostFiles = {
    readFile: (path, options) => host.readFile(path, options),
    stat(path) {
      if (stats.has(path)) return stats.get(path);
      const stat = host.stat(path);
      stats.set(path, stat);
      return stat;
    },
    listDir: (path) => host.listDir(path),
    ...(host.listDirRaw ? { listDirRaw: (path: string) => host.listDirRaw!(path) } : {}),
    ...(host.digest ? { digest: (path: string) => host.digest!(path) } : {}),
    realPath(path) {
      if (realPaths.has(path)) return realPaths.get(path);
      const real = host.realPath(path);
      realPaths.set(path, real);
      return real;
    },
  };
  wrapped.add(cached);
  return cached;
}
