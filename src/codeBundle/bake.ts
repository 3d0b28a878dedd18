/**
 * The deploy settings that decide what `with_code_bundle` puts into an image: the copy style (command line,
 * else `[flyte] copy_style`, else a development run's), the root directory (flyte's `flyte.init(root_dir=)`)
 * and the entry modules the loaded modules are found from. Only `none` bakes anything in.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { FlyteConfig } from '../config/load.js';
import type { HostFiles } from '../host.js';
import type { CodeBundleBake } from '../ir/lower.js';
import type { Model } from '../check/evaluate.js';
import type { BuildInputs } from '../check/inputs.js';
import { LayerIndex } from '../check/layerIndex.js';
import type { SourceFile } from '../source.js';
import { invariant } from '../util/invariant.js';
import { loadedModules, type EntryModule } from './loadedModules.js';
import type { PythonParser } from './python.js';

export type CopyStyle = 'none' | 'loaded_modules' | 'all';
export const COPY_STYLES: readonly CopyStyle[] = ['none', 'loaded_modules', 'all'];

export interface CodeBundleOptions {
  /** flyte's deploy/run copy style; `none` bakes code bundles in. Wins over `[flyte] copy_style`. */
  readonly copyStyle?: CopyStyle;
  /** Host path; wins over `[flyte] root_dir`. */
  readonly rootDir?: string;
  /** Host paths of the entry modules; win over `[flyte] entry`. */
  readonly entries?: readonly string[];
  /** Needed (and loaded by the CLI) only when a `loaded_modules` bundle is baked in. */
  readonly python?: PythonParser;
  readonly allowOutsideProject: boolean;
}

export function effectiveCopyStyle(options: Pick<CodeBundleOptions, 'copyStyle'>, config: FlyteConfig): CopyStyle {
  return options.copyStyle ?? (config.copyStyle?.value as CopyStyle | undefined) ?? 'loaded_modules';
}

/** Undefined unless the copy style is `none`. Problems go to `diagnostics`, Python sources read to `sources`. */
export function codeBundleBake(config: FlyteConfig, options: CodeBundleOptions, host: HostFiles, diagnostics: Diagnostic[], sources: Map<string, SourceFile>): CodeBundleBake | undefined {
  if (effectiveCopyStyle(options, config) !== 'none') return undefined;
  const rootSpan = options.rootDir === undefined ? config.rootDir?.span : undefined;
  const entries: EntryModule[] = options.entries && options.entries.length > 0 ? options.entries.map((path) => ({ path })) : config.entries.map((e) => ({ path: e.value, span: e.span }));
  const checkedRoots = new Set<string>();
  const modules = new Map<string, readonly string[] | undefined>();
  return {
    rootDir(projectRoot) {
      const rootDir = options.rootDir ?? config.rootDir?.value ?? projectRoot;
      if (!checkedRoots.has(rootDir)) {
        checkedRoots.add(rootDir);
        const stat = host.stat(rootDir);
        const rel = posix.relative(projectRoot, rootDir);
        if (stat?.kind !== 'directory') diagnostics.push(diag.invalidRootDir(rootSpan, rootDir, stat ? 'is not a directory' : 'does not exist'));
        else if (!options.allowOutsideProject && (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel))) diagnostics.push(diag.invalidRootDir(rootSpan, rootDir, `is outside the project \`${projectRoot}\``));
      }
      return rootDir;
    },
    modules(rootDir) {
      if (entries.length === 0) return undefined;
      if (!modules.has(rootDir)) {
        invariant(options.python !== undefined, 'baking a loaded_modules code bundle needs the Python parser (loadPythonParser)');
        const found = loadedModules(entries, rootDir, host, options.python);
        diagnostics.push(...found.diagnostics);
        for (const [path, source] of found.sources) sources.set(path, source);
        modules.set(rootDir, found.files);
      }
      return modules.get(rootDir);
    },
  };
}

/**
 * Every problem of the code bundles a deploy bakes in, before lowering (which then cannot fail): the root
 * directory, the entry modules and what they import, and a `loaded_modules` bundle with no entry modules
 * to start from. Only a compile knows the deploy's copy style, so `check` cannot see these.
 */
export function checkCodeBundleBake(model: Model, inputs: BuildInputs, bake: CodeBundleBake, diagnostics: Diagnostic[]): void {
  // A bundle layer an image shares with the one it extends is visited once per image, not once per layer below it.
  const bundles = new LayerIndex((l) => l.kind === 'code_bundle');
  for (const bound of model.images) {
    if (!bound.image.cloned || bound.image.dockerfile) continue;
    for (const layer of bundles.of(bound.image.layers)) {
      if (layer.kind !== 'code_bundle') continue;
      const rootDir = bake.rootDir(inputs.imageRoot(bound));
      if (layer.copyStyle === 'loaded_modules' && bake.modules(rootDir) === undefined) diagnostics.push(diag.codeBundleNeedsEntry(layer.methodSpan));
    }
  }
}
