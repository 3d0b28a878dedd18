/** Everything the CLI needs from the operating system: the real HostFiles, input discovery, colour. */
import { toDisplayPath } from '../util/displayPath.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileStat, HostFiles, ReadOptions, ReadResult } from '../host.js';
import type { DigestCache, FileIdentity } from './digestCache.js';
import { isOutputDirectory } from '../files/outputMarker.js';
import { streamRegularFile } from './fileDigest.js';
import { resolveFrom } from './resolveFrom.js';

/** A HostFiles over the real file system; display paths are resolved against `cwd`. */
export function nodeHost(cwd: string, options: { readonly digests?: DigestCache } = {}): HostFiles {
  const abs = resolveFrom(cwd);
  const digests = options.digests;
  // The walk stats every file; the digest cache needs the same stat (size, mtime, ctime, inode), so keep
  // those four numbers (not the whole fs.Stats and its four Dates: kept for every file of a tree, they
  // were most of what the garbage collector had to copy on a warm run).
  const seen = new Map<string, FileIdentity>();
  return {
    ...(digests
      ? {
          digest: (p: string) => {
            const file = abs(p);
            return digests.digest(file, seen.get(file));
          },
          digestAll: (ps: readonly string[], o?: { readonly background?: boolean }) => digests.digestAll(ps.map(abs), seen, o),
        }
      : {}),
    streamFile(p: string, each: (chunk: Uint8Array) => void) {
      const file = abs(p);
      // A file whose sha256 is pending (`--hash flyte` reads the files its v1 digests need) is hashed from this read.
      const along = digests?.alongside(file);
      const feed = along
        ? (chunk: Uint8Array, last: boolean) => {
            each(chunk);
            along.update(chunk, last);
          }
        : each;
      const read = streamRegularFile(file, feed, { error: describeError, kind: describeKind }, seen.get(file)?.size);
      along?.end(read.ok);
      return read;
    },
    readFile(p: string, options: ReadOptions = {}): ReadResult {
      return readRegularFile(abs(p), options.maxBytes);
    },
    stat(p: string): FileStat | undefined {
      try {
        const file = abs(p);
        const link = fs.lstatSync(file);
        const st = link.isSymbolicLink() ? fs.statSync(file) : link;
        if (digests && st.isFile()) {
          const identity = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
          seen.set(file, identity);
          // Not through a link: a walk stats a link's target before it knows whether the target may be copied.
          if (st === link) digests.noticed(file, identity);
        }
        const kind = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
        const symlink = link !== st;
        const executable = (st.mode & 0o111) !== 0;
        if (kind === 'other') return { kind, special: describeKind(st), size: st.size, executable, symlink };
        return { kind, size: st.size, executable, symlink };
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

/**
 * Reads a regular file, and nothing else. Opening without blocking and checking what was opened (not what
 * the path looked like a moment before) means a FIFO cannot hang the caller, nor a link to `/dev/zero`
 * be read without end.
 */
export function readRegularFile(file: string, maxBytes?: number): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: describeError(error) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, missing: false, reason: `it is ${describeKind(st)}, not a regular file` };
    if (maxBytes !== undefined && st.size > maxBytes) return { ok: false, missing: false, reason: `it is larger than ${Math.round(maxBytes / 1048576)} MiB` };
    return { ok: true, bytes: fs.readFileSync(fd) };
  } catch (error) {
    return { ok: false, missing: false, reason: describeError(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/** What a file-system object is, for messages: `a FIFO (named pipe)`, `a directory`… */
export function describeKind(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'a special file';
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
  if (isOutputDirectory([...names]) || (names.has('docker-bake.json') && (names.has('manifest.json') || names.has('manifest.yaml')))) return out;
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
