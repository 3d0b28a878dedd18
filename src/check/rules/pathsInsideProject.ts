import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import { filesOfImage, filesOfLayer, type NeededFile } from '../fileArgs.js';

/**
 * Everything copied into a build context lies inside the project: no absolute paths, no `..` that climbs
 * out, no symbolic link that points out, unless the user opts in with `--allow-outside-project`.
 */
export function pathsInsideProject(ctx: RuleContext): void {
  if (ctx.options.allowOutsideProject) return;
  const check = (needed: NeededFile, definedIn: string) => {
    const root = ctx.projectRootOf(definedIn);
    const { arg } = needed;
    if (arg.written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(arg.written)) {
      ctx.report(diag.pathOutsideProject(arg.span, arg.written, 'absolute', root));
      return;
    }
    if (!isInside(arg.path, root)) {
      ctx.report(diag.pathOutsideProject(arg.span, arg.written, 'parent', root));
      return;
    }
    const real = ctx.host.realPath(arg.path);
    const realRoot = ctx.host.realPath(root);
    if (real !== undefined && realRoot !== undefined && !isInside(real, realRoot)) ctx.report(diag.pathOutsideProject(arg.span, arg.written, 'symlink', root));
  };
  for (const { layer } of ctx.layers) for (const needed of filesOfLayer(layer)) check(needed, layer.span.file);
  for (const { image } of ctx.images) for (const needed of filesOfImage(image)) check(needed, image.origin.span.file);
}

export function isInside(path: string, root: string): boolean {
  const relative = posix.relative(root, path);
  return relative === '' || (!relative.startsWith('../') && relative !== '..' && !posix.isAbsolute(relative));
}
