import { posix } from 'node:path';
import type { Span } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import { fileDestination } from '../../files/copyDestination.js';
import { PersistentMap } from '../../util/persistentMap.js';
import type { RuleContext } from '../context.js';
import type { LayerNode } from '../layers.js';
import type { LayerValue } from '../model.js';

/** A copied file: where it was asked for, and how many files were copied before it (the first one wins). */
interface Copy {
  readonly path: string;
  readonly span: Span;
  readonly order: number;
}

/**
 * What the layers up to one layer copied, as far as this rule needs it. Persistent (see
 * util/persistentMap.ts): images extending one image share its state, and each layer is stepped once.
 */
interface Copies {
  readonly workdir: string;
  /**
   * Paths known to be directories: `COPY file /app` puts the file into `/app` when `/app` is already a
   * directory (a WORKDIR, a copied folder, the parent of a copied file), and makes the file `/app` otherwise.
   */
  readonly directories: PersistentMap<true>;
  /** Every copied file by its path. */
  readonly files: PersistentMap<Copy>;
  /** For each directory above a copied file: the first file copied under it. */
  readonly firstUnder: PersistentMap<Copy>;
  readonly count: number;
}

const NOTHING_COPIED: Copies = { workdir: '<base workdir>', directories: PersistentMap.empty(), files: PersistentMap.empty(), firstUnder: PersistentMap.empty(), count: 0 };

/**
 * No two files copied into one image land on the same path, where one would silently overwrite the other
 * (flyte-sdk checks this only within one `with_source_file` list), and no path must be a file and a
 * directory at once (FLY4050). Folders copied into the same destination merge, which is allowed. Relative destinations are relative to the working directory in
 * force at that layer.
 *
 * What a layer's copy clashes with depends only on the layers below it, so each layer is checked once, in
 * the first image that holds it (`ctx.layers`), from the state of the layers below it: a chain of images
 * each copying one more file costs linear time, not cubic.
 */
export function copyDestinationsUnique(ctx: RuleContext): void {
  const states = ctx.cached(copyDestinationsUnique, () => new Map<LayerNode, Copies>());
  const reported = new Set<string>();
  for (const { layer, node } of ctx.layers) {
    if (layer.kind !== 'source_file') continue;
    const problem = step(stateBelow(node, states), layer).problem;
    if (problem?.kind === 'file and directory') ctx.report(diag.copyDestinationFileAndDirectory(problem.first, problem.path, problem.second));
    if (problem?.kind !== 'same path') continue;
    const key = `${problem.earlier.file}:${problem.earlier.start}:${problem.span.start}`;
    if (reported.has(key)) continue;
    reported.add(key);
    ctx.report(diag.copyDestinationConflict(problem.span, problem.path, problem.earlier));
  }
}

/** The state after the layers below `node`, stepping only the layers above the newest state known. */
function stateBelow(node: LayerNode, states: Map<LayerNode, Copies>): Copies {
  const unknown: LayerNode[] = [];
  let below = node.below;
  while (below && !states.has(below)) {
    unknown.push(below);
    below = below.below;
  }
  let state = below ? states.get(below)! : NOTHING_COPIED;
  for (let i = unknown.length - 1; i >= 0; i--) {
    state = step(state, unknown[i]!.layer).next;
    states.set(unknown[i]!, state);
  }
  return state;
}

type Problem =
  | { readonly kind: 'file and directory'; readonly path: string; readonly first: Span; readonly second: Span }
  | { readonly kind: 'same path'; readonly path: string; readonly span: Span; readonly earlier: Span };

/** One layer: the state after it, and what its copy clashes with. */
function step(state: Copies, layer: LayerValue): { next: Copies; problem?: Problem } {
  if (layer.kind !== 'workdir' && layer.kind !== 'source_folder' && layer.kind !== 'source_file') return { next: state };
  const resolve = (path: string) => (posix.isAbsolute(path) ? posix.normalize(path) : posix.join(state.workdir, path)).replace(/(?<=.)\/+$/, '');
  if (layer.kind === 'workdir') {
    const workdir = resolve(layer.path.value);
    return { next: { ...state, workdir, directories: withDirectory(state.directories, workdir) } };
  }
  if (layer.kind === 'source_folder') return { next: { ...state, directories: withDirectory(state.directories, resolve(layer.dst.value)) } };
  const dst = resolve(layer.dst.value);
  const name = posix.basename(layer.src.path);
  const absolute = state.directories.has(dst) ? posix.join(dst, name) : resolve(fileDestination(layer.dst.value, name));
  // A file at `/app/conf` and another under `/app/conf/`: the path cannot be both. The first such file copied.
  const clash = firstClash(state, absolute);
  if (clash) {
    const fileFirst = absolute.startsWith(`${clash.path}/`);
    const path = (fileFirst ? clash.path : absolute).replace('<base workdir>', '.');
    return { next: state, problem: { kind: 'file and directory', path, first: fileFirst ? clash.span : layer.src.span, second: fileFirst ? layer.src.span : clash.span } };
  }
  const directories = withDirectory(state.directories, posix.dirname(absolute));
  const earlier = state.files.get(absolute);
  if (earlier) return { next: { ...state, directories }, problem: { kind: 'same path', path: absolute.replace('<base workdir>', '.'), span: layer.src.span, earlier: earlier.span } };
  const copy: Copy = { path: absolute, span: layer.src.span, order: state.count };
  let firstUnder = state.firstUnder;
  for (const dir of directoriesAbove(absolute)) if (!firstUnder.has(dir)) firstUnder = firstUnder.set(dir, copy);
  return { next: { ...state, directories, files: state.files.set(absolute, copy), firstUnder, count: state.count + 1 } };
}

/**
 * The first file copied (in copy order) that is a directory above `path` (`path` starts with `<file>/`), or
 * that is below `path` (`<file>` starts with `path/`).
 */
function firstClash(state: Copies, path: string): Copy | undefined {
  let first = state.firstUnder.get(path);
  for (const dir of directoriesAbove(path)) {
    const file = state.files.get(dir);
    if (file && (!first || file.order < first.order)) first = file;
  }
  return first;
}

/** Every prefix of `path` that ends before a `/`: the strings `p` for which `path` starts with `p/`. */
function directoriesAbove(path: string): string[] {
  const out: string[] = [];
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) out.push(path.slice(0, at));
  return out;
}

/** `path` and the directories above it, up to the base's working directory or the root. */
function withDirectory(directories: PersistentMap<true>, path: string): PersistentMap<true> {
  // A directory already known has every directory above it known too.
  for (let p = path; p !== '/' && p !== '.' && !p.startsWith('<base workdir>/..') && !directories.has(p); p = posix.dirname(p)) directories = directories.set(p, true);
  return directories;
}
