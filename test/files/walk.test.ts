import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHost } from '../../src/cli/io.js';
import { NO_IGNORE_RULES, parseDockerignore } from '../../src/files/dockerignore.js';
import { codePointOrder, walkTree, type WalkOptions } from '../../src/files/walk.js';
import type { HostFiles } from '../../src/host.js';
import { memoryHost } from '../helpers/memoryHost.js';
import { missing } from '../helpers/required.js';

const noIgnore: WalkOptions = { ignore: NO_IGNORE_RULES, boundary: '.' };
const paths = (items: readonly { readonly path: string }[]) => items.map((i) => i.path);

/** `host` with every directory listing put in a different order. */
function reorderedHost(host: HostFiles, order: (names: readonly string[], dir: string) => readonly string[]): HostFiles {
  return {
    readFile: (p) => host.readFile(p),
    stat: (p) => host.stat(p),
    realPath: (p) => host.realPath(p),
    listDir: (p) => {
      const names = host.listDir(p);
      return names && order(names, p);
    },
  };
}

/** A deterministic shuffle driven by `seed` and the directory, so each directory gets its own order. */
function shuffled(seed: number): (names: readonly string[], dir: string) => readonly string[] {
  return (names, dir) => {
    let state = seed;
    for (const c of dir) state = (Math.imul(state, 31) + c.charCodeAt(0)) | 0;
    const out = [...names];
    for (let i = out.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1103515245) + 12345) | 0;
      const j = (state >>> 0) % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
}

