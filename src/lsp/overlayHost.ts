/**
 * The editor's view of the files: open documents' unsaved text wins over what is on disk, everything else
 * comes from the real file system. The compiler sees only this HostFiles, so it checks exactly what the
 * user sees.
 */
import { posix } from 'node:path';
import type { FileStat, HostFiles, ReadResult } from '../host.js';

export function overlayHost(base: HostFiles, openText: (path: string) => string | undefined, openPaths: () => Iterable<string>): HostFiles {
  const encoder = new TextEncoder();
  const norm = (p: string) => posix.normalize(p);
  return {
    readFile(p: string): ReadResult {
      const text = openText(norm(p));
      return text === undefined ? base.readFile(p) : { ok: true, bytes: encoder.encode(text) };
    },
    stat(p: string): FileStat | undefined {
      const text = openText(norm(p));
      if (text === undefined) return base.stat(p);
      return { kind: 'file', size: encoder.encode(text).length, executable: false, symlink: false };
    },
    listDir(p: string): readonly string[] | undefined {
      const listed = base.listDir(p);
      // Open documents not saved yet (untitled ones) appear in their directory too.
      const extra = [...openPaths()].filter((o) => posix.dirname(o) === norm(p)).map((o) => posix.basename(o));
      if (listed === undefined && extra.length === 0) return undefined;
      return [...new Set([...(listed ?? []), ...extra])];
    },
    realPath(p: string): string | undefined {
      return base.realPath(p) ?? (openText(norm(p)) !== undefined ? norm(p) : undefined);
    },
    ...(base.listDirRaw ? { listDirRaw: (p: string) => base.listDirRaw!(p) } : {}),
    ...(base.digest ? { digest: (p: string) => (openText(norm(p)) === undefined ? base.digest!(p) : undefined) } : {}),
  };
}
