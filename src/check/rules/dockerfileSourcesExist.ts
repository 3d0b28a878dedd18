import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import { copySources, inContext } from '../../dockerfile/copySources.js';
import { decodeSource } from '../../syntax/decode.js';
import type { RuleContext } from '../context.js';

/**
 * A user's Dockerfile copies only what its build context holds: each `COPY`/`ADD` source that is not in the
 * context (or that its `.dockerignore` leaves out) is reported where the Dockerfile writes it, before any build.
 */
export function dockerfileSourcesExist(ctx: RuleContext): void {
  const seen = new Set<unknown>();
  for (const bound of ctx.images) {
    const image = bound.image;
    if (!image.dockerfile || seen.has(image.dockerfile)) continue;
    seen.add(image.dockerfile);
    const path = image.dockerfile.path;
    if (ctx.host.stat(path)?.kind !== 'file') continue;
    const contextArg = image.dockerContext ?? image.dockerfile;
    // A context that is missing or outside the project is reported by the file rules; it is not walked.
    const context = ctx.inputs.dockerfileContext(bound);
    if (!context) continue;
    const read = ctx.host.readFile(path);
    if (!read.ok) continue;
    const decoded = decodeSource(path, read.bytes);
    if (!decoded.ok) continue;
    const shown = image.dockerContext ? image.dockerContext.written : posix.dirname(image.dockerfile.written);
    const files = context.files.map((f) => f.path);
    const isDirectory = (rel: string) => ctx.host.stat(posix.join(context.dir, rel))?.kind === 'directory' && !context.walk.ignored.some((i) => i.path === rel || rel.startsWith(`${i.path}/`));
    for (const source of copySources(decoded.source.text)) {
      if (inContext(source.source, files, isDirectory)) continue;
      ctx.extraSources.set(path, decoded.source);
      ctx.report(diag.dockerfileSourceMissing({ file: path, start: source.start, end: source.end }, source.source, shown, contextArg.span));
    }
  }
}
