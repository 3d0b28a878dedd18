/**
 * The deploy settings every command that checks or compiles takes (`--copy-style`, `--root-dir`, `--entry`),
 * turned into analysis options the same way for each, so that `check` sees the code bundles `compile` bakes in.
 */
import type { CodeBundleOptions, CopyStyle } from '../codeBundle/bake.js';
import type { PythonParser } from '../codeBundle/python.js';
import { toDisplayPath } from './io.js';

export interface DeployCliOptions {
  /** `--copy-style`, `--root-dir`, `--entry` (paths as given, relative to the working directory). */
  readonly copyStyle?: CopyStyle;
  readonly rootDir?: string;
  readonly entries?: readonly string[];
  /** Loaded by `withPythonIfNeeded` when a code bundle may be baked in. */
  readonly python?: PythonParser;
}

export function deployAnalyzeOptions(options: DeployCliOptions, cwd: string): Omit<CodeBundleOptions, 'allowOutsideProject'> {
  return {
    ...(options.copyStyle ? { copyStyle: options.copyStyle } : {}),
    ...(options.rootDir !== undefined ? { rootDir: toDisplayPath(options.rootDir, cwd) } : {}),
    ...(options.entries && options.entries.length > 0 ? { entries: options.entries.map((e) => toDisplayPath(e, cwd)) } : {}),
    ...(options.python ? { python: options.python } : {}),
  };
}
