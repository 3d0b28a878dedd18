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
import type { OutputFile, OutputFiles } from '../compile.js';
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

/**
 * Above this many files (of the previous output when its index says, else of the new one, which is usually
 * its like) the previous output is removed by a detached `rm -rf` instead of in the foreground, with or
 * without the cache: unlinking is slow on some file systems (ext4 here: ~0.2 ms an entry), and the compile
 * has nothing left to do but wait for it.
 */
const REMOVE_IN_BACKGROUND_FROM = 4096;
/** Outputs written at once (directories are made on the way, parents first, each once). */
const PARALLEL = 16;

/**
 * `outputs`: a list, or a function that makes them (each call afresh; see `compileLean`), which is read
 * once (twice when reusing the previous output) and never held whole: each file is dropped once written.
 */
export async function writeOutputsAtomically(outDir: string, outputs: readonly OutputFile[] | OutputFiles, cwd: string, reuse?: ReuseOptions): Promise<WriteResult> {
  const each: OutputFiles = typeof outputs === 'function' ? outputs : () => outputs;
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
    const plan = reuse ? outputPlan(each(), cwd, reuse) : undefined;
    const previous = reuse ? previousIndex(reuse.indexFile, target) : undefined;
    // Nothing changed since flyimgc last wrote this directory, and nobody touched it: write nothing.
    if (previous && plan && unchanged(previous, target, plan)) return { ok: true };
    const reusable = previous ? reusableFiles(previous) : undefined;

    const root = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    tmp = root;
    // SIGINT/SIGTERM while writing: remove the half-written directory (SIGKILL: the next run does).
    done = cleanupOnExit(() => removeWhileWritesSettle(root));
    fs.writeFileSync(path.join(root, WRITER_FILE), `${os.hostname()} ${process.pid}\n`);
    // Many files at once (writing is most of a compile's time), each after its directory: one plain `mkdir`
    // per directory (a recursive one also tries every parent), made when the first file in it comes, after
    // its parent. At 10,000 images making every directory first, one after the other, was a quarter of the compile.
    const made = new Map<string, Promise<void>>([['', Promise.resolve()]]);
    const directory = (dir: string): Promise<void> => {
      let making = made.get(dir);
      if (!making) {
        making = directory(parentOf(dir)).then(() => fs.promises.mkdir(under(root, dir)));
        made.set(dir, making);
      }
      return making;
    };
    const files = new Map<string, IndexedFile>();
    const write = async (output: OutputFile) => {
      if ('directory' in output) return directory(output.path);
      await directory(parentOf(output.path));
      const file = under(root, output.path);
      const key = plan?.keys.get(output.path);
      const from = key !== undefined && reusable ? reusable(output.path, key, target) : undefined;
      if (from && (await linked(from.absolute, file))) {
        files.set(output.path, from.entry);
        return;
      }
      if ('text' in output) {
        await writeText(file, output.text);
      } else {
        // A reflink (copy-on-write) where the file system has them, else a plain copy: never the source's inode.
        await fs.promises.copyFile(path.resolve(cwd, output.copyFrom), file, fs.constants.COPYFILE_FICLONE);
        await fs.promises.chmod(file, output.executable ? 0o755 : 0o644);
      }
      if (key !== undefined) files.set(output.path, indexed(key, await fs.promises.lstat(file)));
    };
    // PARALLEL writers take the next output until there are none or one failed; all finish before anything
    // else happens (no write lands in a directory being removed).
    const pending = each()[Symbol.iterator]();
    let failure: { path: string; error: unknown } | undefined;
    /** Files written (not directories): how large the previous output probably was, without an index. */
    let written = 0;
    const writer = async () => {
      for (let next = pending.next(); !next.done && !failure; next = pending.next()) {
        try {
          await write(next.value);
          if (!('directory' in next.value)) written++;
        } catch (error) {
          failure ??= { path: next.value.path, error };
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, writer));
    if (failure) {
      current = failure.path;
      throw failure.error;
    }
    current = outDir;
    fs.writeFileSync(path.join(root, OUTPUT_MARKER), MARKER_TEXT, { mode: 0o644 });
    if (reuse) files.set(OUTPUT_MARKER, indexed(MARKER_KEY, fs.lstatSync(path.join(root, OUTPUT_MARKER))));
    fs.rmSync(path.join(root, WRITER_FILE));
    if (reuse) removeOutputIndex(reuse.indexFile);
    replaceDirectory(root, target, Math.max(previous?.files.size ?? 0, written) >= REMOVE_IN_BACKGROUND_FROM);
    tmp = undefined;
    if (reuse) writeOutputIndex(reuse.indexFile, { directories: indexDirectories(target, [...made.keys()].sort()), files });
    return { ok: true };
  } catch (error) {
    return { ok: false, path: current, reason: describeError(error) };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    done?.();
  }
}

/** `fs.writeFile` with callbacks: open, write, close, without the FileHandle object of `fs.promises`. */
function writeText(file: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => fs.writeFile(file, text, { mode: 0o644 }, (error) => (error ? reject(error) : resolve())));
}

const MARKER_KEY = `t${createHash('sha256').update(MARKER_TEXT).digest('hex')}`;

/** What the outputs are, as the previous output is compared with: see `outputKeys`. */
interface OutputPlan {
  /** What each file will hold: `t` + sha256 of a text, `c` + sha256 of the copied file + `x`/`-` (executable). */
  readonly keys: ReadonlyMap<string, string>;
  /** Files (not directories) in the outputs, and whether every one of them has a key. */
  readonly files: number;
  readonly allKeyed: boolean;
  /** Every directory of the output (relative, `/`-separated, the output itself as ``). */
  readonly directories: ReadonlySet<string>;
}

/** One pass over the outputs: each text is hashed and dropped. */
function outputPlan(outputs: Iterable<OutputFile>, cwd: string, reuse: ReuseOptions): OutputPlan {
  const keys = new Map<string, string>();
  const directories = new Set<string>(['']);
  const resolve = resolveFrom(cwd);
  let files = 0;
  let allKeyed = true;
  for (const output of outputs) {
    let dir = 'directory' in output ? output.path : parentOf(output.path);
    while (dir !== '' && !directories.has(dir)) {
      directories.add(dir);
      dir = parentOf(dir);
    }
    if ('directory' in output) continue;
    files++;
    if ('text' in output) keys.set(output.path, `t${createHash('sha256').update(output.text).digest('hex')}`);
    else {
      const digest = reuse.digest(resolve(output.copyFrom));
      if (digest !== undefined) keys.set(output.path, `c${digest}${output.executable ? 'x' : '-'}`);
      else allKeyed = false;
    }
  }
  return { keys, files, allKeyed, directories };
}

/** The directory an output's clean relative path is in: `` for the output directory itself. */
function parentOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? '' : name.slice(0, slash);
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
function unchanged(previous: OutputIndex, target: string, plan: OutputPlan): boolean {
  if (previous.directories.size !== plan.directories.size || !plan.allKeyed) return false;
  for (const [name, key] of plan.keys) if (previous.files.get(name)?.key !== key) return false;
  const marker = previous.files.get(OUTPUT_MARKER);
  if (plan.files + 1 !== previous.files.size || !marker || marker.key !== MARKER_KEY) return false;
  for (const [name, entry] of previous.files) if (!stillIndexed(lstatOrUndefined(under(target, name)), entry)) return false;
  for (const dir of plan.directories) {
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
