import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/** Valid flyte-sdk that flyimgc cannot generate a Dockerfile for yet is refused here, not while emitting. */
export function compilable(ctx: RuleContext): void {
  const seen = new Set<unknown>();
  for (const { image } of ctx.images) {
    if (image.cloned && !image.dockerfile && image.origin.kind === 'pixi_script' && !seen.has(image.origin)) {
      seen.add(image.origin);
      ctx.report(diag.notSupportedYet(image.origin.span, '`Image.from_pixi_script`'));
    }
  }
  for (const { layer } of ctx.layers) {
    if (layer.kind !== 'uv_script') continue;
    const result = ctx.inputs.script(layer.script.path)?.result;
    if (result?.ok && result.metadata.dependencies.some((d) => /\bfile:\/\//.test(d))) ctx.report(diag.notSupportedYet(layer.script.span, '`file://` dependencies in a uv script header'));
  }
}
