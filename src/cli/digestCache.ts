/**
 * A persistent cache of file digests, keyed on (absolute path, size, mtime, ctime, inode), so that an
 * unchanged re-run hashes nothing. ctime is in the key because a rewrite that keeps size and restores the
 * mtime (`touch -r`, `rsync -t`, an archive extracted over the tree) still moves it, and nothing but the
 * kernel can set it. An entry written less than two seconds after the file's mtime is not trusted (the
 * file may still have been changing within the same clock tick, as git's "racy" check knows).
 *
 * The file is one line per entry, `sha256 size mtimeMs ctimeMs ino at path`, not a JSON document: loading
 * only splits it into lines and keeps each line as it is, keyed by its path; the numbers of a line are
 * read when its file is asked for, and a line nobody asked for is written back unchanged. (A JSON cache of
 * 100,000 files was a 20 MB parse and ~430 MB of heap on every warm run.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PendingDigests, Prefetch, sha256OfFile, type HashAlong } from './fileDigest.js';
import { decodePath, encodePath } from './linePaths.js';

interface Entry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly sha256: string;
  /** When the digest was computed (ms since the epoch). */
  readonly at: number;
}

const HEADER = 'flyimgc-digests 2';
const RACY_MS = 2000;
/** Fields before the path on a line. */
const FIELDS = 6;

/** What a digest is kept for: a file's size, mtime, ctime and inode, from a stat (an fs.Stats is one). */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

export interface DigestCacheStats {
  hits: number;
  misses: number;
  bytesHashed: number;
}

export class DigestCache {
  /** Path → its line as read (a string) or as computed in this run (an Entry). */
  private entries: Map<string, string | Entry> | undefined;
  /** Digests already known good in this run (a hit or a hash): asked again, no stat, no parse. */
  private readonly known = new Map<string, string>();
  private dirty = false;
  /** Files hashed in this run (by `digestAll`): trusted for the rest of it even when just modified. */
  private readonly hashedNow = new Set<string>();
  /** A `digestAll` in the background, settled by the first `digest` of one of its files (or `save`). */
  private pending: { readonly files: readonly string[]; readonly stats: readonly FileIdentity[]; readonly digests: PendingDigests; index?: Map<string, number> } | undefined;
  readonly stats: DigestCacheStats = { hits: 0, misses: 0, bytesHashed: 0 };
  private readonly prefetch: Prefetch | undefined;

  /** `prefetch`: files the walks find (`noticed`) are hashed ahead on another thread (a run that will hash them). */
  constructor(
    private readonly file: string | undefined,
    private readonly onProgress?: (stats: DigestCacheStats) => void,
    options: { readonly prefetch?: boolean } = {},
  ) {
    this.prefetch = options.prefetch ? new Prefetch() : undefined;
  }

  /**
   * A regular file a walk found, with its stat: with `prefetch`, one the cache has never seen is hashed
   * ahead (a file it has a line for is left to `digestAll`, which will most often find it unchanged).
   */
  noticed(absolute: string, stat: FileIdentity): void {
    if (this.prefetch && !this.load().has(absolute)) this.prefetch.add({ absolute, size: stat.size, identity: stat });
  }

  /** Read on first use: a run that hashes nothing does not pay for it. */
  private load(): Map<string, string | Entry> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    if (!this.file) return this.entries;
    try {
      const lines = fs.readFileSync(this.file, 'utf8').split('\n');
      if (lines[0] !== HEADER) return this.entries;
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!;
        let at = -1;
        for (let field = 0; field < FIELDS && (at = line.indexOf(' ', at + 1)) >= 0; field++);
        if (at < 0) continue;
        const name = decodePath(line.slice(at + 1));
        if (name !== undefined) this.entries.set(name, line);
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
    return this.entries;
  }

