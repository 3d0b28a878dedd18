import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import { filesOfImage, filesOfLayer, type NeededFile } from '../fileArgs.js';

/** Every file and folder an image reads exists and is of the right kind, checked before any build. */
export function filesExist(ctx: RuleContext): void {
  const check = (needed: NeededFile) => {
    const stat = ctx.host.stat(needed.arg.path);
    if (!stat) {
      // Not there, or there but hidden (EACCES): only a read can tell, and "missing" would be a false claim.
      const read = ctx.host.readFile(needed.arg.path);
      if (!read.ok && !read.missing) {
        ctx.report(diag.fileUnreadable(needed.arg.span, needed.arg.written, read.reason));
        return;
      }
      if (needed.lockOf) ctx.report(diag.missingLockfile(needed.arg.span, needed.lockOf, needed.arg.written));
      else ctx.report(diag.fileNotFound(needed.arg.span, needed.what, needed.arg.written));
      return;
    }
    // A FIFO or device is named as what it is (it would hang or never end if read).
    const actual = stat.kind === 'file' ? 'a file' : stat.kind === 'directory' ? 'a directory' : (stat.special ?? 'a special file');
    if (stat.kind !== needed.kind) ctx.report(diag.wrongFileKind(needed.arg.span, needed.arg.written, needed.kind, actual));
  };
  for (const { layer } of ctx.layers) for (const needed of filesOfLayer(layer)) check(needed);
  const seen = new Set<unknown>();
  for (const { image } of ctx.images) {
    if (!image.dockerfile || seen.has(image.dockerfile)) continue;
    seen.add(image.dockerfile);
    for (const needed of filesOfImage(image)) check(needed);
  }
}
