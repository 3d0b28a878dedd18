import { diag } from '../../diagnostics/codes.js';
import { mirrorMatch } from '../../config/mirrors.js';
import { parseReference } from '../../reference/reference.js';
import type { RuleContext } from '../context.js';
import { LayerIndex } from '../layerIndex.js';

/**
 * A `[mirrors]` prefix rewrites the bases and tool images the Dockerfiles pull; what it makes must still be
 * an image reference (a prefix that ends inside a name, `"python" = "localhost:5000"`, turns
 * `python:3.12-slim` into `localhost:5000:3.12-slim`). FLY3016 at the mirror, for each reference it breaks.
 */
export function mirroredReferencesValid(ctx: RuleContext): void {
  const mirrors = ctx.options.mirrors;
  if (!mirrors || mirrors.size === 0) return;
  const match = mirrorMatch(mirrors);
  const tools = ctx.options.tools;
  const seen = new Set<string>();
  const check = (original: string | undefined) => {
    // A reference that is wrong before mirroring is imageReferencesValid's.
    if (original === undefined || !parseReference(original).ok) return;
    const mirrored = match(original);
    if (!mirrored || seen.has(mirrored.reference)) return;
    seen.add(mirrored.reference);
    const parsed = parseReference(mirrored.reference);
    if (!parsed.ok) ctx.report(diag.invalidImageReference(mirrored.setting.span, 'image reference', mirrored.reference, `the mirror turns \`${original}\` into it, and ${parsed.problem.reason}`));
  };
  const pixiLayers = new LayerIndex((l) => l.kind === 'pixi_project' || l.kind === 'pixi_script');
  for (const bound of ctx.model.images) {
    const image = bound.image;
    // As lowering: only generated images pull a base and the tools.
    if (!image.cloned || image.dockerfile) continue;
    check(image.base?.value ?? (image.refName ? ctx.imageMap.get(image.refName.value) : undefined));
    check(tools?.uv);
    if (pixiLayers.of(image.layers).length > 0) check(tools?.pixi);
  }
}
