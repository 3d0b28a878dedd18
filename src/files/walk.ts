/** Walks a build-context source tree through HostFiles, applying `.dockerignore` rules; deterministic and never throws. */
import { posix } from 'node:path';
import type { HostFiles } from '../host.js';
import { type IgnoreRules, reincludeCheck } from './dockerignore.js';
import { isOutputDirectory } from './outputMarker.js';

/** What `ignored` names as the reason a flyimgc output directory inside a walked folder was left out. */
export const FLYIMGC_OUTPUT = '(flyimgc output directory)';

export interface WalkedFile {
  /** POSIX, relative to the walked root, e.g. `pkg/util.py` */
  readonly path: string;
  readonly size: number;
  readonly executable: boolean;
}
/** What the rules dropped, and by which pattern (dirs dropped whole are listed once, as the dir). */
export interface WalkedIgnore {
  readonly path: string;
  readonly pattern: string;
}
export interface WalkProblem {
  readonly path: string;
  readonly kind: 'symlink-outside' | 'unreadable' | 'special-file';
}
export interface Walk {
  /** sorted by path (plain `<` on the whole relative path), whatever order listDir gives */
  readonly files: readonly WalkedFile[];
  /** sorted by path */
  readonly ignored: readonly WalkedIgnore[];
  /** sorted by path */
  readonly problems: readonly WalkProblem[];
}
export interface WalkOptions {
  /** applied to paths relative to `root` */
  readonly ignore: IgnoreRules;
  /**
   * symlinks whose real path is outside this directory (POSIX path with the same base as `root`, e.g. the project
   * root) are reported as problems and skipped, unless allowOutside
   */
  readonly boundary: string;
  readonly allowOutside?: boolean;
  /**
   * Where `root` lies relative to the directory the ignore rules belong to (`src` when walking `src` with the
   * project root's `.dockerignore`): patterns are matched against `<ignorePrefix>/<path>`, as Docker does.
   */
  readonly ignorePrefix?: string;
  /**
   * `path` (the default): files sorted by whole path. `os.walk`: in the order of Python's `os.walk`
   * (top-down), as flyte-sdk's hash reads them: each directory's files in code-point order, then its
   * sub-directories in the file system's own order (`listDirRaw`).
   */
  readonly order?: 'path' | 'os.walk';
  /** Leave links to directories out (as `os.walk` without `followlinks`), not as a problem. */
  readonly skipDirectoryLinks?: boolean;
  /** Search an excluded directory for files a `!` pattern re-includes, as Docker does (default true). */
  readonly searchExcluded?: boolean;
}

/**
 * Lists the files under `root`. Symlinks are followed when their target is inside the boundary. Excluded entries are
 * never problems: an excluded directory is skipped unopened unless a `!` pattern could re-include something below
 * it, in which case it is searched and each file judged on its own.
 */
