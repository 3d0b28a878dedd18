/**
 * Killed compiles and builds (issue #10 item 8, 13): SIGKILL and SIGTERM in the middle of writing and of
 * building, then look at the previous outputs, the temporary directories and the secret files.
 *
 * The builder is a recording stand-in named `buildah` on PATH: what is under test is flyimgc's handling of
 * the secret files it hands to a builder (their bytes, their lifetime, where their paths show), not buildah;
 * test/e2e/build.test.ts builds with the real buildah.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR, flyimgc, REPO_ROOT, tempProject } from '../helpers/cli.js';

const BIN = join(REPO_ROOT, 'bin', 'flyimgc.js');
const IMAGE = 'app = Image.from_debian_base(registry="127.0.0.1:1/acme", name="app").with_source_folder(Path("src")).with_commands(["cat /etc/flyte/secrets"], secret_mounts=[Secret(key="BLOB", mount="/etc/flyte/secrets")])\n';
// Bytes that are not UTF-8 (a keystore, a DER key): read as text they would come out changed.
const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]);
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function standInBuilder(dir: string, record: string): string {
  const bin = join(dir, 'stand-in-bin');
  mkdirSync(bin);
  const script = [
    '#!/bin/sh',
    'case "$1" in version) echo "stand-in"; exit 0;; esac',
    `rec=${record}`,
    'for a; do case "$a" in id=*,src=*) src=${a#*,src=}; cp "$src" "$rec/secret-copy"; echo "$src" > "$rec/secret-path";; esac; done',
    'echo $$ > "$rec/builder-pid"',
    'touch "$rec/started"',
    'sleep "${STANDIN_SLEEP:-0}"',
    '',
  ].join('\n');
  writeFileSync(join(bin, 'buildah'), script);
  chmodSync(join(bin, 'buildah'), 0o755);
  return bin;
}

function setup(files: Record<string, string> = {}) {
  const dir = tempProject({ 'app.flyimg': IMAGE, 'src/main.py': 'print(1)\n', ...files });
  writeFileSync(join(dir, 'blob.bin'), BINARY);
  const record = join(dir, 'record');
  mkdirSync(record);
  const bin = standInBuilder(dir, record);
  const env = { NO_COLOR: '1', FLYIMGC_CACHE_DIR: CACHE_DIR, PATH: `${bin}:${process.env['PATH']}` };
  return { dir, record, env };
}

const buildArgs = ['build', 'app.flyimg', '--builder', 'buildah', '--insecure-registry', '127.0.0.1:1', '--force', '--secret', 'BLOB=file:blob.bin', '--out', 'out'];

async function waitFor(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

describe('secret files of a build', () => {
  it('hold the bytes of a binary --secret file unchanged, and their paths are never shown', async () => {
    const { dir, record, env } = setup();
    const result = await flyimgc([...buildArgs, '--format', 'json'], { cwd: dir, env });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(record, 'secret-copy')).equals(BINARY)).toBe(true);
    const secretPath = readFileSync(join(record, 'secret-path'), 'utf8').trim();
    expect(existsSync(secretPath)).toBe(false);
    expect(result.stdout).toContain('src=$FLYIMGC_SECRETS/BLOB');
    expect(result.stdout + result.stderr).not.toContain(secretPath);
    const dry = await flyimgc([...buildArgs, '--dry-run'], { cwd: dir, env });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('src=$FLYIMGC_SECRETS/BLOB');
    expect(dry.stdout).not.toMatch(/flyimgc-secrets-/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`are removed when the build gets ${signal}`, async () => {
      const { dir, record, env } = setup();
      const child = spawn(process.execPath, [BIN, ...buildArgs], { cwd: dir, env: { ...env, STANDIN_SLEEP: '30' }, stdio: 'ignore' });
      children.push(child);
      const done = exited(child);
      await waitFor(() => existsSync(join(record, 'started')), 'the builder to start');
      const secretPath = readFileSync(join(record, 'secret-path'), 'utf8').trim();
      expect(existsSync(secretPath)).toBe(true);
      child.kill(signal);
      const end = await done;
      expect(end.signal).toBe(signal);
      expect(existsSync(secretPath)).toBe(false);
      process.kill(Number(readFileSync(join(record, 'builder-pid'), 'utf8')), 'SIGKILL');
    });
  }
});

describe('a compile killed while writing', () => {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`(${signal}) leaves the previous output as it was, and no temporary directory after the next run`, async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 3000; i++) files[`src/f${i}.py`] = `${'x'.repeat(2000)}${i}\n`;
      const { dir } = setup(files);
      expect((await flyimgc(['compile', 'app.flyimg', '--out', 'out'], { cwd: dir })).exitCode).toBe(0);
      const before = readFileSync(join(dir, 'out/manifest.json'), 'utf8');
      writeFileSync(join(dir, 'src/new.py'), 'new\n');
      const child = spawn(process.execPath, [BIN, 'compile', 'app.flyimg', '--out', 'out'], { cwd: dir, env: { NO_COLOR: '1', FLYIMGC_NO_CACHE: '1' }, stdio: 'ignore' });
      children.push(child);
      const done = exited(child);
      const temporaries = () => readdirSync(dir).filter((n) => n.startsWith('.out.tmp-'));
      // The writer file appears once the compile has registered its cleanup: a signal from then on must clean up.
      const writing = () => temporaries().some((t) => existsSync(join(dir, t, '.flyimgc-writing')));
      await waitFor(() => writing() || child.exitCode !== null, 'the compile to start writing');
      child.kill(signal);
      const end = await done;
      if (end.signal === null) return expect.fail('the compile finished before it could be killed; make the project bigger');
      expect(readFileSync(join(dir, 'out/manifest.json'), 'utf8')).toBe(before);
      if (signal === 'SIGTERM') expect(temporaries()).toEqual([]);
      expect((await flyimgc(['compile', 'app.flyimg', '--out', 'out'], { cwd: dir })).exitCode).toBe(0);
      expect(temporaries()).toEqual([]);
      expect(readFileSync(join(dir, 'out/manifest.json'), 'utf8')).not.toBe(before);
    }, 120_000);
  }

  it('(SIGKILL) while linking unchanged files from the previous output and copying changed ones, leaves the previous output as it was', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 4000; i++) files[`src/f${i}.py`] = `${'x'.repeat(2000)}${i}\n`;
    const { dir } = setup(files);
    // Old enough for the digest cache to trust, so that the second compile links what did not change.
    const old = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 4000; i++) utimesSync(join(dir, `src/f${i}.py`), old, old);
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'out'], { cwd: dir })).exitCode).toBe(0);
    const before = readFileSync(join(dir, 'out/manifest.json'), 'utf8');
    const context = (i: number) => join(dir, 'out/app/context/src', `f${i}.py`);
    for (let i = 0; i < 4000; i += 2) writeFileSync(join(dir, `src/f${i}.py`), `changed ${i}\n`);
    const child = spawn(process.execPath, [BIN, 'compile', 'app.flyimg', '--out', 'out'], { cwd: dir, env: { NO_COLOR: '1', FLYIMGC_CACHE_DIR: CACHE_DIR }, stdio: 'ignore' });
    children.push(child);
    const done = exited(child);
    const temporaries = () => readdirSync(dir).filter((n) => n.startsWith('.out.tmp-'));
    const writing = () => temporaries().some((t) => existsSync(join(dir, t, '.flyimgc-writing')));
    await waitFor(() => writing() || child.exitCode !== null, 'the compile to start writing');
    child.kill('SIGKILL');
    const end = await done;
    if (end.signal === null) return expect.fail('the compile finished before it could be killed; make the project bigger');
    expect(readFileSync(join(dir, 'out/manifest.json'), 'utf8')).toBe(before);
    for (const i of [0, 1, 2, 3, 2000, 3999]) expect(readFileSync(context(i), 'utf8')).toBe(`${'x'.repeat(2000)}${i}\n`);
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'out'], { cwd: dir })).exitCode).toBe(0);
    expect(temporaries()).toEqual([]);
    for (const i of [0, 1, 2, 3, 2000, 3999]) expect(readFileSync(context(i), 'utf8')).toBe(i % 2 === 0 ? `changed ${i}\n` : `${'x'.repeat(2000)}${i}\n`);
    // The unchanged files were linked forward from the output the killed run left: one name each again
    // (4,000 files: below the size whose previous output is removed in the background).
    expect(statSync(context(1)).nlink).toBe(1);
  }, 180_000);
});
