import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import { checkImageName, checkRegistry, parseReference } from '../references.js';

/** Registries, names and base images are valid OCI references; a base without a pinned tag is a warning. */
export function imageReferencesValid(ctx: RuleContext): void {
  const seen = new Set<unknown>();
  const once = (value: unknown) => !seen.has(value) && seen.add(value) !== undefined;
  for (const { image } of ctx.images) {
    if (image.registry && once(image.registry)) {
      const problem = checkRegistry(image.registry.value);
      if (problem) ctx.report(diag.invalidImageReference(image.registry.span, 'registry', image.registry.value, problem.reason, problem.help));
    }
    if (image.name && once(image.name) && !(image.origin.kind === 'ref' && image.name === image.refName && !image.cloned)) {
      const problem = checkImageName(image.name.value);
      if (problem) ctx.report(diag.invalidImageReference(image.name.span, 'name', image.name.value, problem.reason, problem.help));
    }
    if (image.base && once(image.base)) {
      const parsed = parseReference(image.base.value);
      if (!parsed) ctx.report(diag.invalidImageReference(image.base.span, 'image reference', image.base.value, 'expected something like `python:3.12-slim` or `ghcr.io/acme/base:1.4`'));
      else if (image.cloned && !parsed.digest && (!parsed.tag || parsed.tag === 'latest')) ctx.report(diag.unpinnedBase(image.base.span, image.base.value));
    }
  }
}
