import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/**
 * An extended `Image.from_ref_name("x")` is built on the image `x` stands for, so `x` must be mapped
 * (`--image x=...` or `[images]` in flyimg.toml). A bare one is only reported, never built.
 */
export function refNamesMapped(ctx: RuleContext): void {
  const known = [...ctx.imageMap.keys()].sort();
  const seen = new Set<unknown>();
  for (const { image } of ctx.images) {
    const ref = image.refName;
    if (!image.cloned || image.quiet || image.dockerfile || image.base?.value || !ref || seen.has(ref)) continue;
    seen.add(ref);
    if (!ctx.imageMap.has(ref.value)) ctx.report(diag.unresolvedRefName(ref.span, ref.value, known));
  }
}
