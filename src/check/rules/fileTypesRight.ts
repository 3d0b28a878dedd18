import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

/** Scripts are `.py` files and project manifests have the names their tools read. */
export function fileTypesRight(ctx: RuleContext): void {
  for (const { layer } of ctx.layers) {
    if ((layer.kind === 'uv_script' || layer.kind === 'pixi_script') && !layer.script.path.endsWith('.py')) ctx.report(diag.wrongFileType(layer.script.span, layer.script.written, 'a .py script'));
    if ((layer.kind === 'uv_project' || layer.kind === 'poetry_project') && posix.basename(layer.pyproject.path) !== 'pyproject.toml') {
      ctx.report(diag.wrongFileType(layer.pyproject.span, layer.pyproject.written, 'named `pyproject.toml`'));
    }
    if (layer.kind === 'pixi_project' && !['pixi.toml', 'pyproject.toml'].includes(posix.basename(layer.manifest.path))) {
      ctx.report(diag.wrongFileType(layer.manifest.span, layer.manifest.written, 'named `pixi.toml` or `pyproject.toml`'));
    }
  }
}
