import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/**
 * A built image on a base flyimgc cannot see into (`from_base`, `from_ref_name`) says which Python the base
 * has: the generated preamble makes its virtualenv with that version. An official `python:X.Y...` base
 * tells it, so it is reported only when it disagrees with the version assumed.
 */
export function pythonVersionGiven(ctx: RuleContext): void {
  const reported = new Set<unknown>();
  for (const { image } of ctx.images) {
    if (!image.cloned || image.python.span || !image.clonedAt || (image.origin.kind !== 'base' && image.origin.kind !== 'ref')) continue;
    const assumed = `${image.python.major}.${image.python.minor}`;
    const known = image.base ? officialPythonVersion(image.base.value) : undefined;
    // Once per base, at the first clone: the images cloned from it again say nothing new.
    const key = `${image.origin.span.file}:${image.origin.span.start}`;
    if (known === assumed || reported.has(key)) continue;
    reported.add(key);
    ctx.report(diag.cloneWithoutPythonVersion(image.clonedAt, assumed, image.origin.span, known));
  }
}

/** `python:3.11-slim`, `docker.io/library/python:3.11@sha256:...` → `3.11`. */
function officialPythonVersion(reference: string): string | undefined {
  return /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?python:(\d+\.\d+)(?:[.\-@]|$)/.exec(reference)?.[1];
}
