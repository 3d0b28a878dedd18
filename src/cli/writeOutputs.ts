/**
 * Writes a compile result atomically: everything goes into a temporary sibling directory first, which then
 * takes the output directory's place by renames (the old directory is moved aside, the new one moved in,
 * the old one removed). A failure at any point leaves the previous output directory exactly as it was.
 *
 * Only a directory that carries flyimgc's marker file is ever replaced: not a file (not even the source),
 * not a device, not a symbolic link, not a directory that merely holds a `manifest.json`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OutputFile } from '../compile.js';
import { OUTPUT_MARKER, WRITING_MARKER } from '../files/outputMarker.js';
import { cleanupOnExit } from './cleanup.js';
import { describeError, describeKind } from './io.js';

export type WriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly path: string; readonly reason: string; readonly refused?: boolean };

export { OUTPUT_MARKER };
const MARKER_TEXT = 'This directory was written by flyimgc. The next compile into it replaces it whole.\n';
/** Inside a temporary directory while it is being written: which process writes it (`host pid`). */
const WRITER_FILE = WRITING_MARKER;
/** A temporary directory without a writer file (killed before writing it, or an older flyimgc) is stale after this. */
const ORPHAN_AGE_MS = 10 * 60 * 1000;

export async function writeOutputsAtomically(outDir: string, outputs: readonly OutputFile[], cwd: string): Promise<WriteResult> {
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
    const root = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    tmp = root;
    // SIGINT/SIGTERM while writing: remove the half-written directory (SIGKILL: the next run does).
    done = cleanupOnExit(() => removeWhileWritesSettle(root));
    fs.writeFileSync(path.join(root, WRITER_FILE), `${os.hostname()} ${process.pid}\n`);
    // Directories first (each once), then the files, many at a time: writing is most of a compile's time.
    const dirs = [...new Set(outputs.map((o) => ('directory' in o ? path.join(root, ...o.path.split('/')) : path.dirname(path.join(root, ...o.path.split('/'))))))].sort();
    for (const dir of dirs) fs.mkdirSync(dir, { recursive: true });
    const PARALLEL = 16;
    const write = async (output: OutputFile) => {
      current = output.path;
      const file = path.join(root, ...output.path.split('/'));
      if ('directory' in output) return;
      if ('text' in output) {
        await fs.promises.writeFile(file, output.text, { mode: 0o644 });
      } else {
        await fs.promises.copyFile(path.resolve(cwd, output.copyFrom), file);
        await fs.promises.chmod(file, output.executable ? 0o755 : 0o644);
      }
    };
    for (let i = 0; i < outputs.length; i += PARALLEL) await Promise.all(outputs.slice(i, i + PARALLEL).map(write));
    current = outDir;
    fs.writeFileSync(path.join(root, OUTPUT_MARKER), MARKER_TEXT, { mode: 0o644 });
    fs.rmSync(path.join(root, WRITER_FILE));
    replaceDirectory(root, target);
    tmp = undefined;
    return { ok: true };
  } catch (error) {
    return { ok: false, path: current, reason: describeError(error) };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    done?.();
  }
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

function replaceDirectory(fresh: string, target: string): void {
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
  fs.rmSync(old, { recursive: true, force: true });
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
