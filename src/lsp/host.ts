/**
 * What the language server needs from the machine, passed in by `flyimgc lsp` (src/cli/commands/lsp.ts)
 * so that everything under src/lsp/ runs in memory in tests: the files of a workspace folder, the
 * `.flyimg` files under it, and whether the editor that started the server is still alive.
 */
import type { PythonParser } from '../codeBundle/python.js';
import type { HostFiles } from '../host.js';

export interface LspHost {
  /** The files as seen from `root` (the workspace folder): paths relative to it, as `flyimgc check` there. */
  files(root: string): HostFiles;
  /** Every `.flyimg` file under `root`, as display paths relative to it, sorted. */
  findFlyimgFiles(root: string): readonly string[];
  /** False once the process `pid` has gone (the protocol asks servers to notice a dead client). */
  processAlive(pid: number): boolean;
  /** Follows the imports of a baked `loaded_modules` code bundle, as `flyimgc check` does (FLY5094 without it). */
  readonly python?: PythonParser;
}
