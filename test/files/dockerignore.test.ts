import dockerignore from '@balena/dockerignore';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_IGNORE_RULES, parseDockerignore, reincludeCheck } from '../../src/files/dockerignore.js';

const ignoredOf = (text: string, paths: readonly string[]) => {
  const rules = parseDockerignore(text);
  return paths.filter((p) => rules.ignores(p));
};

describe('parseDockerignore', () => {
  it('drops comments and blank lines and trims, like moby', () => {
    const rules = parseDockerignore('\uFEFF# a comment\n\n  *.log  \r\n #not-a-comment\n\t\n!keep.log\n');
    expect(rules.patterns).toEqual(['*.log', '#not-a-comment', '!keep.log']);
    expect(rules.ignores('#not-a-comment')).toBe(true);
    expect(rules.ignores('a.log')).toBe(true);
  });

  it('matches `*` and `?` within one path component only, and `**` across them', () => {
    const paths = ['a.log', 'src/a.log', 'src/deep/a.log', 'file1.txt', 'file12.txt', 'd/file1.txt'];
    expect(ignoredOf('*.log', paths)).toEqual(['a.log']);
    expect(ignoredOf('**/*.log', paths)).toEqual(['a.log', 'src/a.log', 'src/deep/a.log']);
    expect(ignoredOf('*/*.log', paths)).toEqual(['src/a.log']);
    expect(ignoredOf('file?.txt', paths)).toEqual(['file1.txt']);
    expect(ignoredOf('*/file?.txt', paths)).toEqual(['d/file1.txt']);
  });

  it('supports character classes and escapes', () => {
    const paths = ['a.txt', 'b.txt', 'c.txt', '*.txt'];
    expect(ignoredOf('[ab].txt', paths)).toEqual(['a.txt', 'b.txt']);
    expect(ignoredOf('[a-b].txt', paths)).toEqual(['a.txt', 'b.txt']);
    expect(ignoredOf('\\*.txt', paths)).toEqual(['*.txt']);
  });

  it('is case-sensitive', () => {
    expect(ignoredOf('*.LOG\nBuild', ['a.log', 'A.LOG', 'build/x', 'Build/x'])).toEqual(['A.LOG', 'Build/x']);
  });

  it('excludes everything below a matching directory, however the pattern is spelt', () => {
    const paths = ['build', 'build/x', 'build/x/y.o', 'builder', 'src/build'];
    for (const pattern of ['build', 'build/', '/build', './build', 'build//', 'x/../build']) {
      expect(ignoredOf(pattern, paths), pattern).toEqual(['build', 'build/x', 'build/x/y.o']);
    }
    expect(ignoredOf('**/build', paths)).toEqual(['build', 'build/x', 'build/x/y.o', 'src/build']);
  });

  it('lets the last matching pattern win and reports it', () => {
    const rules = parseDockerignore('*.log\n!keep.log\n');
    expect(rules.ignores('a.log')).toBe(true);
    expect(rules.ignores('keep.log')).toBe(false);
    expect(rules.decidingPattern('a.log')).toBe('*.log');
    expect(rules.decidingPattern('keep.log')).toBe('!keep.log');
    expect(rules.decidingPattern('main.py')).toBeUndefined();

    const reversed = parseDockerignore('!keep.log\n*.log\n');
    expect(reversed.ignores('keep.log')).toBe(true);
    expect(reversed.decidingPattern('keep.log')).toBe('*.log');
  });

  it('re-includes files below an excluded directory', () => {
    const rules = parseDockerignore('secrets\n!secrets/public.pem\n');
    expect(rules.ignores('secrets')).toBe(true);
    expect(rules.ignores('secrets/private.pem')).toBe(true);
    expect(rules.ignores('secrets/public.pem')).toBe(false);
    expect(rules.decidingPattern('secrets/public.pem')).toBe('!secrets/public.pem');
  });

  it('matches paths named like Object.prototype members', () => {
    // The library's memo is a plain object: without care these read the prototype and are never excluded.
    expect(ignoredOf('*', ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'x'])).toEqual([
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      'x',
    ]);
  });

  it('lets a pattern that is no valid regexp match nothing instead of throwing, and lists it as invalid (FLY5080)', () => {
    const rules = parseDockerignore('foo(\n+bar\n[x\n*.log\n');
    expect(rules.patterns).toEqual(['foo(', '+bar', '[x', '*.log']);
    expect(rules.invalid).toEqual([
      { pattern: 'foo(', start: 0, end: 4 },
      { pattern: '+bar', start: 5, end: 9 },
      { pattern: '[x', start: 10, end: 12 },
    ]);
    expect(rules.ignores('foo(')).toBe(false);
    expect(rules.ignores('a.log')).toBe(true);
  });

  it('treats a lone `!` as matching nothing', () => {
    const rules = parseDockerignore('*\n!\n');
    expect(rules.ignores('a')).toBe(true);
    expect(rules.decidingPattern('a')).toBe('*');
  });

  it('has rules that ignore nothing', () => {
    expect(NO_IGNORE_RULES.patterns).toEqual([]);
    expect(NO_IGNORE_RULES.ignores('anything')).toBe(false);
    expect(NO_IGNORE_RULES.decidingPattern('anything')).toBeUndefined();
    expect(parseDockerignore('').patterns).toEqual([]);
  });

  it('agrees with the library evaluating all patterns at once', () => {
    const component = fc.constantFrom('a', 'b', 'a.log', '*', '**', '?', '*.log', '[ab]');
    const pattern = fc
      .tuple(fc.boolean(), fc.array(component, { minLength: 1, maxLength: 3 }))
      .map(([negated, parts]) => `${negated ? '!' : ''}${parts.join('/')}`);
    const path = fc.array(fc.constantFrom('a', 'b', 'a.log', 'ab'), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 6 }), fc.array(path, { maxLength: 10 }), (patterns, paths) => {
        const ours = parseDockerignore(patterns.join('\n'));
        const library = dockerignore.default({ ignorecase: false }).add(patterns);
        for (const p of paths) {
          expect(ours.ignores(p)).toBe(library.ignores(p));
          expect(ours.decidingPattern(p) === undefined || patterns.includes(ours.decidingPattern(p)!)).toBe(true);
        }
      }),
    );
  });
});

