import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DigestCache } from '../../src/cli/digestCache.js';
import { nodeHost } from '../../src/cli/io.js';
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

  it('through the host (a stat, then digestAll, then digest, as a compile asks): hits for unchanged files, a changed one re-hashed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    const cacheFile = join(dir, 'cache.txt');
    const old = new Date(Date.now() - 60_000);
    const names = ['same', 'new-mtime', 'mtime-put-back', 'damaged'];
    for (const name of names) {
      writeFileSync(join(dir, name), `${name} one`);
      utimesSync(join(dir, name), old, old);
    }
    const ask = () => {
      const cache = new DigestCache(cacheFile);
      const host = nodeHost(dir, { digests: cache });
      for (const name of names) host.stat(name);
      host.digestAll!(names);
      const digests = names.map((name) => host.digest!(name));
      cache.save();
      return { digests, stats: { ...cache.stats } };
    };
    expect(ask().digests).toEqual(names.map((name) => sha(`${name} one`)));
    expect(ask()).toEqual({ digests: names.map((name) => sha(`${name} one`)), stats: { hits: 4, misses: 0, bytesHashed: 0 } });

    // Same sizes: one with a new mtime, one with its mtime put back (only its ctime moved), and a cache
    // line whose digest is not a sha256 (a damaged file): none of them may be answered from the cache.
    writeFileSync(join(dir, 'new-mtime'), 'new-mtime two');
    utimesSync(join(dir, 'new-mtime'), new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    writeFileSync(join(dir, 'mtime-put-back'), 'mtime-put-back two');
    utimesSync(join(dir, 'mtime-put-back'), old, old);
    const lines = readFileSync(cacheFile, 'utf8').split('\n');
    writeFileSync(cacheFile, lines.map((line) => (line.endsWith('/damaged') ? `${'g'.repeat(64)}${line.slice(64)}` : line)).join('\n'));
    const after = ask();
    expect(after.digests).toEqual([sha('same one'), sha('new-mtime two'), sha('mtime-put-back two'), sha('damaged one')]);
    expect(after.stats).toMatchObject({ hits: 1, misses: 3 });
  });

  it('survives a corrupt cache file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-dc-'));
    writeFileSync(join(dir, 'cache.json'), '{not json');
    writeFileSync(join(dir, 'a.txt'), 'x');
    expect(new DigestCache(join(dir, 'cache.json')).digest(join(dir, 'a.txt'))).toBe(sha('x'));
    expect(readFileSync(join(dir, 'cache.json'), 'utf8')).toBe('{not json');
  });
});
