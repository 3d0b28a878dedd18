import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/**
 * Every `.dockerignore` an image is built with can be read: the image's own (`BuildInputs.imageIgnore`) and
 * a Dockerfile context's. One that is a link out of the project, or that cannot be read, is an error, never silently no rules: the context would then hold what the user meant to
 * leave out.
 */
export function ignoreFilesReadable(ctx: RuleContext): void {
  const seen = new Set<unknown>();
  for (const bound of ctx.model.images) {
    const root = ctx.projectRootOf(bound.binding.file);
    // As the copies, lowering and the hashes read it for every image.
    const ignore = ctx.inputs.imageIgnore(bound);
    if (!seen.has(ignore)) {
      seen.add(ignore);
      if (ignore.read.kind === 'linked-out') ctx.report(diag.linkedOutOfProject(ignore.path, root));
      else if (ignore.read.kind === 'unreadable') ctx.report(diag.readError(ignore.path, ignore.read.reason));
    }
    const context = bound.image.cloned ? ctx.inputs.dockerfileContext(bound) : undefined;
    if (context && !seen.has(context)) {
      seen.add(context);
      if (context.ignoreFileOutside !== undefined) ctx.report(diag.linkedOutOfProject(context.ignoreFileOutside, root));
    }
  }
}
