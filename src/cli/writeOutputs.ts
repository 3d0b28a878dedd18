/**
 * Writes a compile result atomically: everything goes into a temporary sibling directory first, which
 * then replaces the output directory in one rename. A failure at any point leaves the previous output
 * directory exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFile } from '../compile.js';
import { describeError } from './io.js';

export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly path: string; readonly reason: string };

/** Files flyimgc always writes one of; their presence marks a directory as one flyimgc may replace. */
export const OUTPUT_MARKERS: readonly string[] = ['manifest.json', 'manifest.yaml'];

export async function writeOutputsAtomically(outDir: string, outputs: readonly OutputFile[], cwd: string): Promise<WriteResult> {
  const target = path.resolve(cwd, outDir);
  const refusal = refuseToReplace(target, cwd);
  if (refusal) return { ok: false, path: outDir, reason: refusal };
  const parent = path.dirname(target);
  let tmp: string | undefined;
  let current = outDir;
  try {
    fs.mkdirSync(parent, { recursive: true });
    const root = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    tmp = root;
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
    replaceDirectory(tmp, target);
    tmp = undefined;
    return { ok: true };
  } catch (error) {
    return { ok: false, path: current, reason: describeError(error) };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
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

/** Never replace a directory that flyimgc did not write, nor the working directory or one above it. */
function refuseToReplace(target: string, cwd: string): string | undefined {
  const relative = path.relative(target, path.resolve(cwd));
  if (relative === '' || !relative.startsWith('..')) return 'it is the working directory or one of its parents';
  let entries: string[];
  try {
    entries = fs.readdirSync(target);
  } catch {
    return undefined;
  }
  if (entries.length > 0 && !entries.some((e) => OUTPUT_MARKERS.includes(e))) return 'it is not empty and holds no flyimgc manifest, so it is not a flyimgc output directory';
  return undefined;
}
