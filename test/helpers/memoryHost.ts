import { posix } from 'node:path';
import type { FileStat, HostFiles, ReadResult } from '../../src/host.js';

/** An in-memory HostFiles: `files` maps POSIX paths to text or bytes; directories are implied. */
export function memoryHost(files: Readonly<Record<string, string | Uint8Array>>, options: { executable?: readonly string[] } = {}): HostFiles {
  const norm = (p: string) => posix.normalize(p).replace(/\/$/, '');
  const entries = new Map(Object.entries(files).map(([p, c]) => [norm(p), typeof c === 'string' ? new TextEncoder().encode(c) : c]));
  const isDir = (p: string) => p === '.' || [...entries.keys()].some((k) => k.startsWith(`${p}/`));
  return {
    readFile(p: string): ReadResult {
      const bytes = entries.get(norm(p));
      if (bytes) return { ok: true, bytes };
      return isDir(norm(p)) ? { ok: false, missing: false, reason: 'it is a directory' } : { ok: false, missing: true, reason: 'no such file or directory' };
    },
    stat(p: string): FileStat | undefined {
      const key = norm(p);
      const bytes = entries.get(key);
      if (bytes) return { kind: 'file', size: bytes.length, executable: options.executable?.includes(key) ?? false, symlink: false };
      if (isDir(key)) return { kind: 'directory', size: 0, executable: true, symlink: false };
      return undefined;
    },
    listDir(p: string): readonly string[] | undefined {
      const key = norm(p);
      if (!isDir(key)) return undefined;
      const prefix = key === '.' ? '' : `${key}/`;
      const names = new Set<string>();
      for (const k of entries.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
      return [...names];
    },
    realPath(p: string): string | undefined {
      return this.stat(p) ? norm(p) : undefined;
    },
  };
}
