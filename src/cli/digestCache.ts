/**
 * A persistent cache of file digests, keyed on (absolute path, size, mtime, inode), so that an unchanged
 * re-run hashes nothing. An entry written less than two seconds after the file's mtime is not trusted
 * (the file may still have been changing within the same clock tick, as git's "racy" check knows).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Entry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly sha256: string;
  /** When the digest was computed (ms since the epoch). */
  readonly at: number;
}

const CACHE_VERSION = 1;
const RACY_MS = 2000;
const CHUNK = 1 << 20;

export interface DigestCacheStats {
  hits: number;
  misses: number;
  bytesHashed: number;
}

export class DigestCache {
  private entries = new Map<string, Entry>();
  private dirty = false;
  readonly stats: DigestCacheStats = { hits: 0, misses: 0, bytesHashed: 0 };

  constructor(
    private readonly file: string | undefined,
    private readonly onProgress?: (stats: DigestCacheStats) => void,
  ) {
    if (!file) return;
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; entries: Record<string, Entry> };
      if (data.version === CACHE_VERSION) this.entries = new Map(Object.entries(data.entries));
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  /** The file's sha256, from the cache when its size, mtime and inode are unchanged. */
  /** `known`: a stat of the file taken earlier in this run, which saves a system call per file. */
  digest(absolute: string, known?: fs.Stats): string | undefined {
    let stat: fs.Stats;
    try {
      stat = known ?? fs.statSync(absolute);
    } catch {
      return undefined;
    }
    const entry = this.entries.get(absolute);
    if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.ino === stat.ino && entry.at - entry.mtimeMs >= RACY_MS) {
      this.stats.hits++;
      return entry.sha256;
    }
    const sha256 = hashFile(absolute);
    if (sha256 === undefined) return undefined;
    this.stats.misses++;
    this.stats.bytesHashed += stat.size;
    this.onProgress?.(this.stats);
    this.entries.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, sha256, at: Date.now() });
    this.dirty = true;
    return sha256;
  }

  /** Writes the cache back (atomically); failures only cost speed next time. */
  save(): void {
    if (!this.file || !this.dirty) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, entries: Object.fromEntries(this.entries) }));
      fs.renameSync(tmp, this.file);
    } catch {
      // A read-only home directory is fine: the next run hashes again.
    }
  }
}

/** Reads in 1 MiB chunks, so a large file never sits in memory whole. */
function hashFile(absolute: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(absolute, 'r');
  } catch {
    return undefined;
  }
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(n === CHUNK ? buffer : buffer.subarray(0, n));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

