import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/**
 * The code bundles a deploy bakes in (`--copy-style none`, or `[flyte] copy_style = "none"`) can be: the root
 * directory is a directory of the project, the entry modules and what they import can be read, and a
 * `loaded_modules` bundle has entry modules to start from. Their files are then part of the build context
 * every other rule sees (`BuildInputs.bundlesOf`).
 */
export function codeBundlesBakeable(ctx: RuleContext): void {
  const bake = ctx.inputs.codeBundle;
  if (!bake) return;
  for (const bound of ctx.model.images) {
    for (const layer of ctx.inputs.bundlesOf(bound)) {
      const projectRoot = ctx.inputs.imageRoot(bound);
      const problem = bake.rootDirProblem(projectRoot);
      if (problem) {
        ctx.report(problem);
        continue;
      }
      if (layer.copyStyle !== 'loaded_modules') continue;
      // Without a Python parser (the language server) the imports are not followed; a compile follows them.
      const modules = bake.modules(bake.rootDir(projectRoot));
      if (!modules) continue;
      for (const d of modules.diagnostics) ctx.report(d);
      for (const [path, source] of modules.sources) ctx.extraSources.set(path, source);
      if (modules.files === undefined) ctx.report(diag.codeBundleNeedsEntry(layer.methodSpan));
    }
  }
}
