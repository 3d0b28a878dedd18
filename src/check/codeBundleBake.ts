/**
 * How a deploy bakes `with_code_bundle` layers into its images (flyte's copy style `none`), as flyte-sdk's
 * `resolve_code_bundle_layer` does: after every other layer, `all` as a copy of root_dir, `loaded_modules` as
 * the files of the modules the entry modules load. Made from the deploy settings by codeBundle/bake.ts; the
 * rules check it (codeBundlesBakeable, and every rule over the build context) and lowering copies it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source.js';

export interface CodeBundleBake {
  /** The root directory (flyte's `root_dir`) for images of the project rooted at `projectRoot`. */
  rootDir(projectRoot: string): string;
  /** Why that root directory cannot be baked in (missing, not a directory, outside the project). */
  rootDirProblem(projectRoot: string): Diagnostic | undefined;
  /**
   * The loaded modules under `rootDir`. Undefined when they cannot be followed here: no Python parser was
   * given (the language server); a compile that bakes them in always has one.
   */
  modules(rootDir: string): BakedModules | undefined;
}

export interface BakedModules {
  /** Host paths, sorted; undefined when no entry modules were named. */
  readonly files: readonly string[] | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The Python files read, for rendering diagnostics located in them. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}
