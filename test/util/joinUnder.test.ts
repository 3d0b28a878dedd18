import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinUnder } from '../../src/util/joinUnder.js';
import { resolveFrom } from '../../src/cli/resolveFrom.js';
import * as path from 'node:path';

// Bases and paths with every shape the shortcut must tell apart: clean, dotted, empty components, absolute.
const BASES = ['', '.', './', 'a', 'a/', 'a/b', './a', 'a/./b', 'a/../b', '..', '../..', '../a', '/', '/x', '/x/', '/x/../y', 'a//b', '_outside/_up/x'];
const PATHS = ['', '.', '..', 'f', 'f.py', '.f', '..f', 'f..', '...', 'd/f', 'd/./f', 'd/../f', './f', '../f', 'd/', 'd//f', '/abs', 'd/.hidden/f', 'a b/c'];

describe('joinUnder', () => {
  it('gives what posix.join gives, for every base and path', () => {
    for (const base of BASES) {
      const join = joinUnder(base);
      for (const p of PATHS) expect(join(p), `${base} + ${p}`).toBe(posix.join(base, p));
    }
  });
  it('joins several base parts as posix.join does', () => {
    for (const base of BASES) for (const p of PATHS) expect(joinUnder(base, 'context')(p)).toBe(posix.join(base, 'context', p));
  });
});

describe('resolveFrom', () => {
  it('gives what path.resolve gives, for every directory and path', () => {
    for (const cwd of ['/', '/x', '/x/', '/x/y/../z', '/x//y']) {
      const resolve = resolveFrom(cwd);
      for (const base of BASES) for (const p of PATHS) {
        const input = base === '' ? p : `${base}/${p}`;
        expect(resolve(input), `${cwd} + ${input}`).toBe(path.resolve(cwd, input));
      }
    }
  });
});
