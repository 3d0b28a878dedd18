/**
 * What flyimgc last wrote into an output directory: for each file, what it holds (a key: the sha256 of
 * its text, or the sha256 of the file it was copied from and whether it is executable) and the stat it was
 * left with (inode, size, mtime, mode); for each directory, its inode and mtime. The next compile into the
 * same directory compares against it to write nothing when nothing changed, and to hard-link the files
 * that did not change from the previous output instead of copying them again (writeOutputs.ts).
 *
 * The index lives in the cache directory, never in the output (outputs stay byte-identical and
 * deterministic). It is only a hint: every file taken from the previous output is checked with lstat
 * against the recorded stat first, so a stale, foreign or edited-by-hand output is copied again, never
 * trusted. One line per entry (`d`/`f`, numbers, then the path: linePaths.ts), read with split, not a JSON
 * document.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodePath, encodePath } from './linePaths.js';

export interface IndexedFile {
  readonly key: string;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
}

export interface IndexedDirectory {
  readonly ino: number;
  readonly mtimeMs: number;
}

export interface OutputIndex {
  /** Relative paths with `/`; the output directory itself is ``. */
  readonly directories: ReadonlyMap<string, IndexedDirectory>;
  readonly files: ReadonlyMap<string, IndexedFile>;
}

const HEADER = 'flyimgc-output-index 1';

/** Where the index of the output directory `target` (absolute) is kept, next to the digest cache. */
export function outputIndexFile(cacheDir: string, target: string): string {
  return path.join(cacheDir, 'outputs-v1', `${createHash('sha256').update(target).digest('hex').slice(0, 32)}.txt`);
}

export function readOutputIndex(file: string): OutputIndex | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  if (lines[0] !== HEADER) return undefined;
  const directories = new Map<string, IndexedDirectory>();
  const files = new Map<string, IndexedFile>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const kind = line[0];
    const count = kind === 'd' ? 3 : 6;
    // The path starts after the last numeric field (it may hold spaces): found with indexOf, not split.
    let end = -1;
    for (let field = 0; field < count && (end = line.indexOf(' ', end + 1)) >= 0; field++);
    if (end < 0) return undefined;
    const name = decodePath(line.slice(end + 1));
    if (name === undefined) return undefined;
    // The fields between the kind and the path, each up to the next space (no split: 20,000 lines a run).
    let at = 2;
    const field = (): string => {
      const next = line.indexOf(' ', at);
      const text = line.slice(at, next);
      at = next + 1;
      return text;
    };
    if (kind === 'd') directories.set(name, { ino: Number(field()), mtimeMs: Number(field()) });
    else if (kind === 'f') files.set(name, { key: field(), ino: Number(field()), size: Number(field()), mtimeMs: Number(field()), mode: Number(field()) });
    else return undefined;
  }
  return { directories, files };
}

/** Writes the index atomically; a failure only costs speed next time. */
export function writeOutputIndex(file: string, index: OutputIndex): void {
  const lines = [HEADER];
  for (const [name, d] of index.directories) lines.push(`d ${d.ino} ${d.mtimeMs} ${encodePath(name)}`);
  for (const [name, f] of index.files) lines.push(`f ${f.key} ${f.ino} ${f.size} ${f.mtimeMs} ${f.mode} ${encodePath(name)}`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only cache directory: the next compile copies everything again.
  }
}

export function removeOutputIndex(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing to do: a stale index is checked file by file anyway.
  }
}

/** Whether the file at `absolute` is still the one the index recorded (same inode, size, mtime and mode). */
export function stillIndexed(stat: fs.Stats | undefined, entry: IndexedFile): boolean {
  return stat !== undefined && stat.isFile() && stat.ino === entry.ino && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs && stat.mode === entry.mode;
}