describe('walkTree over memory', () => {
  it('lists files with sizes and the executable bit, relative to the root', () => {
    const host = memoryHost(
      { 'ctx/run.sh': '#!/bin/sh\n', 'ctx/pkg/util.py': 'x = 1\n', 'ctx/pkg/__init__.py': '', 'other/x': 'no' },
      { executable: ['ctx/run.sh'] },
    );
    expect(walkTree(host, 'ctx', noIgnore)).toEqual({
      files: [
        { path: 'pkg/__init__.py', size: 0, executable: false },
        { path: 'pkg/util.py', size: 6, executable: false },
        { path: 'run.sh', size: 10, executable: true },
      ],
      ignored: [],
      problems: [],
    });
    expect(paths(walkTree(host, 'ctx/', noIgnore).files)).toEqual(['pkg/__init__.py', 'pkg/util.py', 'run.sh']);
    expect(paths(walkTree(host, '.', noIgnore).files)).toEqual(['ctx/pkg/__init__.py', 'ctx/pkg/util.py', 'ctx/run.sh', 'other/x']);
  });

  it('sorts by the whole path, not directory by directory', () => {
    const host = memoryHost({ 'a/b': '', 'a-c': '', 'a.d': '', 'A/x': '', 'b': '', 'é': '' });
    expect(paths(walkTree(host, '.', noIgnore).files)).toEqual(['A/x', 'a-c', 'a.d', 'a/b', 'b', 'é']);
  });

  it('applies nested ignore rules relative to the root, pruning excluded directories', () => {
    const host = memoryHost({
      'app/main.py': '',
      'app/debug.log': '',
      'app/keep.log': '',
      'app/src/trace.log': '',
      'app/src/mod.py': '',
      'app/src/__pycache__/mod.cpython-312.pyc': '',
      'app/__pycache__/x.pyc': '',
      'app/secrets/key.pem': '',
      'app/secrets/keep.log': '',
      'app/build/out/a.o': '',
      'app/build/out/b.o': '',
      'app/src/build/gen.py': '',
    });
    const rules = parseDockerignore('secrets/\n*.log\n!keep.log\nbuild\n**/__pycache__\n');
    expect(walkTree(host, 'app', { ignore: rules, boundary: 'app' })).toEqual({
      files: [
        { path: 'keep.log', size: 0, executable: false },
        { path: 'main.py', size: 0, executable: false },
        { path: 'src/build/gen.py', size: 0, executable: false },
        { path: 'src/mod.py', size: 0, executable: false },
        // `*.log` has one component, so like Docker it only matches at the top.
        { path: 'src/trace.log', size: 0, executable: false },
      ],
      ignored: [
        { path: '__pycache__', pattern: '**/__pycache__' },
        { path: 'build', pattern: 'build' },
        { path: 'debug.log', pattern: '*.log' },
        { path: 'secrets', pattern: 'secrets/' },
        { path: 'src/__pycache__', pattern: '**/__pycache__' },
      ],
      problems: [],
    });
  });

  it('searches an excluded directory when a later `!` pattern can re-include something in it', () => {
    const host = memoryHost({
      'secrets/public.pem': 'pub',
      'secrets/private.pem': 'priv',
      'secrets/deep/x': '',
      'secrets/public/a': '',
      'logs/a.log': '',
      'logs/keep/b.log': '',
    });
    const rules = parseDockerignore('secrets\n!secrets/public*\nlogs\n!logs/keep\n');
    const walk = walkTree(host, '.', { ignore: rules, boundary: '.' });
    expect(walk.files).toEqual([
      { path: 'logs/keep/b.log', size: 0, executable: false },
      { path: 'secrets/public.pem', size: 3, executable: false },
      { path: 'secrets/public/a', size: 0, executable: false },
    ]);
    expect(walk.ignored).toEqual([
      { path: 'logs/a.log', pattern: 'logs' },
      { path: 'secrets/deep', pattern: 'secrets' },
      { path: 'secrets/private.pem', pattern: 'secrets' },
    ]);

    // A `**` exception might match anywhere, so every excluded directory is searched and its files listed one by one.
    const anywhere = walkTree(host, '.', { ignore: parseDockerignore('secrets\nlogs\n!**/keep\n'), boundary: '.' });
    expect(paths(anywhere.files)).toEqual(['logs/keep/b.log']);
    expect(paths(anywhere.ignored)).toEqual(['logs/a.log', 'secrets/deep/x', 'secrets/private.pem', 'secrets/public.pem', 'secrets/public/a']);
  });

  it('does not stat or list what it prunes', () => {
    const host = memoryHost({ 'node_modules/a/b/c.js': '', 'src/x.ts': '' });
    const touched: string[] = [];
    const spy: HostFiles = {
      ...host,
      stat: (p) => (touched.push(p), host.stat(p)),
      listDir: (p) => (touched.push(p), host.listDir(p)),
    };
    const walk = walkTree(spy, '.', { ignore: parseDockerignore('node_modules\n!keep.txt'), boundary: '.' });
    expect(walk.ignored).toEqual([{ path: 'node_modules', pattern: 'node_modules' }]);
    expect(touched.filter((p) => p.startsWith('node_modules'))).toEqual([]);
  });

  it('reports unreadable directories and a missing root without throwing', () => {
    const host = memoryHost({ 'a/locked/x': '', 'a/open/y': '', 'a/z': '' });
    const locked: HostFiles = { ...host, listDir: (p) => (p === 'a/locked' ? undefined : host.listDir(p)) };
    expect(walkTree(locked, 'a', noIgnore)).toEqual({
      files: [
        { path: 'open/y', size: 0, executable: false },
        { path: 'z', size: 0, executable: false },
      ],
      ignored: [],
      problems: [{ path: 'locked', kind: 'unreadable' }],
    });
    expect(walkTree(locked, 'a', { ignore: parseDockerignore('locked'), boundary: '.' }).problems).toEqual([]);
    expect(walkTree(host, 'missing', noIgnore)).toEqual({ files: [], ignored: [], problems: [{ path: '.', kind: 'unreadable' }] });
    expect(walkTree(host, 'a/z', noIgnore).problems).toEqual([{ path: '.', kind: 'unreadable' }]);
  });

  it('is the same whatever order directories are listed in', () => {
    const files: Record<string, string> = {};
    for (const p of ['b/x', 'b/y/z', 'a-b', 'a/b', 'a/c/d.log', 'c.log', 'keep.log', 'secrets/k', 'secrets/public']) files[p] = p;
    const host = memoryHost(files);
    const options = { ignore: parseDockerignore('*.log\n!keep.log\nsecrets\n!secrets/public\n'), boundary: '.' };
    const expected = walkTree(host, '.', options);
    expect(walkTree(reorderedHost(host, (n) => [...n].reverse()), '.', options)).toEqual(expected);
    for (const seed of [1, 2, 3]) expect(walkTree(reorderedHost(host, shuffled(seed)), '.', options)).toEqual(expected);
  });

  it('walks 2,000 files in order', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`d${i % 7}/${i % 3 === 0 ? 'sub-x/' : i % 3 === 1 ? 'sub/' : ''}f${i}.txt`] = String(i);
    const host = memoryHost(files);
    const walk = walkTree(reorderedHost(host, shuffled(42)), '.', noIgnore);
    expect(walk.files).toHaveLength(2000);
    const got = paths(walk.files);
    expect(got).toEqual(Object.keys(files).sort());
    for (let i = 1; i < got.length; i++) expect(got[i - 1]! < got[i]!).toBe(true);
  });

  it('is independent of listing order (property)', () => {
    const name = fc.constantFrom('a', 'b', 'a-b', 'a.log', 'keep.log', 'B', '_');
    const tree = fc
      .uniqueArray(fc.array(name, { minLength: 1, maxLength: 4 }).map((p) => p.join('/')), { maxLength: 25 })
      // A path cannot be both a file and a directory.
      .map((ps) => ps.filter((p) => !ps.some((q) => q.startsWith(`${p}/`))));
    const rules = fc.subarray(['*.log', '!keep.log', 'a', '!a/b', '**/B', 'b/*', '!**/_']);
    fc.assert(
      fc.property(tree, rules, fc.integer(), fc.integer(), (ps, patterns, seed1, seed2) => {
        const host = memoryHost(Object.fromEntries(ps.map((p) => [p, p])));
        const options = { ignore: parseDockerignore(patterns.join('\n')), boundary: '.' };
        const first = walkTree(reorderedHost(host, shuffled(seed1)), '.', options);
        expect(walkTree(reorderedHost(host, shuffled(seed2)), '.', options)).toEqual(first);
        // Every file ends up either included or covered by an ignored entry, and never both.
        const ignoredPaths = paths(first.ignored);
        for (const p of ps) {
          const included = first.files.some((f) => f.path === p);
          const excluded = ignoredPaths.some((i) => p === i || p.startsWith(`${i}/`));
          expect(included !== excluded).toBe(true);
          expect(excluded).toBe(options.ignore.ignores(p));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('walkTree over a real directory', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  /** project/ctx is walked with project/ as the boundary; outside/ is beside project/. */
  function setup(): { host: HostFiles; write: (p: string, text?: string) => void; link: (target: string, p: string) => void } {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flyimgc-walk-'));
    const root = tmp;
    const write = (p: string, text = p) => {
      fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      fs.writeFileSync(path.join(root, p), text);
    };
    const link = (target: string, p: string) => {
      fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      fs.symlinkSync(target, path.join(root, p));
    };
    return { host: nodeHost(root), write, link };
  }

  it('follows symlinks inside the boundary and reports those outside it', () => {
    const { host, write, link } = setup();
    write('project/ctx/main.py', 'print()\n');
    write('project/shared/lib.py', 'lib = 1\n');
    write('project/shared/pkg/mod.py', 'mod\n');
    write('outside/secret.txt', 'secret');
    write('outside/dir/x', 'x');
    link('../shared/lib.py', 'project/ctx/lib.py');
    link('../shared/pkg', 'project/ctx/pkg');
    link('../../outside/secret.txt', 'project/ctx/secret.txt');
    link('../../outside/dir', 'project/ctx/outdir');
    link('nowhere', 'project/ctx/dangling');
    fs.chmodSync(path.join(tmp!, 'project/shared/lib.py'), 0o755);

    const options = { ignore: NO_IGNORE_RULES, boundary: 'project' };
    expect(walkTree(host, 'project/ctx', options)).toEqual({
      files: [
        { path: 'lib.py', size: 8, executable: true },
        { path: 'main.py', size: 8, executable: false },
        { path: 'pkg/mod.py', size: 4, executable: false },
      ],
      ignored: [],
      problems: [
        { path: 'dangling', kind: 'unreadable' },
        { path: 'outdir', kind: 'symlink-outside' },
        { path: 'secret.txt', kind: 'symlink-outside' },
      ],
    });

    const allowed = walkTree(host, 'project/ctx', { ...options, allowOutside: true });
    expect(paths(allowed.files)).toEqual(['lib.py', 'main.py', 'outdir/x', 'pkg/mod.py', 'secret.txt']);
    expect(allowed.problems).toEqual([{ path: 'dangling', kind: 'unreadable' }]);

    // The boundary is a directory, not a string prefix: project-other is outside project.
    write('project-other/y', 'y');
    link('../../project-other/y', 'project/ctx/y');
    expect(walkTree(host, 'project/ctx', options).problems).toContainEqual({ path: 'y', kind: 'symlink-outside' });

    // Excluded entries are never problems.
    const excluded = walkTree(host, 'project/ctx', { ...options, ignore: parseDockerignore('secret.txt\noutdir\ndangling\ny') });
    expect(excluded.problems).toEqual([]);
    expect(paths(excluded.ignored)).toEqual(['dangling', 'outdir', 'secret.txt', 'y']);
  });

  it('stops at symlink cycles', () => {
    const { host, write, link } = setup();
    write('ctx/a/file', 'f');
    link('..', 'ctx/a/up');
    link('.', 'ctx/a/self');
    link('../a', 'ctx/b/to-a');
    link('../b', 'ctx/b/to-a-then-b-loop');
    const walk = walkTree(host, 'ctx', { ignore: NO_IGNORE_RULES, boundary: 'ctx' });
    expect(paths(walk.files)).toEqual(['a/file', 'b/to-a/file']);
    expect(walk.problems).toEqual([
      { path: 'a/self', kind: 'unreadable' },
      { path: 'a/up', kind: 'unreadable' },
      { path: 'b/to-a-then-b-loop', kind: 'unreadable' },
      { path: 'b/to-a/self', kind: 'unreadable' },
      { path: 'b/to-a/up', kind: 'unreadable' },
    ]);
  });

  it('reports special files', (ctx) => {
    const { host, write } = setup();
    write('ctx/ok', 'ok');
    try {
      execFileSync('mkfifo', [path.join(tmp!, 'ctx/pipe')]);
    } catch (error) {
      return missing(ctx, `mkfifo failed: ${(error as Error).message}`);
    }
    expect(walkTree(host, 'ctx', { ignore: NO_IGNORE_RULES, boundary: 'ctx' })).toEqual({
      files: [{ path: 'ok', size: 2, executable: false }],
      ignored: [],
      problems: [{ path: 'pipe', kind: 'special-file' }],
    });
  });
});

describe("walkTree in os.walk order (flyte-sdk's hash walk)", () => {
  const NONE = parseDockerignore('');

  it("lists each directory's files in code-point order, then its sub-directories in listing order", () => {
    // memoryHost lists names in insertion order: `z/` before `a/`, and `b.txt` before `B.txt` and `é`.
    const host = memoryHost({ 'z/1': '', 'b.txt': '', 'a/2': '', 'B.txt': '', 'é': '', '\u{1F600}': '', '\uFFFF': '' });
    const paths = walkTree(host, '.', { ignore: NONE, boundary: '.', order: 'os.walk' }).files.map((f) => f.path);
    // Python sorts by code point: U+FFFF before U+1F600 (JavaScript's `<` puts the surrogate pair first).
    expect(paths).toEqual(['B.txt', 'b.txt', 'é', '\uFFFF', '\u{1F600}', 'z/1', 'a/2']);
    expect(walkTree(host, '.', { ignore: NONE, boundary: '.' }).files.map((f) => f.path)).toEqual(['B.txt', 'a/2', 'b.txt', 'z/1', 'é', '\u{1F600}', '\uFFFF']);
  });

  it("orders sub-directories by the host's own listing (listDirRaw), asked only where two or more must be ordered", () => {
    const base = memoryHost({ 'top/m/1': '', 'top/c/2': '', 'top/x/3': '', 'top/c/only/4': '', 'top/f': '' });
    const raw: string[] = [];
    // listDir sorts (as Node's readdirSync); listDirRaw gives the file system's order, here reversed.
    const host: HostFiles = {
      ...base,
      listDir: (p) => base.listDir(p) && [...base.listDir(p)!].sort(),
      listDirRaw: (p) => (raw.push(p), base.listDir(p) && [...base.listDir(p)!].sort().reverse()),
    };
    const paths = walkTree(host, 'top', { ignore: NONE, boundary: '.', order: 'os.walk' }).files.map((f) => f.path);
    expect(paths).toEqual(['f', 'x/3', 'm/1', 'c/2', 'c/only/4']);
    // `top` has three sub-directories; `c` has one, the others none.
    expect(raw).toEqual(['top']);
  });

  it('compares names by code point as Python does, whatever surrogates they hold', () => {
    const reference = (a: string, b: string) => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    // Units drawn around the surrogate range, lone surrogates included, so prefixes often meet there.
    const unit = fc.constantFrom('a', 'b', '\uD7FF', '\uD800', '\uD83D', '\uDBFF', '\uDC00', '\uDE00', '\uDFFF', '\uE000', '\uFFFF');
    const name = fc.array(unit, { maxLength: 6 }).map((units) => units.join(''));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(Math.sign(codePointOrder(a, b))).toBe(Math.sign(reference(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves links to directories out, follows links to files inside the boundary only, and does not search excluded directories', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flyimgc-oswalk-'));
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real/f'), '');
    fs.mkdirSync(path.join(dir, 'skip'));
    fs.writeFileSync(path.join(dir, 'skip/keep'), '');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'dirlink'));
    fs.symlinkSync(path.join(dir, 'real/f'), path.join(dir, 'yes'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'flyimgc-oswalk-outside-'));
    fs.writeFileSync(path.join(outside, 'g'), '');
    fs.symlinkSync(path.join(outside, 'g'), path.join(dir, 'no'));
    const host = nodeHost(dir);
    const ignore = parseDockerignore('skip\n!skip/keep\n');
    const walk = (searchExcluded: boolean) =>
      walkTree(host, '.', { ignore, boundary: '.', order: 'os.walk', skipDirectoryLinks: true, searchExcluded }).files.map((f) => f.path);
    expect(walk(false)).toEqual(['yes', 'real/f']);
    // Sub-directories come in the file system's own order.
    expect(walk(true)[0]).toBe('yes');
    expect(walk(true).sort()).toEqual(['real/f', 'skip/keep', 'yes']);
  });
});
