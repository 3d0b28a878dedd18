/**
 * Writes a compile result atomically: everything goes into a temporary sibling directory first, which then
 * takes the output directory's place by renames (the old directory is moved aside, the new one moved in,
 * the old one removed). A failure at any point leaves the previous output directory exactly as it was.
 *
 * Only a directory that carries flyimgc's marker file is ever replaced: not a file (not even the source),
 * not a device, not a symbolic link, not a directory that merely holds a `manifest.json`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OutputFile } from '../compile.js';
import { OUTPUT_MARKER, WRITING_MARKER } from '../files/outputMarker.js';
import { cleanupOnExit } from './cleanup.js';
import { readOutputIndex, removeOutputIndex, stillIndexed, writeOutputIndex, type IndexedDirectory, type IndexedFile, type OutputIndex } from './outputIndex.js';
import { describeError, describeKind } from './io.js';
import { resolveFrom } from './resolveFrom.js';

export type WriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly path: string; readonly reason: string; readonly refused?: boolean };

export { OUTPUT_MARKER };
const MARKER_TEXT = 'This directory was written by flyimgc. The next compile into it replaces it whole.\n';
/** Inside a temporary directory while it is being written: which process writes it (`host pid`). */
const WRITER_FILE = WRITING_MARKER;
/** A temporary directory without a writer file (killed before writing it, or an older flyimgc) is stale after this. */
const ORPHAN_AGE_MS = 10 * 60 * 1000;

/** How to reuse the previous output (see outputIndex.ts); without it every file is written afresh. */
export interface ReuseOptions {
  /** Where the index of this output directory is kept (`outputIndexFile`). */
  readonly indexFile: string;
  /** The sha256 of a file to be copied (absolute path), from the digest cache; undefined: copy it. */
  readonly digest: (absolute: string) => string | undefined;
}

/** Above this many files the previous output is removed by a detached `rm -rf` instead of in the foreground. */
const REMOVE_IN_BACKGROUND_FROM = 4096;

export async function writeOutputsAtomically(outDir: string, outputs: readonly OutputFile[], cwd: string, reuse?: ReuseOptions): Promise<WriteResult> {
  const target = path.resolve(cwd, outDir);
  const refusal = refuseToReplace(target, cwd);
  if (refusal) return { ok: false, path: outDir, reason: refusal, refused: true };
  const parent = path.dirname(target);
  let tmp: string | undefined;
  let current = outDir;
  let done: (() => void) | undefined;
  try {
    fs.mkdirSync(parent, { recursive: true });
    removeStaleTemporaries(parent, path.basename(target));
    const keys = reuse ? outputKeys(outputs, cwd, reuse) : new Map<string, string>();
    const directories = outputDirectories(outputs);
    const previous = reuse ? previousIndex(reuse.indexFile, target) : undefined;
    // Nothing changed since flyimgc last wrote this directory, and nobody touched it: write nothing.
    if (previous && unchanged(previous, target, outputs, keys, directories)) return { ok: true };
    const reusable = previous ? reusableFiles(previous) : undefined;

    const root = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    tmp = root;
    // SIGINT/SIGTERM while writing: remove the half-written directory (SIGKILL: the next run does).
    done = cleanupOnExit(() => removeWhileWritesSettle(root));
    fs.writeFileSync(path.join(root, WRITER_FILE), `${os.hostname()} ${process.pid}\n`);
    // Directories first (each once), then the files, many at a time: writing is most of a compile's time.
    // One plain `mkdir` each (a recursive one also tries every parent), a level at a time so that parents
    // come before children, and many at once: at 10,000 images making directories one after the other was
    // a quarter of the compile, most of it waiting for the file system.
    const PARALLEL = 16;
    for (const level of byDepth(directories)) {
      for (let i = 0; i < level.length; i += PARALLEL) await Promise.all(level.slice(i, i + PARALLEL).map((dir) => fs.promises.mkdir(path.join(root, ...dir.split('/')))));
    }
    const files = new Map<string, IndexedFile>();
    const write = async (output: OutputFile) => {
      current = output.path;
      if ('directory' in output) return;
      const file = path.join(root, ...output.path.split('/'));
      const key = keys.get(output.path);
      const from = key !== undefined && reusable ? reusable(output.path, key, target) : undefined;
      if (from && (await linked(from.absolute, file))) {
        files.set(output.path, from.entry);
        return;
      }
      if ('text' in output) {
        await fs.promises.writeFile(file, output.text, { mode: 0o644 });
      } else {
        // A reflink (copy-on-write) where the file system has them, else a plain copy: never the source's inode.
        await fs.promises.copyFile(path.resolve(cwd, output.copyFrom), file, fs.constants.COPYFILE_FICLONE);
        await fs.promises.chmod(file, output.executable ? 0o755 : 0o644);
      }
      if (key !== undefined) files.set(output.path, indexed(key, await fs.promises.lstat(file)));
    };
    for (let i = 0; i < outputs.length; i += PARALLEL) await Promise.all(outputs.slice(i, i + PARALLEL).map(write));
    current = outDir;
    fs.writeFileSync(path.join(root, OUTPUT_MARKER), MARKER_TEXT, { mode: 0o644 });
    if (reuse) files.set(OUTPUT_MARKER, indexed(MARKER_KEY, fs.lstatSync(path.join(root, OUTPUT_MARKER))));
    fs.rmSync(path.join(root, WRITER_FILE));
    if (reuse) removeOutputIndex(reuse.indexFile);
    replaceDirectory(root, target, (previous?.files.size ?? 0) >= REMOVE_IN_BACKGROUND_FROM);
    tmp = undefined;
    if (reuse) writeOutputIndex(reuse.indexFile, { directories: indexDirectories(target, directories), files });
    return { ok: true };
  } catch (error) {
    return { ok: false, path: current, reason: describeError(error) };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    done?.();
  }
}

