import { posix } from 'node:path';
import type { Span } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/**
 * No two copies in one image land on the same destination, where one would silently overwrite the other.
 * Relative destinations are relative to the working directory in force at that layer.
 */
export function copyDestinationsUnique(ctx: RuleContext): void {
  const reported = new Set<string>();
  for (const { image } of ctx.images) {
    const seen = new Map<string, Span>();
    let workdir = '<base workdir>';
    for (const layer of image.layers) {
      if (layer.kind === 'workdir') {
        workdir = posix.isAbsolute(layer.path.value) ? posix.normalize(layer.path.value) : posix.join(workdir, layer.path.value);
        continue;
      }
      let destination: string;
      if (layer.kind === 'source_file') destination = posix.join(layer.dst.value, posix.basename(layer.src.path));
      else if (layer.kind === 'source_folder' || layer.kind === 'code_bundle') destination = layer.dst.value;
      else continue;
      const absolute = posix.isAbsolute(destination) ? posix.normalize(destination) : posix.join(workdir, destination);
      const earlier = seen.get(absolute);
      if (!earlier) {
        seen.set(absolute, layer.span);
        continue;
      }
      const key = `${earlier.file}:${earlier.start}:${layer.span.start}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const shown = absolute.startsWith('<base workdir>') ? absolute.replace('<base workdir>', '.') : absolute;
      ctx.report(diag.copyDestinationConflict(layer.span, shown, earlier));
    }
  }
}
