import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import type { WalkProblem } from '../../files/walk.js';
import type { RuleContext } from '../context.js';
import type { FileArg } from '../model.js';
import { ImageContext } from '../imageContext.js';
import { VisitedLayers } from '../layerIndex.js';

const REASONS: Readonly<Record<string, string>> = {
  'symlink-outside': 'it is a symbolic link that points out of the project',
  unreadable: 'it cannot be read',
  'special-file': 'it is not a regular file',
};

/**
 * Every file in a copied folder can go into the build context: no socket, device, unreadable entry or link
 * out of the project (each is left out, with a warning). The folders are the image's copied folders, the
 * root_dir a deploy bakes in, the editable dependencies of its uv projects and a Dockerfile image's
 * context; the walks are the ones lowering copies from.
 */
export function contextFilesUsable(ctx: RuleContext): void {
  const report = (problems: readonly WalkProblem[], dir: string, arg: FileArg) => {
    for (const problem of problems) ctx.report(diag.unusableContextFile(arg.span, posix.join(dir, problem.path), REASONS[problem.kind] ?? problem.kind));
  };
  const visited = ctx.cached(contextFilesUsable, () => new VisitedLayers());
  // Images of a chain share their layers and walks: each (walk, argument) is reported once.
  const reported = new Map<unknown, Set<FileArg>>();
  const once = (walk: unknown, arg: FileArg) => {
    const args = reported.get(walk) ?? new Set<FileArg>();
    reported.set(walk, args);
    if (args.has(arg)) return false;
    args.add(arg);
    return true;
  };
  for (const bound of ctx.model.images) {
    const files = new ImageContext(bound, ctx.inputs, ctx.host);
    // A walk depends on the layer and on the image's context (ImageContext.key): layers already met with the
    // same context, in an image this one extends, had their walks reported there.
    const layers = bound.image.cloned && !bound.image.dockerfile ? visited.visit(bound.image.layers, files.key()) : [];
    for (const folder of ctx.inputs.foldersOf(bound, layers)) {
      // A missing or wrong-kind folder is `filesExist`'s to report.
      if (ctx.host.stat(folder.dir)?.kind !== 'directory') continue;
      report(ctx.inputs.walk(bound, folder).problems, folder.dir, folder.arg);
    }
    // The root_dir a deploy bakes in (`all`): images that share the bundle share its walk.
    for (const folder of ctx.inputs.bakedFolders(bound)) {
      const walk = ctx.inputs.walk(bound, folder);
      if (once(walk, folder.arg)) report(walk.problems, folder.dir, folder.arg);
    }
    if (!bound.image.cloned) continue;
    if (bound.image.dockerfile) {
      // A context that is missing or outside the project is the file rules' to report; it is not walked.
      const dockerfile = ctx.inputs.dockerfileContext(bound);
      if (!dockerfile) continue;
      const arg = bound.image.dockerContext ?? bound.image.dockerfile!;
      if (once(dockerfile, arg)) report(dockerfile.walk.problems, dockerfile.dir, arg);
      continue;
    }
    for (const layer of layers) {
      if (layer.kind !== 'uv_project' || layer.mode !== 'dependencies_only' || !layer.lock) continue;
      // Editables that are not directories are uvLockEditablesValid's.
      for (const dir of files.editableDirs(layer.lock)) {
        if (ctx.host.stat(dir)?.kind !== 'directory') continue;
        const walk = ctx.inputs.editableWalk(bound, dir);
        if (once(walk, layer.lock)) report(walk.problems, dir, layer.lock);
      }
    }
  }
}
