import { diag } from '../../diagnostics/codes.js';
import { decodeSource } from '../../syntax/decode.js';
import type { RuleContext } from '../context.js';
import { parseScriptMetadata } from '../pep723.js';

/** A uv or pixi script has one valid PEP 723 `# /// script` block; errors point into the script itself. */
export function scriptMetadataValid(ctx: RuleContext): void {
  for (const { layer } of ctx.layers) {
    if (layer.kind !== 'uv_script' && layer.kind !== 'pixi_script') continue;
    const read = ctx.host.readFile(layer.script.path);
    if (!read.ok) continue;
    const decoded = decodeSource(layer.script.path, read.bytes);
    if (!decoded.ok) {
      for (const d of decoded.diagnostics) ctx.report(d);
      continue;
    }
    const result = parseScriptMetadata(decoded.source.text);
    if (result.ok) continue;
    ctx.extraSources.set(layer.script.path, decoded.source);
    const span = result.reason === 'missing' ? layer.script.span : { file: layer.script.path, start: result.start, end: Math.max(result.start, result.end) };
    ctx.report(diag.invalidScriptMetadata(span, result.reason === 'missing' ? `\`${layer.script.written}\` has no \`# /// script\` block` : result.message));
  }
}
