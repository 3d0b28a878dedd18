/**
 * The writer takes the outputs as a function that makes them (the command line's lean compile) as well as
 * a list: it makes them once, writes each as it comes (directories made when first needed), and a write that
 * fails part-way leaves the previous output as it was, with no temporary directory beside it. Real files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/compile.js';
import { writeOutputsAtomically } from '../../src/cli/writeOutputs.js';

/** Every file under `dir` (relative path → text, or `/` for a directory). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = join(dir, name);
    out[name] = statSync(file).isDirectory() ? '/' : readFileSync(file, 'utf8');
  }
  return out;
}

/** `manifest.json` (unless `from` > 0), then images `from` … `to` - 1. */
function images(to: number, from = 0): OutputFile[] {
  const outputs: OutputFile[] = from === 0 ? [{ path: 'manifest.json', text: '{}\n' }] : [];
  for (let i = from; i < to; i++) {
    outputs.push({ path: `img_${i}/Dockerfile`, text: `FROM scratch\n# ${i}\n` }, { path: `img_${i}/context`, directory: true });
    if (i % 3 === 0) outputs.push({ path: `img_${i}/context/deep/er/file.txt`, copyFrom: 'src/file.txt', executable: i % 2 === 0 });
  }
  return outputs;
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-write-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'file.txt'), 'copied\n');
  return dir;
}

describe('writing outputs as they are made', () => {
  it('writes the same tree from a function as from the list, calling it once', async () => {
    const dir = project();
    const list = images(40);
    expect(await writeOutputsAtomically('a', list, dir)).toEqual({ ok: true });
    let calls = 0;
    const made = function* () {
      calls++;
      yield* images(40);
    };
    expect(await writeOutputsAtomically('b', made, dir)).toEqual({ ok: true });
    expect(calls).toBe(1);
    const a = tree(join(dir, 'a'));
    expect(tree(join(dir, 'b'))).toEqual(a);
    expect(a['img_0/context/deep/er/file.txt']).toBe('copied\n');
    expect(a['img_1/context']).toBe('/');
    expect(statSync(join(dir, 'b', 'img_0/context/deep/er/file.txt')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'b', 'img_3/context/deep/er/file.txt')).mode & 0o777).toBe(0o644);
  });

  it('leaves the previous output intact, and no temporary directory, when a write fails part-way', async () => {
    const dir = project();
    expect(await writeOutputsAtomically('out', images(5), dir)).toEqual({ ok: true });
    const before = tree(join(dir, 'out'));
    const failing = function* () {
      yield* images(30);
      yield { path: 'img_7/context/missing.txt', copyFrom: 'src/missing.txt', executable: false } as OutputFile;
      yield* images(60, 30);
    };
    const result = await writeOutputsAtomically('out', failing, dir);
    expect(result).toMatchObject({ ok: false, path: 'img_7/context/missing.txt' });
    expect(tree(join(dir, 'out'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['out', 'src']);
    expect(existsSync(join(dir, 'out', 'img_20'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'img_50'))).toBe(false);
  });
});
