import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/** Valid flyte-sdk that flyimgc cannot generate a Dockerfile for yet is refused here, not while emitting. */
export function compilable(ctx: RuleContext): void {
  for (const { layer } of ctx.layers) {
    if (layer.kind !== 'uv_script') continue;
    const result = ctx.inputs.script(layer.script.path)?.result;
    if (result?.ok && result.metadata.dependencies.some((d) => /\bfile:\/\//.test(d))) ctx.report(diag.notSupportedYet(layer.script.span, '`file://` dependencies in a uv script header'));
  }
}
