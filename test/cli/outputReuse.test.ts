/**
 * Re-writing an output directory (issue #14 targets 2 and 3): nothing is written when nothing changed,
 * unchanged files come from the previous output as hard links, changed ones are copied again. Real files,
 * the real digest cache and writer; only the clock is moved (utimes) to make changes the cache must notice.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/compile.js';
import { DigestCache } from '../../src/cli/digestCache.js';
import { outputIndexFile } from '../../src/cli/outputIndex.js';
import { writeOutputsAtomically } from '../../src/cli/writeOutputs.js';

const LONG_AGO = new Date(Date.now() - 3600_000);

function project(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-reuse-'));
  const cache = join(dir, '.cache');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), text);
    // Old enough for the digest cache to trust (its racy rule distrusts a file changed in the last 2 s).
    utimesSync(join(dir, 'src', name), LONG_AGO, LONG_AGO);
  }
  const outputs = (): OutputFile[] => {
    const names = readdirSync(join(dir, 'src'), { recursive: true, encoding: 'utf8' }).filter((n) => statSync(join(dir, 'src', n)).isFile());
    const list: OutputFile[] = [
      { path: 'app/Dockerfile', text: `FROM scratch\n# ${names.length} files\n` },
      ...names.map((n) => ({ path: `app/context/src/${n}`, copyFrom: `src/${n}`, executable: n.endsWith('.sh') })),
      { path: 'manifest.json', text: '{}\n' },
    ];
    return list.sort((a, b) => (a.path < b.path ? -1 : 1));
  };
  /** A compile's write as the CLI does it: a fresh digest cache per run, the index next to it. */
  const write = async (options: { cache?: boolean } = {}) => {
    const digests = new DigestCache(join(cache, 'digests.txt'));
    const reuse = options.cache === false ? undefined : { indexFile: outputIndexFile(cache, join(dir, 'out')), digest: (f: string) => digests.digest(f) };
    const result = await writeOutputsAtomically('out', outputs(), dir, reuse);
    digests.save();
    expect(result).toEqual({ ok: true });
  };
  const out = (name: string) => join(dir, 'out', name);
  return { dir, write, out, src: (name: string) => join(dir, 'src', name) };
}

describe('writing over a previous output', () => {
  it('writes nothing when nothing changed: the directory and its files stay the same inodes', async () => {
    const p = project({ 'a.py': 'a\n', 'b/c d.py': 'c\n' });
    await p.write();
    const before = { root: lstatSync(p.out('')).ino, file: lstatSync(p.out('app/context/src/a.py')).ino };
    await p.write();
    expect(lstatSync(p.out('')).ino).toBe(before.root);
    expect(lstatSync(p.out('app/context/src/a.py')).ino).toBe(before.file);
    // Without the cache the whole directory is written again (a new directory takes the place of the old).
    await p.write({ cache: false });
    expect(lstatSync(p.out('')).ino).not.toBe(before.root);
    expect(readFileSync(p.out('app/context/src/a.py'), 'utf8')).toBe('a\n');
  });

  it('copies a changed file again even when its size and mtime are what they were', async () => {
    const p = project({ 'a.py': 'one\n', 'b.py': 'bee\n' });
    await p.write();
    writeFileSync(p.src('a.py'), 'two\n');
    utimesSync(p.src('a.py'), LONG_AGO, LONG_AGO);
    await p.write();
    expect(readFileSync(p.out('app/context/src/a.py'), 'utf8')).toBe('two\n');
    expect(readFileSync(p.out('app/context/src/b.py'), 'utf8')).toBe('bee\n');
  });

  it('hard-links unchanged files from the previous output only: never the source, and alone once the old output is gone', async () => {
    const p = project({ 'a.py': 'a\n', 'b.py': 'b\n' });
    await p.write();
    const old = lstatSync(p.out('app/context/src/b.py')).ino;
    writeFileSync(p.src('a.py'), 'changed\n');
    utimesSync(p.src('a.py'), LONG_AGO, LONG_AGO);
    await p.write();
    const b = lstatSync(p.out('app/context/src/b.py'));
    expect(b.ino).toBe(old);
    expect(b.nlink).toBe(1);
    expect(b.ino).not.toBe(lstatSync(p.src('b.py')).ino);
    expect(lstatSync(p.src('b.py')).nlink).toBe(1);
    expect(lstatSync(p.out('app/context/src/a.py')).ino).not.toBe(lstatSync(p.src('a.py')).ino);
    expect(readdirSync(p.dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('drops a removed file from the context', async () => {
    const p = project({ 'a.py': 'a\n', 'gone.py': 'g\n' });
    await p.write();
    expect(existsSync(p.out('app/context/src/gone.py'))).toBe(true);
    (await import('node:fs')).rmSync(p.src('gone.py'));
    await p.write();
    expect(existsSync(p.out('app/context/src/gone.py'))).toBe(false);
    expect(readFileSync(p.out('app/context/src/a.py'), 'utf8')).toBe('a\n');
  });

  it('writes a file again whose mode was changed by hand in the output', async () => {
    const p = project({ 'run.sh': 'echo\n', 'a.py': 'a\n' });
    await p.write();
    expect(lstatSync(p.out('app/context/src/run.sh')).mode & 0o777).toBe(0o755);
    const { chmodSync } = await import('node:fs');
    chmodSync(p.out('app/context/src/run.sh'), 0o644);
    await p.write();
    expect(lstatSync(p.out('app/context/src/run.sh')).mode & 0o777).toBe(0o755);
    expect(lstatSync(p.out('app/context/src/a.py')).mode & 0o777).toBe(0o644);
  });

  it('repairs an output edited by hand, and removes a file added to it by hand', async () => {
    const p = project({ 'a.py': 'a\n', 'b.py': 'b\n' });
    await p.write();
    writeFileSync(p.out('app/context/src/a.py'), 'edited\n');
    await p.write();
    expect(readFileSync(p.out('app/context/src/a.py'), 'utf8')).toBe('a\n');
    writeFileSync(p.out('app/context/src/extra.py'), 'x\n');
    await p.write();
    expect(existsSync(p.out('app/context/src/extra.py'))).toBe(false);
    // A file hard-linked forward was not written through: the edit went to the old copy's inode only.
    expect(readFileSync(p.out('app/context/src/b.py'), 'utf8')).toBe('b\n');
  });

  it('does not trust an index that describes another directory (the output was replaced by something else)', async () => {
    const p = project({ 'a.py': 'a\n' });
    await p.write();
    const { renameSync, rmSync, cpSync } = await import('node:fs');
    cpSync(p.out(''), join(p.dir, 'copy'), { recursive: true });
    writeFileSync(join(p.dir, 'copy/app/context/src/a.py'), 'tampered\n');
    rmSync(p.out(''), { recursive: true });
    renameSync(join(p.dir, 'copy'), p.out(''));
    await p.write();
    expect(readFileSync(p.out('app/context/src/a.py'), 'utf8')).toBe('a\n');
  });
});
