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
import type { BakedModules, CodeBundleBake } from '../check/codeBundleBake.js';
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
  /** Reads the modules of a baked `loaded_modules` bundle (the CLI loads it when a run may bake one in). */
  readonly python?: PythonParser;
  readonly allowOutsideProject: boolean;
}

export function effectiveCopyStyle(options: Pick<CodeBundleOptions, 'copyStyle'>, config: FlyteConfig): CopyStyle {
  return options.copyStyle ?? (config.copyStyle?.value as CopyStyle | undefined) ?? 'loaded_modules';
}

/** Undefined unless the copy style is `none`. What it reads is read once per root directory. */
export function codeBundleBake(config: FlyteConfig, options: CodeBundleOptions, host: HostFiles): CodeBundleBake | undefined {
  if (effectiveCopyStyle(options, config) !== 'none') return undefined;
  const rootSpan = options.rootDir === undefined ? config.rootDir?.span : undefined;
  const entries: EntryModule[] = options.entries && options.entries.length > 0 ? options.entries.map((path) => ({ path })) : config.entries.map((e) => ({ path: e.value, span: e.span }));
  const modules = new Map<string, BakedModules | undefined>();
  const rootDir = (projectRoot: string) => options.rootDir ?? config.rootDir?.value ?? projectRoot;
  const problems = new Map<string, Diagnostic | undefined>();
  const rootDirProblem = (projectRoot: string): Diagnostic | undefined => {
    const dir = rootDir(projectRoot);
    const stat = host.stat(dir);
    const rel = posix.relative(projectRoot, dir);
    if (stat?.kind !== 'directory') return diag.invalidRootDir(rootSpan, dir, stat ? 'is not a directory' : 'does not exist');
    if (!options.allowOutsideProject && (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel))) return diag.invalidRootDir(rootSpan, dir, `is outside the project \`${projectRoot}\``);
    return undefined;
  };
  return {
    rootDir,
    rootDirProblem(projectRoot) {
      if (!problems.has(projectRoot)) problems.set(projectRoot, rootDirProblem(projectRoot));
      return problems.get(projectRoot);
    },
    modules(dir) {
      if (!modules.has(dir)) {
        if (entries.length === 0) modules.set(dir, { files: undefined, diagnostics: [], sources: new Map() });
        else modules.set(dir, options.python ? loadedModules(entries, dir, host, options.python) : undefined);
      }
      return modules.get(dir);
    },
  };
}