  /**
   * The file's sha256, from the cache when its size, mtime, ctime and inode are unchanged; a file asked for
   * twice in one run (hashed, then its copy into the output checked) is looked at once.
   */
  /** `known`: a stat of the file taken earlier in this run, which saves a system call per file. */
  digest(absolute: string, known?: FileIdentity): string | undefined {
    const already = this.known.get(absolute);
    if (already !== undefined) return already;
    let stat: FileIdentity;
    try {
      stat = known ?? fs.statSync(absolute);
    } catch {
      return undefined;
    }
    if (this.pending) this.settle();
    const entry = this.entry(absolute);
    if (this.hashedNow.has(absolute) && entry) return entry.sha256;
    if (entry && this.fresh(entry, stat)) {
      this.stats.hits++;
      this.known.set(absolute, entry.sha256);
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
   * `background`: return at once; while the caller does other work (flyte-sdk's md5 stream), the files it
   * streams are hashed from its reads (`alongside`) and, for large trees, a worker hashes from the other
   * end; the next `digest` hashes or waits for the rest.
   */
  digestAll(absolutes: readonly string[], known: ReadonlyMap<string, FileIdentity>, options: { readonly background?: boolean } = {}): void {
    this.settle();
    // Hashed ahead while the walks went on; kept only for the stat they were hashed after.
    const wanted = new Set(absolutes);
    const prefetched = this.prefetch?.collect(wanted);
    const misses: string[] = [];
    const stats: FileIdentity[] = [];
    for (const absolute of wanted) {
      if (this.hashedNow.has(absolute)) continue;
      let stat: FileIdentity;
      try {
        stat = known.get(absolute) ?? fs.statSync(absolute);
      } catch {
        continue;
      }
      const entry = this.entry(absolute);
      if (entry && this.fresh(entry, stat)) {
        // Answered now: the `digest` that follows finds it without parsing its line again.
        this.stats.hits++;
        this.known.set(absolute, entry.sha256);
        continue;
      }
      const ahead = prefetched?.get(absolute);
      if (ahead?.sha256 !== undefined && ahead.identity === stat) {
        this.record(absolute, stat, ahead.sha256);
        this.hashedNow.add(absolute);
        continue;
      }
      misses.push(absolute);
      stats.push(stat);
    }
    if (misses.length === 0) {
      if (prefetched?.size) this.onProgress?.(this.stats);
      return;
    }
    const digests = new PendingDigests(
      misses.map((absolute, i) => ({ absolute, size: stats[i]!.size })),
      options.background ? { background: true } : {},
    );
    this.pending = { files: misses, stats, digests };
    if (!options.background) this.settle();
  }

  /**
   * While a background `digestAll` is under way: the digest of `absolute`, one of its files, computed from
   * the chunks the caller reads anyway (flyte-sdk's md5 stream), so that this thread reads each file once.
   * Undefined when it is not one of them or another thread has it.
   */
  alongside(absolute: string): HashAlong | undefined {
    const pending = this.pending;
    if (!pending) return undefined;
    pending.index ??= new Map(pending.files.map((file, i) => [file, i]));
    const i = pending.index.get(absolute);
    return i === undefined ? undefined : pending.digests.along(i);
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

  /** The entry of `absolute`, its line parsed now if it was read from the file. */
  private entry(absolute: string): Entry | undefined {
    const found = this.load().get(absolute);
    return typeof found === 'string' ? parseLine(found) : found;
  }

  private fresh(entry: Entry, stat: FileIdentity): boolean {
    return entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.ctimeMs === stat.ctimeMs && entry.ino === stat.ino && entry.at - entry.mtimeMs >= RACY_MS;
  }

  private record(absolute: string, stat: FileIdentity, sha256: string): void {
    this.stats.misses++;
    this.stats.bytesHashed += stat.size;
    this.load().set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, sha256, at: Date.now() });
    this.dirty = true;
    this.known.set(absolute, sha256);
  }

  /** Writes the cache back (atomically); failures only cost speed next time. */
  save(): void {
    this.prefetch?.stop();
    this.settle();
    if (!this.file || !this.dirty || !this.entries) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      const lines = [HEADER];
      for (const [name, entry] of this.entries) {
        lines.push(typeof entry === 'string' ? entry : `${entry.sha256} ${entry.size} ${entry.mtimeMs} ${entry.ctimeMs} ${entry.ino} ${entry.at} ${encodePath(name)}`);
      }
      fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
      fs.renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      // A read-only home directory is fine: the next run hashes again.
    }
  }
}

function parseLine(line: string): Entry | undefined {
  const f = line.split(' ', FIELDS);
  const entry = { sha256: f[0]!, size: Number(f[1]), mtimeMs: Number(f[2]), ctimeMs: Number(f[3]), ino: Number(f[4]), at: Number(f[5]) };
  return isSha256Hex(entry.sha256) && Number.isFinite(entry.size + entry.mtimeMs + entry.ctimeMs + entry.ino + entry.at) ? entry : undefined;
}

/** `/^[0-9a-f]{64}$/`, by hand: asked once per file of every tree on a warm run, where the regex cost more. */
function isSha256Hex(text: string): boolean {
  if (text.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
