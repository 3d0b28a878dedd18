import { posix } from 'node:path';
import type { Span } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import { LayerIndex } from '../layerIndex.js';

/**
 * No two files copied into one image land on the same path, where one would silently overwrite the other
 * (flyte-sdk checks this only within one `with_source_file` list). Folders copied into the same
 * destination merge, which is allowed. Relative destinations are relative to the working directory in
 * force at that layer.
 */
export function copyDestinationsUnique(ctx: RuleContext): void {
  const reported = new Set<string>();
  const relevant = new LayerIndex((l) => l.kind === 'workdir' || l.kind === 'source_file');
  for (const { image } of ctx.images) {
    const seen = new Map<string, Span>();
    let workdir = '<base workdir>';
    for (const layer of relevant.of(image.layers)) {
      if (layer.kind === 'workdir') {
        workdir = posix.isAbsolute(layer.path.value) ? posix.normalize(layer.path.value) : posix.join(workdir, layer.path.value);
        continue;
      }
      if (layer.kind !== 'source_file') continue;
      const destination = posix.join(layer.dst.value, posix.basename(layer.src.path));
      const absolute = (posix.isAbsolute(destination) ? posix.normalize(destination) : posix.join(workdir, destination)).replace(/(?<=.)\/+$/, '');
      const earlier = seen.get(absolute);
      if (!earlier) {
        seen.set(absolute, layer.src.span);
        continue;
      }
      const key = `${earlier.file}:${earlier.start}:${layer.src.span.start}`;
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report(diag.copyDestinationConflict(layer.src.span, absolute.replace('<base workdir>', '.'), earlier));
    }
  }
}
