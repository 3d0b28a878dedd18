import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DigestCache } from '../../src/cli/digestCache.js';
import { sha256Hex } from '../../src/hash/contentHash.js';

const sha = (text: string) => sha256Hex(text);

describe('the digest cache', () => {
  it('answers from the cache for an unchanged file, and re-hashes a changed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    const file = join(dir, 'a.txt');
    const cacheFile = join(dir, 'cache.json');
    writeFileSync(file, 'one');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);

    const first = new DigestCache(cacheFile);
    expect(first.digest(file)).toBe(sha('one'));
    first.save();

    const second = new DigestCache(cacheFile);
    expect(second.digest(file)).toBe(sha('one'));
    expect(second.stats).toMatchObject({ hits: 1, misses: 0 });

    // Same size, new content, new mtime.
    writeFileSync(file, 'two');
    utimesSync(file, new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    const third = new DigestCache(cacheFile);
    expect(third.digest(file)).toBe(sha('two'));
    expect(third.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it('does not trust a digest taken while the file may still have been changing (same clock tick)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    const file = join(dir, 'a.txt');
    const cacheFile = join(dir, 'cache.json');
    writeFileSync(file, 'one');
    const cache = new DigestCache(cacheFile);
    cache.digest(file);
    cache.save();
    // Changed again within the same mtime, size unchanged: only the racy rule can notice.
    const { mtime } = statSync(file);
    writeFileSync(file, 'uno');
    utimesSync(file, mtime, mtime);
    const again = new DigestCache(cacheFile);
    expect(again.digest(file)).toBe(sha('uno'));
  });

  it('re-hashes a file rewritten with the same size and its mtime put back (its ctime moved)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    const file = join(dir, 'a.txt');
    const cacheFile = join(dir, 'cache.txt');
    const old = new Date(Date.now() - 60_000);
    writeFileSync(file, 'one');
    utimesSync(file, old, old);
    const first = new DigestCache(cacheFile);
    expect(first.digest(file)).toBe(sha('one'));
    first.save();
    // As `rsync -t` or an archive extracted over the tree would: new bytes, same size, same mtime.
    writeFileSync(file, 'two');
    utimesSync(file, old, old);
    const again = new DigestCache(cacheFile);
    expect(again.digest(file)).toBe(sha('two'));
    expect(again.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it('keeps the entries of files not asked for, and reads paths with spaces and line breaks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    const cacheFile = join(dir, 'cache.txt');
    const names = ['plain.txt', 'with space.txt', 'line\nbreak.txt', '"quoted.txt'].map((n) => join(dir, n));
    const old = new Date(Date.now() - 60_000);
    for (const name of names) {
      writeFileSync(name, name);
      utimesSync(name, old, old);
    }
    const first = new DigestCache(cacheFile);
    for (const name of names) first.digest(name);
    first.save();
    // A run that asks for one file only, and hashes another, writes the others' entries back as they were.
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'other');
    const second = new DigestCache(cacheFile);
    second.digest(names[0]!);
    second.digest(other);
    second.save();
    const third = new DigestCache(cacheFile);
    for (const name of names) expect(third.digest(name)).toBe(sha(name));
    expect(third.stats).toMatchObject({ hits: names.length, misses: 0 });
  });

  it('survives a corrupt cache file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    writeFileSync(join(dir, 'cache.json'), '{not json');
    writeFileSync(join(dir, 'a.txt'), 'x');
    expect(new DigestCache(join(dir, 'cache.json')).digest(join(dir, 'a.txt'))).toBe(sha('x'));
    expect(readFileSync(join(dir, 'cache.json'), 'utf8')).toBe('{not json');
  });
});
