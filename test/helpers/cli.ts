import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO_ROOT, 'bin', 'flyimgc.js');
/** Tests never touch the user's own digest cache. */
export const CACHE_DIR = mkdtempSync(join(tmpdir(), 'flyimgc-cache-'));

/** Runs the built CLI (npm test builds first) the way users do: a real process, real files. */
export async function flyimgc(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { NO_COLOR: '1', FLYIMGC_CACHE_DIR: CACHE_DIR, ...options.env },
    reject: false,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory holding `files` (POSIX relative paths → text). */
export function tempProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-test-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
