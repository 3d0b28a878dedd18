/** Everything the CLI needs from the operating system: the real HostFiles, input discovery, colour. */
import { toDisplayPath } from '../util/displayPath.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileStat, HostFiles, ReadResult } from '../host.js';
import type { DigestCache } from './digestCache.js';

/** A HostFiles over the real file system; display paths are resolved against `cwd`. */
export function nodeHost(cwd: string, options: { readonly digests?: DigestCache } = {}): HostFiles {
  const abs = (p: string) => path.resolve(cwd, p);
  const digests = options.digests;
  // The walk stats every file; the digest cache needs the same stat (size, mtime, inode), so keep it.
  const seen = new Map<string, fs.Stats>();
  return {
    ...(digests ? { digest: (p: string) => digests.digest(abs(p), seen.get(abs(p))) } : {}),
    readFile(p: string): ReadResult {
      try {
        return { ok: true, bytes: fs.readFileSync(abs(p)) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: describeError(error) };
      }
    },
    stat(p: string): FileStat | undefined {
      try {
        const link = fs.lstatSync(abs(p));
        const st = link.isSymbolicLink() ? fs.statSync(abs(p)) : link;
        if (digests && st.isFile()) seen.set(abs(p), st);
        return {
          kind: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other',
          size: st.size,
          executable: (st.mode & 0o111) !== 0,
          symlink: link.isSymbolicLink(),
        };
      } catch {
        return undefined;
      }
    },
    listDir(p: string): readonly string[] | undefined {
      try {
        return fs.readdirSync(abs(p));
      } catch {
        return undefined;
      }
    },
    listDirRaw(p: string): readonly string[] | undefined {
      // fs.readdirSync sorts (libuv does); opendir reads entries in the file system's own order, as os.walk does.
      try {
        const dir = fs.opendirSync(abs(p));
        const names: string[] = [];
        try {
          for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) names.push(entry.name);
        } finally {
          dir.closeSync();
        }
        return names;
      } catch {
        return undefined;
      }
    },
    realPath(p: string): string | undefined {
      try {
        return fs.realpathSync(abs(p)).split(path.sep).join('/');
      } catch {
        return undefined;
      }
    },
  };
}

/** A path as users see it in messages: relative to `cwd` when inside it, always with `/`. */
export { toDisplayPath };

export type Inputs = { readonly files: readonly string[]; readonly missing: readonly string[]; readonly empty: readonly string[] };

/** Expands FILE|DIR arguments into `.flyimg` files: directories recursively, sorted, no duplicates. */
export function findInputs(args: readonly string[], cwd: string): Inputs {
  const files: string[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  for (const arg of args) {
    const shown = toDisplayPath(arg, cwd);
    let st: fs.Stats;
    try {
      st = fs.statSync(path.resolve(cwd, arg));
    } catch {
      missing.push(arg);
      continue;
    }
    if (!st.isDirectory()) {
      files.push(shown);
      continue;
    }
    const found = walkFlyimg(path.resolve(cwd, arg)).map((f) => toDisplayPath(f, cwd));
    if (found.length === 0) empty.push(arg);
    files.push(...found);
  }
  return { files: [...new Set(files)], missing, empty };
}

function walkFlyimg(dir: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A flyimgc output directory holds copies of sources (project folders may contain .flyimg files): skip it.
  const names = new Set(entries.map((e) => e.name));
  if (names.has('docker-bake.json') && (names.has('manifest.json') || names.has('manifest.yaml'))) return out;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      out.push(...walkFlyimg(full));
    } else if (entry.name.endsWith('.flyimg') && (entry.isFile() || entry.isSymbolicLink())) {
      out.push(full);
    }
  }
  return out;
}

/** Colour only on a terminal, never with NO_COLOR, always with FORCE_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && e.code) {
    const reasons: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a parent is not a directory',
      ENOSPC: 'no space left on the device',
      EROFS: 'the file system is read-only',
    };
    return reasons[e.code] ?? e.code;
  }
  return String(error);
}
