import { diag } from '../../diagnostics/codes.js';
import { splitExtraArgs } from '../../util/shell.js';
import type { RuleContext } from '../context.js';
import type { LayerValue, Located } from '../model.js';

/** `extra_args` goes to the shell as written, so it must split into words: quotes closed, no trailing `\`. */
export function extraArgsValid(ctx: RuleContext): void {
  const seen = new Set<Located<string>>();
  for (const { layer } of ctx.layers) {
    const text = extraArgsOf(layer);
    if (!text || seen.has(text)) continue;
    seen.add(text);
    const split = splitExtraArgs(text.value);
    if (!split.ok) ctx.report(diag.invalidExtraArgs(text.span, split.reason));
  }
}

function extraArgsOf(layer: LayerValue): Located<string> | undefined {
  switch (layer.kind) {
    case 'pip':
    case 'requirements':
    case 'uv_project':
    case 'uv_script':
      return layer.options.extraArgs;
    case 'poetry_project':
    case 'pixi_project':
    case 'pixi_script':
      return layer.extraArgs;
    default:
      return undefined;
  }
}
