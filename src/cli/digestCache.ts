/**
 * A persistent cache of file digests, keyed on (absolute path, size, mtime, inode), so that an unchanged
 * re-run hashes nothing. An entry written less than two seconds after the file's mtime is not trusted
 * (the file may still have been changing within the same clock tick, as git's "racy" check knows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PendingDigests, sha256OfFile } from './fileDigest.js';

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

export interface DigestCacheStats {
  hits: number;
  misses: number;
  bytesHashed: number;
}

export class DigestCache {
  private entries = new Map<string, Entry>();
  private dirty = false;
  /** Files hashed in this run (by `digestAll`): trusted for the rest of it even when just modified. */
  private readonly hashedNow = new Set<string>();
  /** A `digestAll` in the background, settled by the first `digest` of one of its files (or `save`). */
  private pending: { readonly files: readonly string[]; readonly stats: readonly fs.Stats[]; readonly digests: PendingDigests } | undefined;
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
    if (this.pending) this.settle();
    const entry = this.entries.get(absolute);
    if (this.hashedNow.has(absolute) && entry) return entry.sha256;
    if (entry && this.fresh(entry, stat)) {
      this.stats.hits++;
      return entry.sha256;
    }
    const sha256 = sha256OfFile(absolute, stat.size);
    if (sha256 === undefined) return undefined;
    this.record(absolute, stat, sha256);
    this.onProgress?.(this.stats);
    return sha256;
  }

  /**
   * Hashes, all at once and on both cores when there are many, the files `digest` will be asked for next,
   * so that those calls are answered from memory. `known`: stats taken earlier in this run, by path.
   * `background`: return at once and hash on another thread while the caller does other work; the next
   * `digest` waits for the rest.
   */
  digestAll(absolutes: readonly string[], known: ReadonlyMap<string, fs.Stats>, options: { readonly background?: boolean } = {}): void {
    this.settle();
    const misses: string[] = [];
    const stats: fs.Stats[] = [];
    for (const absolute of new Set(absolutes)) {
      if (this.hashedNow.has(absolute)) continue;
      let stat: fs.Stats;
      try {
        stat = known.get(absolute) ?? fs.statSync(absolute);
      } catch {
        continue;
      }
      const entry = this.entries.get(absolute);
      if (entry && this.fresh(entry, stat)) continue;
      misses.push(absolute);
      stats.push(stat);
    }
    if (misses.length === 0) return;
    const digests = new PendingDigests(
      misses.map((absolute, i) => ({ absolute, size: stats[i]!.size })),
      options.background ? { background: true } : {},
    );
    this.pending = { files: misses, stats, digests };
    if (!options.background) this.settle();
  }

  private settle(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const digests = pending.digests.finish();
    pending.files.forEach((absolute, i) => {
      const sha256 = digests[i];
      if (sha256 === undefined) return;
      this.record(absolute, pending.stats[i]!, sha256);
      this.hashedNow.add(absolute);
    });
    this.onProgress?.(this.stats);
  }

  private fresh(entry: Entry, stat: fs.Stats): boolean {
    return entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.ino === stat.ino && entry.at - entry.mtimeMs >= RACY_MS;
  }

  private record(absolute: string, stat: fs.Stats, sha256: string): void {
    this.stats.misses++;
    this.stats.bytesHashed += stat.size;
    this.entries.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, sha256, at: Date.now() });
    this.dirty = true;
  }

  /** Writes the cache back (atomically); failures only cost speed next time. */
  save(): void {
    this.settle();
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