describe('reincludeCheck', () => {
  const check = (text: string) => reincludeCheck(parseDockerignore(text));

  it('says no without `!` patterns, or when they cannot reach below the directory', () => {
    expect(check('build\n*.log')('build')).toBe(false);
    expect(check('build\n!keep.log')('build')).toBe(false);
    expect(check('secrets\n!secrets/public.pem')('build')).toBe(false);
    expect(check('secrets\n!secrets/public.pem')('secrets/deep')).toBe(false);
  });

  it('says yes for a `!` pattern naming something below the directory', () => {
    expect(check('secrets\n!secrets/public.pem')('secrets')).toBe(true);
    expect(check('secrets\n! /secrets/./public.pem/')('secrets')).toBe(true);
    expect(check('*/tmp\n!*/tmp/keep')('a/tmp')).toBe(true);
    expect(check('*/tmp\n!*/tmp/keep')('a/other')).toBe(false);
  });

  it('errs towards yes for patterns that may cross directories', () => {
    expect(check('build\n!**/keep')('build')).toBe(true);
    expect(check('build\n!b[u]ild/keep')('build')).toBe(true);
  });

  it('never says no when some path below an excluded directory is re-included', () => {
    // Mostly plain and `*`/`?` components (where the check is exact), names from a small alphabet so that
    // patterns often hit them, and a negation always present.
    const component = fc.oneof(
      { arbitrary: fc.constantFrom('a', 'b', '*', '?'), weight: 8 },
      { arbitrary: fc.constantFrom('**', '[ab]'), weight: 1 },
    );
    const parts = fc.array(component, { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
    const patterns = fc
      .tuple(fc.array(fc.tuple(fc.boolean(), parts), { maxLength: 5 }), parts)
      .map(([rest, negation]) => [...rest.map(([n, p]) => `${n ? '!' : ''}${p}`), `!${negation}`]);
    const names = fc.array(fc.constantFrom('a', 'b'), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(patterns, names, fc.nat(4), (patterns, parts, cut) => {
        const rules = parseDockerignore(patterns.join('\n'));
        const dir = parts.slice(0, Math.min(cut + 1, parts.length - 1)).join('/');
        const file = parts.join('/');
        if (rules.ignores(dir) && !rules.ignores(file)) expect(reincludeCheck(rules)(dir)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