export function walkTree(host: HostFiles, root: string, options: WalkOptions): Walk {
  const prefix = options.ignorePrefix && options.ignorePrefix !== '.' ? options.ignorePrefix : undefined;
  const keyOf = (rel: string) => (prefix ? posix.join(prefix, rel) : rel);
  const baseRules = options.ignore;
  const rules = { ignores: (rel: string) => baseRules.ignores(keyOf(rel)), decidingPattern: (rel: string) => baseRules.decidingPattern(keyOf(rel)) };
  const reinclude = options.searchExcluded === false ? () => false : reincludeCheck(baseRules);
  const mayReinclude = (rel: string) => reinclude(keyOf(rel));
  const osWalk = options.order === 'os.walk';
  const rootPath = cleanPath(root);
  const boundary = host.realPath(cleanPath(options.boundary)) ?? cleanPath(options.boundary);
  const files: WalkedFile[] = [];
  const ignored: WalkedIgnore[] = [];
  const problems: WalkProblem[] = [];
  // Real paths of the directories on the current path: entering one again means a symlink cycle.
  const ancestors = new Set<string>();

  /** `excludedBy` is set while searching an excluded directory for re-included files. */
  const walkDir = (hostPath: string, rel: string, real: string, excludedBy: string | undefined): void => {
    const names = host.listDir(hostPath);
    if (names === undefined) {
      if (excludedBy !== undefined) ignored.push({ path: rel, pattern: excludedBy });
      else problems.push({ path: rel, kind: 'unreadable' });
      return;
    }
    // flyimgc's own output (`--out`, `.flyimgc/build`, a half-written temporary) inside a copied folder:
    // copying it would change the tag on every run and grow the context with each compile.
    if (rel !== '.' && isOutputDirectory(names)) {
      ignored.push({ path: rel, pattern: FLYIMGC_OUTPUT });
      return;
    }
    ancestors.add(real);
    const entries = names.filter((name) => name !== '' && name !== '.' && name !== '..' && !name.includes('/'));
    const enter = (name: string) => visit(join(hostPath, name), rel === '.' ? name : `${rel}/${name}`, real, name);
    if (osWalk) {
      // The files first (sorted), then the sub-directories, in the file system's own order.
      const files: string[] = [];
      const directories: string[] = [];
      for (const name of entries) (host.stat(join(hostPath, name))?.kind === 'directory' ? directories : files).push(name);
      for (const name of files.sort(codePointOrder)) enter(name);
      for (const name of inListingOrder(directories, hostPath)) enter(name);
    } else for (const name of entries) enter(name);
    ancestors.delete(real);
  };

  /**
   * Sub-directories in the order the file system lists them (`listDirRaw`), as `os.walk` visits them. Only
   * their order among themselves matters, so a directory with fewer than two is not listed again: reading a
   * directory in its own order costs two to three times a sorted listing, and most directories of a source
   * tree hold files and at most one sub-directory.
   */
  const inListingOrder = (directories: string[], hostPath: string): readonly string[] => {
    if (directories.length < 2) return directories;
    const raw = host.listDirRaw?.(hostPath);
    if (raw === undefined) return directories;
    const position = new Map<string, number>();
    raw.forEach((name, i) => position.set(name, i));
    // A name the second listing lacks (removed in between) keeps its place after the others.
    const at = (name: string) => position.get(name) ?? raw.length;
    return directories.sort((a, b) => at(a) - at(b));
  };

  /**
   * `parentReal` is the real path of the entry's directory; the entry's own is that plus `name` unless it
   * is a symlink, and is made only for a directory (a file's was a string per file, never used).
   */
  const visit = (hostPath: string, rel: string, parentReal: string, name: string): void => {
    const excludedBy = rules.ignores(rel) ? (rules.decidingPattern(rel) ?? '') : undefined;
    // What cannot be used inside an excluded directory is simply excluded, not a problem.
    const drop = (kind: WalkProblem['kind']): void => {
      if (excludedBy !== undefined) ignored.push({ path: rel, pattern: excludedBy });
      else problems.push({ path: rel, kind });
    };
    // Skipping excluded entries before stat keeps pruned trees (node_modules, build output) nearly free.
    if (excludedBy !== undefined && !mayReinclude(rel)) {
      ignored.push({ path: rel, pattern: excludedBy });
      return;
    }
    const stat = host.stat(hostPath);
    // Vanished, or a symlink pointing nowhere.
    if (stat === undefined) return drop('unreadable');
    if (excludedBy !== undefined && stat.kind !== 'directory') {
      ignored.push({ path: rel, pattern: excludedBy });
      return;
    }
    let target: string | undefined;
    if (stat.symlink) {
      if (stat.kind === 'directory' && options.skipDirectoryLinks) return;
      const resolved = host.realPath(hostPath);
      if (resolved === undefined) return drop('unreadable');
      if (!options.allowOutside && !isWithin(resolved, boundary)) return drop('symlink-outside');
      target = resolved;
    }
    switch (stat.kind) {
      case 'file':
        files.push({ path: rel, size: stat.size, executable: stat.executable });
        return;
      case 'other':
        return drop('special-file');
      case 'directory':
        target ??= join(parentReal, name);
        // A link back to a directory being walked: its files are already listed under their own path, but
        // following it would never end, and dropping it silently would hide that this copy is missing.
        if (ancestors.has(target)) return drop('unreadable');
        return walkDir(hostPath, rel, target, excludedBy);
    }
  };

  const rootStat = host.stat(rootPath);
  const rootReal = host.realPath(rootPath);
  if (rootStat?.kind !== 'directory' || rootReal === undefined) {
    problems.push({ path: '.', kind: 'unreadable' });
  } else {
    walkDir(rootPath, '.', rootReal, undefined);
  }
  return { files: osWalk ? files : files.sort(byPath), ignored: ignored.sort(byPath), problems: problems.sort(byPath) };
}

/**
 * Python's string order: by code point (JavaScript's `<` compares UTF-16 units). The two differ only where a
 * surrogate is compared with another unit; elsewhere the first differing unit decides, with no allocation.
 */
export function codePointOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) return codePointsCompared(a, b);
    return x - y;
  }
  return a.length - b.length;
}

function codePointsCompared(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

// Sorting once at the end (rather than each listing) is what gives whole-path order: `a-b` sorts before `a/c`.
function byPath(a: { readonly path: string }, b: { readonly path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function cleanPath(p: string): string {
  const clean = posix.normalize(p === '' ? '.' : p);
  return clean.length > 1 ? clean.replace(/\/$/, '') : clean;
}

function join(dir: string, name: string): string {
  if (dir === '.') return name;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Both are clean paths with the same base: relative (`.`, `a/b`, `../x`) or absolute. */
function isWithin(path: string, dir: string): boolean {
  if (dir === '.') return path !== '..' && !path.startsWith('../') && !path.startsWith('/');
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(`${dir}/`);
}
