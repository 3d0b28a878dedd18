import { describe, expect, it } from 'vitest';
import { withCachedStats } from '../../src/files/cachedStats.js';
import type { FileStat, HostFiles } from '../../src/host.js';

/** An in-memory host that counts what it is asked. */
function countingHost() {
  const asked: string[] = [];
  const file: FileStat = { kind: 'file', size: 3, executable: false, symlink: false };
  const host: HostFiles = {
    readFile: (p) => (asked.push(`read ${p}`), p === 'a' ? { ok: true, bytes: new TextEncoder().encode('abc') } : { ok: false, missing: true, reason: 'no such file' }),
    stat: (p) => (asked.push(`stat ${p}`), p === 'a' ? file : undefined),
    listDir: (p) => (asked.push(`list ${p}`), p === '.' ? ['a'] : undefined),
    realPath: (p) => (asked.push(`real ${p}`), p === 'a' ? '/x/a' : undefined),
  };
  return { host, asked };
}

describe('withCachedStats', () => {
  it('asks stat and realPath once per path, missing paths included, and the answers are the host’s', () => {
    const { host, asked } = countingHost();
    const cached = withCachedStats(host);
    for (let i = 0; i < 3; i++) {
      expect(cached.stat('a')).toEqual({ kind: 'file', size: 3, executable: false, symlink: false });
      expect(cached.stat('b')).toBeUndefined();
      expect(cached.realPath('a')).toBe('/x/a');
      expect(cached.realPath('b')).toBeUndefined();
    }
    expect(asked).toEqual(['stat a', 'stat b', 'real a', 'real b']);
  });

  it('passes reads through every time (contents are never cached), and lists a directory once', () => {
    const { host, asked } = countingHost();
    const cached = withCachedStats(host);
    cached.readFile('a');
    cached.readFile('a');
    expect(cached.listDir('.')).toEqual(['a']);
    expect(cached.listDir('.')).toEqual(['a']);
    expect(cached.listDir('nope')).toBeUndefined();
    expect(cached.listDir('nope')).toBeUndefined();
    expect(asked).toEqual(['read a', 'read a', 'list .', 'list nope']);
    expect(cached.digest).toBeUndefined();
    expect(cached.listDirRaw).toBeUndefined();
  });

  it('wraps once: a cached host handed on (compile to analyze) is used as it is', () => {
    const { host } = countingHost();
    const cached = withCachedStats(host);
    expect(withCachedStats(cached)).toBe(cached);
    expect(withCachedStats(host)).not.toBe(cached);
  });
});
