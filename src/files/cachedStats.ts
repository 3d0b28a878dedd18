/**
 * One run's view of the file system's metadata: `stat`, `realPath` and `listDir` answered once per path. A compile
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
  const listings = new Map<string, readonly string[] | undefined>();
  const cached: HostFiles = {
    readFile: (path, options) => host.readFile(path, options),
    stat(path) {
      if (stats.has(path)) return stats.get(path);
      const stat = host.stat(path);
      stats.set(path, stat);
      return stat;
    },
    listDir(path) {
      // A folder's walk for the copies and flyte-sdk's walk of the same folder (`--hash flyte`) list it once.
      if (listings.has(path)) return listings.get(path);
      const names = host.listDir(path);
      listings.set(path, names);
      return names;
    },
    ...(host.listDirRaw ? { listDirRaw: (path: string) => host.listDirRaw!(path) } : {}),
    ...(host.digest ? { digest: (path: string) => host.digest!(path) } : {}),
    // Without these, hashing falls back to one core and --hash flyte to reading each file whole.
    ...(host.digestAll ? { digestAll: (paths: readonly string[], options?: { readonly background?: boolean }) => host.digestAll!(paths, options) } : {}),
    ...(host.streamFile ? { streamFile: (path: string, each: (chunk: Uint8Array) => void) => host.streamFile!(path, each) } : {}),
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