const MARKER_KEY = `t${createHash('sha256').update(MARKER_TEXT).digest('hex')}`;

/** What each file will hold: `t` + sha256 of a text, `c` + sha256 of the copied file + `x`/`-` (executable). */
function outputKeys(outputs: readonly OutputFile[], cwd: string, reuse: ReuseOptions): Map<string, string> {
  const keys = new Map<string, string>();
  const resolve = resolveFrom(cwd);
  for (const output of outputs) {
    if ('text' in output) keys.set(output.path, `t${createHash('sha256').update(output.text).digest('hex')}`);
    else if ('copyFrom' in output) {
      const digest = reuse.digest(resolve(output.copyFrom));
      if (digest !== undefined) keys.set(output.path, `c${digest}${output.executable ? 'x' : '-'}`);
    }
  }
  return keys;
}

/** Every directory of the output (relative, `/`-separated, the output itself as ``), parents before children. */
function outputDirectories(outputs: readonly OutputFile[]): readonly string[] {
  const dirs = new Set<string>(['']);
  for (const output of outputs) {
    let dir = 'directory' in output ? output.path : parentOf(output.path);
    while (dir !== '.' && dir !== '' && !dirs.has(dir)) {
      dirs.add(dir);
      dir = parentOf(dir);
    }
  }
  return [...dirs].sort();
}

/** The directories (as `outputDirectories` lists them, the output itself left out) grouped by depth, shallowest first. */
function byDepth(directories: readonly string[]): string[][] {
  const levels: string[][] = [];
  for (const dir of directories) {
    if (dir === '') continue;
    const depth = dir.split('/').length - 1;
    (levels[depth] ??= []).push(dir);
  }
  return levels.filter((level) => level !== undefined);
}

/** `path.posix.dirname`, by hand for the clean relative paths of outputs (asked once per file). */
function parentOf(name: string): string {
  const slash = name.lastIndexOf('/');
  if (slash <= 0 || slash === name.length - 1) return path.posix.dirname(name);
  return name.slice(0, slash);
}

/** The index of what is in `target` now, if there is one and `target` is still the directory it describes. */
function previousIndex(indexFile: string, target: string): OutputIndex | undefined {
  const index = readOutputIndex(indexFile);
  const root = index?.directories.get('');
  if (!index || !root) return undefined;
  const stat = lstatOrUndefined(target);
  return stat?.isDirectory() && stat.ino === root.ino ? index : undefined;
}

/**
 * Whether `target` holds exactly what would be written: the same files with the same keys, each still the
 * inode flyimgc left (same size, mtime and mode), and the same directories, none with an entry added or
 * removed since (its mtime would have moved).
 */
function unchanged(previous: OutputIndex, target: string, outputs: readonly OutputFile[], keys: ReadonlyMap<string, string>, directories: readonly string[]): boolean {
  if (previous.directories.size !== directories.length) return false;
  let files = 0;
  for (const output of outputs) {
    if ('directory' in output) continue;
    files++;
    const key = keys.get(output.path);
    const entry = previous.files.get(output.path);
    if (key === undefined || !entry || entry.key !== key) return false;
  }
  const marker = previous.files.get(OUTPUT_MARKER);
  if (files + 1 !== previous.files.size || !marker || marker.key !== MARKER_KEY) return false;
  for (const [name, entry] of previous.files) if (!stillIndexed(lstatOrUndefined(under(target, name)), entry)) return false;
  for (const dir of directories) {
    const entry = previous.directories.get(dir);
    const stat = lstatOrUndefined(under(target, dir));
    if (!entry || !stat?.isDirectory() || stat.ino !== entry.ino || stat.mtimeMs !== entry.mtimeMs) return false;
  }
  return true;
}

/**
 * Finds a file of the previous output that holds what `name` will hold (the same path first, else any path
 * with the same key) and is still the inode flyimgc left there.
 */
