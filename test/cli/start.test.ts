import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';
import { diagnosticsOf } from '../helpers/check.js';

/**
 * How flyimgc starts (src/cli/start.ts, scripts/bundle-cli.mjs): one script per command, run with V8's
 * code cache kept in the cache directory. The cache must only ever make a run faster: these runs compare
 * outputs with and without it, and with a cache that is wrong.
 */
const EXAMPLE = join(REPO_ROOT, 'examples', 'debian-apt-pip', 'images.flyimg');
const BROKEN = join(REPO_ROOT, 'test', 'fixtures');

function freshCacheDir(): string {
  return mkdtempSync(join(tmpdir(), 'flyimgc-start-'));
}

const cacheFiles = (dir: string) => (existsSync(join(dir, 'v8')) ? readdirSync(join(dir, 'v8')).sort() : []);

describe('start-up', () => {
  it('each command runs from the script with its code, and every script is built', () => {
    const scripts = readdirSync(join(REPO_ROOT, 'dist', 'bundle')).filter((f) => f.endsWith('.cjs')).sort();
    expect(scripts).toEqual(['check', 'config-schema', 'fmt', 'lsp', 'main', 'pipeline', 'start'].map((n) => `${n}.cjs`));
    // Worker threads are found next to the module that starts them: in the bundle, next to the scripts.
    expect(existsSync(join(REPO_ROOT, 'dist', 'bundle', 'digestWorker.js'))).toBe(true);
    for (const name of ['check', 'main']) expect(readFileSync(join(REPO_ROOT, 'dist', 'bundle', `${name}.cjs`), 'utf8')).toMatch(/^\/\/ flyimgc-build [0-9a-f]{32}\n/);
  });

  it('the first run writes a code cache for its script; the next runs use it and print the same', async () => {
    const dir = freshCacheDir();
    const first = await flyimgc(['check', EXAMPLE, '--format', 'json'], { env: { FLYIMGC_CACHE_DIR: dir } });
    expect(first.exitCode).toBe(0);
    expect(cacheFiles(dir)).toEqual([expect.stringMatching(new RegExp(`^check-[0-9a-f]{32}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.bin$`))]);
    const written = readFileSync(join(dir, 'v8', cacheFiles(dir)[0]!));
    const second = await flyimgc(['check', EXAMPLE, '--format', 'json'], { env: { FLYIMGC_CACHE_DIR: dir } });
    expect(second).toEqual(first);
    // Accepted as it was: not written again.
    expect(readFileSync(join(dir, 'v8', cacheFiles(dir)[0]!)).equals(written)).toBe(true);
    // Another command has a cache of its own.
    expect((await flyimgc(['--version'], { env: { FLYIMGC_CACHE_DIR: dir } })).exitCode).toBe(0);
    expect(cacheFiles(dir)).toEqual([expect.stringMatching(/^check-/), expect.stringMatching(/^main-/)]);
  });

  it('a run from the code cache that bakes a code bundle in loads the Python parser as the first run did', async () => {
    // The Python parser is loaded only when a deploy bakes code in; a dynamic import() from a script run
    // from V8's code cache failed on Node 20 (internal error on every run after the first).
    const dir = freshCacheDir();
    const project = join(REPO_ROOT, 'examples', 'code-bundle');
    const outs = [mkdtempSync(join(tmpdir(), 'flyimgc-start-out-')), mkdtempSync(join(tmpdir(), 'flyimgc-start-out-'))];
    const runs = [];
    for (const out of outs) runs.push(await flyimgc(['compile', '.', '--copy-style', 'none', '--entry', 'pipeline.py', '--out', join(out, 'o')], { cwd: project, env: { FLYIMGC_CACHE_DIR: dir } }));
    expect(cacheFiles(dir)).toEqual([expect.stringMatching(/^pipeline-/)]);
    for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(join(outs[1]!, 'o', 'manifest.json'), 'utf8')).toBe(readFileSync(join(outs[0]!, 'o', 'manifest.json'), 'utf8'));
  });

  it('a cache that is not V8 code (damaged, or from elsewhere) is ignored and replaced', async () => {
    const dir = freshCacheDir();
    const clean = await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_NO_CACHE: '1' } });
    await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: dir } });
    const [file] = cacheFiles(dir);
    writeFileSync(join(dir, 'v8', file!), Buffer.from('not a code cache at all'.repeat(100)));
    expect(await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: dir } })).toEqual(clean);
    expect(readFileSync(join(dir, 'v8', file!)).length).toBeGreaterThan(10_000);
  });

  it('errors are reported the same with a cache (the cache holds what the clean run compiled)', async () => {
    const dir = freshCacheDir();
    const project = join(BROKEN, 'err-path-outside-parent');
    const input = readdirSync(project).find((f) => f.endsWith('.flyimg'))!;
    await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: dir } });
    const withCache = await flyimgc(['check', input], { cwd: project, env: { FLYIMGC_CACHE_DIR: dir } });
    const without = await flyimgc(['check', input], { cwd: project, env: { FLYIMGC_NO_CACHE: '1' } });
    expect(withCache.exitCode).toBe(1);
    expect(withCache).toEqual(without);
  });

  it('FLYIMGC_NO_CACHE writes no code cache; a cache directory that cannot be written only costs the cache', async () => {
    const dir = freshCacheDir();
    expect((await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: dir, FLYIMGC_NO_CACHE: '1' } })).exitCode).toBe(0);
    expect(cacheFiles(dir)).toEqual([]);
    const blocked = join(freshCacheDir(), 'file-not-dir');
    writeFileSync(blocked, '');
    chmodSync(blocked, 0o400);
    const result = await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: blocked } });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('checked 1 file: no problems');
  });

  it('a code cache directory others can write to is not used (its code would run as the user)', async () => {
    const dir = freshCacheDir();
    mkdirSync(join(dir, 'v8'));
    chmodSync(join(dir, 'v8'), 0o777);
    const result = await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: dir } });
    expect(result.exitCode).toBe(0);
    expect(cacheFiles(dir)).toEqual([]);
    chmodSync(join(dir, 'v8'), 0o755);
    await flyimgc(['check', EXAMPLE], { env: { FLYIMGC_CACHE_DIR: dir } });
    expect(cacheFiles(dir)).toHaveLength(1);
  });

  it('a flyimg.toml is checked against its schema (loaded on first use, from a script of its own)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-start-toml-'));
    writeFileSync(join(dir, 'flyimg.toml'), '[build]\nbuilder = "nope"\n');
    writeFileSync(join(dir, 'app.flyimg'), 'app = Image.from_debian_base(python_version=(3, 12), name="app", registry="ghcr.io/acme")\n');
    const result = await flyimgc(['check', 'app.flyimg'], { cwd: dir, env: { FLYIMGC_CACHE_DIR: freshCacheDir() } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY9006]: `build.builder`: invalid option: expected one of "docker"|"podman"|"buildah"|"bake"');
  });
  it('the check script lexes characters of every range as the library does (its chevrotain computes a table bundle-cli.mjs leaves out)', async () => {
    const dir = freshCacheDir();
    const file = join(dir, 'main.flyimg');
    // Below 256, across the BMP (each 255-wide block the lexer's table grouped), at its end, beyond it, and inside strings.
    const text = 'a = "é ÿ Ā 名前 \uffff 🐳"\nb = é\nc = ÿĀ\nd = 名 + \uffff\ne = 🐳 $ ?\nf = Image.from_debian_base(name="x")\n';
    writeFileSync(file, text);
    const run = await flyimgc(['check', file, '--format', 'json'], { env: { FLYIMGC_CACHE_DIR: dir } });
    const reported = (JSON.parse(run.stdout) as { diagnostics: { code: string; location?: { line: number; column: number } }[] }).diagnostics.map((d) => `${d.code}@${d.location?.line}:${d.location?.column}`);
    const library = diagnosticsOf(text).map((d) => `${d.code}@${d.line}:${d.column}`);
    expect(reported).toEqual(library);
    expect(library.filter((d) => d.startsWith('FLY0003')).length).toBeGreaterThanOrEqual(6);
  });
});
