import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import type { ImageIgnore } from '../inputs.js';
import { VisitedLayers } from '../layerIndex.js';

/** Every `.dockerignore` an image uses holds only patterns Docker can read; errors point into the file. */
export function dockerignoreValid(ctx: RuleContext): void {
  const seen = new Set<ImageIgnore>();
  const check = (ignore: ImageIgnore) => {
    if (seen.has(ignore) || !ignore.file || !ignore.source) return;
    seen.add(ignore);
    if (ignore.rules.invalid.length > 0) ctx.extraSources.set(ignore.file, ignore.source);
    for (const bad of ignore.rules.invalid) ctx.report(diag.invalidDockerignorePattern({ file: ignore.file, start: bad.start, end: bad.end }, bad.pattern));
  };
  // A folder's own `.dockerignore` depends only on the layer: each layer is looked at once.
  const visited = ctx.cached(dockerignoreValid, () => new VisitedLayers());
  for (const bound of ctx.model.images) {
    if (!bound.image.cloned) continue;
    if (!bound.image.dockerfile) check(ctx.inputs.imageIgnore(bound));
    for (const folder of ctx.inputs.foldersOf(bound, visited.visit(bound.image.layers, ''))) if (folder.ignore === 'own') check(ctx.inputs.ignoreFile(posix.join(folder.dir, '.dockerignore')));
  }
}
