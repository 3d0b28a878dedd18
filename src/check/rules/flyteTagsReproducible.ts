import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import { LayerIndex } from '../layerIndex.js';
import type { LayerValue } from '../model.js';

/**
 * With `--hash flyte`, every image flyimgc builds can get flyte-sdk's own tag offline. flyte-sdk hashes a
 * pixi script as the manifest it generates in Python's `toml.dumps` format, and a uv script's header as the
 * repr of its parsed `[tool]` tables and `file://` projects: only its running process has those. Reported
 * here, at each image built with such a layer, so that hashing never meets one.
 */
export function flyteTagsReproducible(ctx: RuleContext): void {
  if (ctx.options.hash !== 'flyte') return;
  const layers = new LayerIndex((l) => unreproducible(ctx, l));
  for (const bound of ctx.model.images) {
    if (!bound.image.cloned || bound.image.dockerfile) continue;
    const found = layers.of(bound.image.layers)[0];
    if (found?.kind === 'uv_script' || found?.kind === 'pixi_script') ctx.report(diag.notReproducibleInFlyteMode(bound.binding.span, found.kind));
  }
}

function unreproducible(ctx: RuleContext, layer: LayerValue): boolean {
  if (layer.kind === 'pixi_script') return true;
  if (layer.kind !== 'uv_script') return false;
  // A header that cannot be read or parsed is scriptMetadataValid's.
  const parsed = ctx.inputs.script(layer.script.path)?.result;
  if (parsed?.ok !== true) return false;
  const { dependencies, tool } = parsed.metadata;
  return dependencies.some((d) => d.includes('file://')) || (tool !== undefined && Object.keys(tool).length > 0);
}
