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
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
const CHUNK = 1 << 20;
/** Fields before the path on a line. */
const FIELDS = 6;

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
  readonly stats: DigestCacheStats = { hits: 0, misses: 0, bytesHashed: 0 };

  constructor(
    private readonly file: string | undefined,
    private readonly onProgress?: (stats: DigestCacheStats) => void,
  ) {}

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
  digest(absolute: string, known?: fs.Stats): string | undefined {
    const already = this.known.get(absolute);
    if (already !== undefined) return already;
    let stat: fs.Stats;
    try {
      stat = known ?? fs.statSync(absolute);
    } catch {
      return undefined;
    }
    const entries = this.load();
    const found = entries.get(absolute);
    const entry = typeof found === 'string' ? parseLine(found) : found;
    if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.ctimeMs === stat.ctimeMs && entry.ino === stat.ino && entry.at - entry.mtimeMs >= RACY_MS) {
      this.stats.hits++;
      this.known.set(absolute, entry.sha256);
      return entry.sha256;
    }
    const sha256 = hashFile(absolute);
    if (sha256 === undefined) return undefined;
    this.stats.misses++;
    this.stats.bytesHashed += stat.size;
    this.onProgress?.(this.stats);
    entries.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, sha256, at: Date.now() });
    this.dirty = true;
    this.known.set(absolute, sha256);
    return sha256;
  }

  /** Writes the cache back (atomically); failures only cost speed next time. */
  save(): void {
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
  return /^[0-9a-f]{64}$/.test(entry.sha256) && [entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, entry.at].every(Number.isFinite) ? entry : undefined;
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

