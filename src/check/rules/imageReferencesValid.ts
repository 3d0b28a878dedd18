import { diag } from '../../diagnostics/codes.js';
import { checkRegistryPrefix, checkRepositoryName, parseReference } from '../../reference/reference.js';
import type { RuleContext } from '../context.js';

/** Registries, names and base images are valid OCI references; a base without a pinned tag is a warning. */
export function imageReferencesValid(ctx: RuleContext): void {
  const seen = new Set<unknown>();
  const once = (value: unknown) => !seen.has(value) && seen.add(value) !== undefined;
  for (const { image } of ctx.images) {
    if (image.registry && once(image.registry)) {
      const problem = checkRegistryPrefix(image.registry.value);
      if (problem) ctx.report(diag.invalidImageReference(image.registry.span, 'registry', image.registry.value, problem.reason, problem.help));
    }
    if (image.name && once(image.name) && !(image.origin.kind === 'ref' && image.name === image.refName && !image.cloned)) {
      const problem = checkRepositoryName(image.name.value);
      if (problem) ctx.report(diag.invalidImageReference(image.name.span, 'name', image.name.value, problem.reason, problem.help));
    }
    if (image.base && once(image.base)) {
      const parsed = parseReference(image.base.value);
      if (!parsed.ok) ctx.report(diag.invalidImageReference(image.base.span, 'image reference', image.base.value, parsed.problem.reason, parsed.problem.help ?? 'expected something like `python:3.12-slim` or `ghcr.io/acme/base:1.4`'));
      else if (image.cloned && !parsed.reference.digest && (!parsed.reference.tag || parsed.reference.tag === 'latest')) ctx.report(diag.unpinnedBase(image.base.span, image.base.value));
    }
  }
}
