import { diag } from '../../diagnostics/codes.js';
import type { IgnoreFile } from '../../files/ignoreFile.js';
import type { RuleContext } from '../context.js';

/**
 * Every `.dockerignore` an image uses holds only patterns Docker can read (Docker refuses the build
 * otherwise): the image's own and a Dockerfile context's. Errors point into the file.
 */
export function dockerignoreValid(ctx: RuleContext): void {
  const seen = new Set<string>();
  const check = (path: string, read: IgnoreFile) => {
    if (read.kind !== 'rules' || read.rules.invalid.length === 0 || seen.has(path)) return;
    seen.add(path);
    ctx.extraSources.set(path, { path, text: read.text });
    for (const bad of read.rules.invalid) ctx.report(diag.invalidDockerignorePattern({ file: path, start: bad.start, end: bad.end }, bad.pattern));
  };
  for (const bound of ctx.model.images) {
    if (!bound.image.cloned) continue;
    if (!bound.image.dockerfile) {
      const ignore = ctx.inputs.imageIgnore(bound);
      check(ignore.path, ignore.read);
      continue;
    }
    const context = ctx.inputs.dockerfileContext(bound);
    if (context) check(context.ignorePath, context.ignore);
  }
}