function reusableFiles(previous: OutputIndex): (name: string, key: string, target: string) => { absolute: string; entry: IndexedFile } | undefined {
  const byKey = new Map<string, string>();
  for (const [name, entry] of previous.files) if (!byKey.has(entry.key)) byKey.set(entry.key, name);
  return (name, key, target) => {
    const candidates = [name, byKey.get(key)];
    for (const candidate of candidates) {
      const entry = candidate === undefined ? undefined : previous.files.get(candidate);
      if (!entry || entry.key !== key || candidate === OUTPUT_MARKER) continue;
      const absolute = under(target, candidate!);
      if (stillIndexed(lstatOrUndefined(absolute), entry)) return { absolute, entry };
    }
    return undefined;
  };
}

/**
 * A hard link from the previous output (owned by flyimgc, about to be removed): the file's only other name
 * is in a directory no builder reads, so no inode is shared with a source or with anything that stays.
 * False where the file system has no hard links (the caller copies).
 */
async function linked(from: string, to: string): Promise<boolean> {
  try {
    await fs.promises.link(from, to);
    return true;
  } catch {
    return false;
  }
}

function indexed(key: string, stat: fs.Stats): IndexedFile {
  return { key, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode };
}

function indexDirectories(target: string, directories: readonly string[]): Map<string, IndexedDirectory> {
  const out = new Map<string, IndexedDirectory>();
  for (const dir of directories) {
    const stat = lstatOrUndefined(under(target, dir));
    if (stat) out.set(dir, { ino: stat.ino, mtimeMs: stat.mtimeMs });
  }
  return out;
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** `target`'s entry at the relative `/`-separated `name` (`` is `target` itself). */
function under(target: string, name: string): string {
  if (name === '') return target;
  return path.sep === '/' ? `${target}/${name}` : path.join(target, ...name.split('/'));
}

/**
 * Removes `dir` although writes already handed to the thread pool may still create files in it (the
 * removal then fails, or leaves a directory behind): no new write starts while this runs, so trying
 * again for a short while lets the last ones land and go.
 */
function removeWhileWritesSettle(dir: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // ENOTEMPTY while a write lands: try again.
    }
    if (!fs.existsSync(dir)) return;
    Atomics.wait(pause, 0, 0, 20);
  }
}

function replaceDirectory(fresh: string, target: string, inBackground: boolean): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(fresh, target);
    return;
  }
  const old = `${fresh}.old`;
  fs.renameSync(target, old);
  try {
    fs.renameSync(fresh, target);
  } catch (error) {
    fs.renameSync(old, target);
    throw error;
  }
  if (inBackground && removeInBackground(old)) return;
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Tens of thousands of unlinks would cost more than the rest of a warm compile: a detached `rm -rf` does
 * them after we have exited. If it cannot start, or dies, the next run removes the `.old` directory (its
 * output is in place: see removeStaleTemporaries).
 */
function removeInBackground(dir: string): boolean {
  try {
    const child = spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' });
    child.on('error', () => fs.rmSync(dir, { recursive: true, force: true }));
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Why `target` must not be replaced, or undefined if it may be (it does not exist, is empty, or is ours). */
export function refuseToReplace(target: string, cwd: string): string | undefined {
  const relative = path.relative(target, path.resolve(cwd));
  if (relative === '' || !relative.startsWith('..')) return 'it is the working directory or one of its parents';
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return 'it is a symbolic link; name the directory itself';
  if (!stat.isDirectory()) return `it is ${describeKind(stat)}, not an output directory`;
  const entries = fs.readdirSync(target);
  if (entries.length === 0) return undefined;
  const marker = (() => {
    try {
      return fs.lstatSync(path.join(target, OUTPUT_MARKER)).isFile();
    } catch {
      return false;
    }
  })();
  if (!marker) return `it is not empty and has no \`${OUTPUT_MARKER}\` marker, so flyimgc did not write it (an output directory of an older flyimgc: delete it once)`;
  return undefined;
}

/**
 * Temporary siblings (`.<name>.tmp-XXXXXX`, and `….old`) left by a compile that was killed: removed when the
 * process that wrote them is gone (same host, pid not running), or, without a writer file, when older than
 * ORPHAN_AGE_MS. A compile running at the same time keeps its own.
 */
function removeStaleTemporaries(parent: string, base: string): void {
  const prefix = `.${base}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[A-Za-z0-9]{6}(\.old)?$/.test(name.slice(prefix.length))) continue;
    const dir = path.join(parent, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory()) continue;
      // `X.old` is the previous output moved aside: it is garbage once `X` has been moved into place.
      const stale = name.endsWith('.old') ? !fs.existsSync(dir.slice(0, -'.old'.length)) : isStale(dir, stat);
      if (stale) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed or renamed it first: nothing left to do.
    }
  }
}

function isStale(dir: string, stat: fs.Stats): boolean {
  let writer: string;
  try {
    writer = fs.readFileSync(path.join(dir, WRITER_FILE), 'utf8');
  } catch {
    // No writer file: either a finished rename's leftovers or a kill in the instant after mkdtemp.
    return Date.now() - stat.mtimeMs > ORPHAN_AGE_MS;
  }
  const [host, pid] = writer.trim().split(' ');
  if (host !== os.hostname()) return false;
  return !isRunning(Number(pid));
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
