import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/**
 * Every `.dockerignore` an image is built with can be read: the image's own (the last `with_dockerignore`,
 * else the project root's) and a Dockerfile context's. One that is a link out of the project, or that
 * cannot be read, is an error, never silently no rules: the context would then hold what the user meant to
 * leave out.
 */
export function ignoreFilesReadable(ctx: RuleContext): void {
  const seen = new Set<unknown>();
  for (const bound of ctx.model.images) {
    const root = ctx.projectRootOf(bound.binding.file);
    // As lowering reads it for every image (it records the file in the image's IR).
    const recorded = ctx.inputs.recordedIgnore(bound);
    if (!seen.has(recorded)) {
      seen.add(recorded);
      if (recorded.read.kind === 'linked-out') ctx.report(diag.linkedOutOfProject(recorded.path, root));
      else if (recorded.read.kind === 'unreadable') ctx.report(diag.readError(recorded.path, recorded.read.reason));
    }
    const context = bound.image.cloned ? ctx.inputs.dockerfileContext(bound) : undefined;
    if (context && !seen.has(context)) {
      seen.add(context);
      if (context.ignoreFileOutside !== undefined) ctx.report(diag.linkedOutOfProject(context.ignoreFileOutside, root));
    }
  }
}
