import { diag } from '../../diagnostics/codes.js';
import { decodeSource } from '../../syntax/decode.js';
import type { RuleContext } from '../context.js';
import { parseScriptMetadata } from '../pep723.js';
import { pixiManifest } from '../pixiScript.js';

/**
 * A pixi script's header lowers to a pixi manifest (check/pixiScript.ts): no environment markers, and
 * declared platforms cover the image's (or those `--platform` builds). Errors point into the script. (A broken header is
 * scriptMetadataValid's.)
 */
export function pixiScriptValid(ctx: RuleContext): void {
  for (const { layer, owner } of ctx.layers) {
    if (layer.kind !== 'pixi_script') continue;
    const read = ctx.host.readFile(layer.script.path);
    const decoded = read.ok ? decodeSource(layer.script.path, read.bytes) : undefined;
    if (!decoded?.ok) continue;
    const parsed = parseScriptMetadata(decoded.source.text);
    if (!parsed.ok) continue;
    // `--platform` can ask for one the script does not declare.
    const result = pixiManifest(parsed.metadata, ctx.options.platforms ?? owner.image.platforms.value);
    if (result.ok) continue;
    ctx.extraSources.set(layer.script.path, decoded.source);
    for (const problem of result.problems) {
      if (problem.problem === 'marker') {
        const at = parsed.metadata.dependencySpans[problem.dependency]!;
        ctx.report(diag.pixiScriptMarker({ file: layer.script.path, start: at.start, end: at.end }, parsed.metadata.dependencies[problem.dependency]!));
      } else {
        ctx.report(diag.pixiScriptPlatforms({ file: layer.script.path, start: parsed.metadata.block.start, end: parsed.metadata.block.start + '# /// script'.length }, problem.declared, problem.missing));
      }
    }
  }
}
