import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/** An image flyimgc builds (a clone) has a name, which is its repository. */
export function builtImagesNamed(ctx: RuleContext): void {
  for (const { image } of ctx.images) {
    if (image.cloned && !image.name?.value && image.layers === undefined) ctx.report(diag.clonedWithoutName(image.clonedAt ?? image.origin.span));
  }
}
