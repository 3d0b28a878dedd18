import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every environment variable name is a valid POSIX name, so `ENV` cannot be broken by it. */
export function envVarsValid(ctx: RuleContext): void {
  for (const { layer } of ctx.layers) {
    if (layer.kind !== 'env') continue;
    for (const [key] of layer.pairs) if (!ENV_NAME.test(key.value)) ctx.report(diag.invalidEnvName(key.span, key.value));
  }
}
