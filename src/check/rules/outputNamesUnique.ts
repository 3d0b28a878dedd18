import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import type { BoundImage } from '../evaluate.js';

/**
 * Each built image is written to `<out>/<binding>/`, so two built images compiled together (from any
 * files) may not share a binding name. Both spans are shown; the first in program order is "the other one".
 */
export function outputNamesUnique(ctx: RuleContext): void {
  const seen = new Map<string, BoundImage>();
  for (const bound of ctx.model.images) {
    // A binding already reported as a duplicate (FLY2002) is the same mistake.
    if (!bound.image.cloned || ctx.reportedAt(bound.binding.span)) continue;
    const other = seen.get(bound.binding.name);
    if (other) ctx.report(diag.outputNameClash(bound.binding.span, bound.binding.name, other.binding.span));
    else seen.set(bound.binding.name, bound);
  }
}
