import { posix } from 'node:path';
import type { Span } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import { fileDestination } from '../../files/copyDestination.js';
import type { RuleContext } from '../context.js';
import { LayerIndex } from '../layerIndex.js';

/**
 * No two files copied into one image land on the same path, where one would silently overwrite the other
 * (flyte-sdk checks this only within one `with_source_file` list), and no path must be a file and a
 * directory at once (FLY4050). Folders copied into the same destination merge, which is allowed. Relative destinations are relative to the working directory in
 * force at that layer.
 */
export function copyDestinationsUnique(ctx: RuleContext): void {
  const reported = new Set<string>();
  const relevant = new LayerIndex((l) => l.kind === 'workdir' || l.kind === 'source_file' || l.kind === 'source_folder');
  for (const { image } of ctx.images) {
    const seen = new Map<string, Span>();
    /**
     * Paths known to be directories at this layer: `COPY file /app` puts the file into `/app` when `/app` is
     * already a directory (a WORKDIR, a copied folder, the parent of a copied file), and makes the file
     * `/app` otherwise.
     */
    const directories = new Set<string>();
    const addDirectory = (path: string) => {
      for (let p = path; p !== '/' && p !== '.' && !p.startsWith('<base workdir>/..'); p = posix.dirname(p)) directories.add(p);
    };
    let workdir = '<base workdir>';
    const resolve = (path: string) => (posix.isAbsolute(path) ? posix.normalize(path) : posix.join(workdir, path)).replace(/(?<=.)\/+$/, '');
    for (const layer of relevant.of(image.layers)) {
      if (layer.kind === 'workdir') {
        workdir = resolve(layer.path.value);
        addDirectory(workdir);
        continue;
      }
      if (layer.kind === 'source_folder') {
        addDirectory(resolve(layer.dst.value));
        continue;
      }
      if (layer.kind !== 'source_file') continue;
      const dst = resolve(layer.dst.value);
      const name = posix.basename(layer.src.path);
      const absolute = directories.has(dst) ? posix.join(dst, name) : resolve(fileDestination(layer.dst.value, name));
      // A file at `/app/conf` and another under `/app/conf/`: the path cannot be both.
      const clash = [...seen].find(([path]) => absolute.startsWith(`${path}/`) || path.startsWith(`${absolute}/`));
      if (clash) {
        const [path, span] = clash;
        const fileFirst = absolute.startsWith(`${path}/`);
        ctx.report(diag.copyDestinationFileAndDirectory(fileFirst ? span : layer.src.span, (fileFirst ? path : absolute).replace('<base workdir>', '.'), fileFirst ? layer.src.span : span));
        continue;
      }
      addDirectory(posix.dirname(absolute));
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
