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

  it('survives a corrupt cache file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    writeFileSync(join(dir, 'cache.json'), '{not json');
    writeFileSync(join(dir, 'a.txt'), 'x');
    expect(new DigestCache(join(dir, 'cache.json')).digest(join(dir, 'a.txt'))).toBe(sha('x'));
    expect(readFileSync(join(dir, 'cache.json'), 'utf8')).toBe('{not json');
  });
});
