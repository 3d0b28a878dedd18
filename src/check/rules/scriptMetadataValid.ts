import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/** A uv or pixi script has one valid PEP 723 `# /// script` block; errors point into the script itself. */
export function scriptMetadataValid(ctx: RuleContext): void {
  const seen = new Set<string>();
  for (const { layer } of ctx.layers) {
    if ((layer.kind !== 'uv_script' && layer.kind !== 'pixi_script') || seen.has(layer.script.path)) continue;
    seen.add(layer.script.path);
    const header = ctx.inputs.script(layer.script.path);
    if (!header) continue;
    if (header.unreadable !== undefined) {
      ctx.report(diag.fileUnreadable(layer.script.span, layer.script.written, header.unreadable));
      continue;
    }
    if (!header.result) {
      for (const d of header.decoded.diagnostics) ctx.report(d);
      continue;
    }
    const result = header.result;
    if (result.ok) continue;
    ctx.extraSources.set(layer.script.path, header.decoded.source);
    const span = result.reason === 'missing' ? layer.script.span : { file: layer.script.path, start: result.start, end: Math.max(result.start, result.end) };
    ctx.report(diag.invalidScriptMetadata(span, result.reason === 'missing' ? `\`${layer.script.written}\` has no \`# /// script\` block` : result.message));
  }
}
