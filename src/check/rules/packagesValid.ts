import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import { checkRequirement, type RequirementCheck } from '../pep508.js';

/** Debian package names (policy §5.6.1), with the optional `=version`, `:arch` or `/release` apt accepts. */
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?(?:=[A-Za-z0-9.+~:-]+|\/[A-Za-z0-9.+~-]+)?$/;

/** Every apt package is a valid Debian name and every pip package a requirement pip and uv accept. */
export function packagesValid(ctx: RuleContext): void {
  // A line break is reported by valuesEmittable; one mistake, one diagnostic.
  const oneLine = (p: { value: string }) => !/[\r\n\0]/.test(p.value);
  // Images of one program name the same requirements again and again: each text is checked once per analysis.
  const requirements = ctx.cached(packagesValid, () => new Map<string, RequirementCheck>());
  for (const { layer } of ctx.layers) {
    if (layer.kind === 'apt') {
      for (const p of layer.packages.filter(oneLine)) if (!APT_PACKAGE.test(p.value)) ctx.report(diag.invalidAptPackage(p.span, p.value));
    } else if (layer.kind === 'pip') {
      for (const p of layer.packages.filter(oneLine)) {
        let result = requirements.get(p.value);
        if (!result) requirements.set(p.value, (result = checkRequirement(p.value)));
        if (!result.ok) ctx.report(diag.invalidRequirement(p.span, p.value, result.message));
      }
    }
  }
}
