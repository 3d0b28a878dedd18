/** One line per layer of the IR, for the manifest, `flyimgc explain` and diffs. */
import type { LayerIR } from './ir.js';
import { assertNever } from '../util/invariant.js';

/** One line per layer, for people reading the manifest or a diff. */
export function summarizeLayer(layer: LayerIR): string {
  switch (layer.kind) {
    case 'apt':
      return `apt: ${layer.packages.join(' ')}`;
    case 'pip':
      return `pip: ${layer.packages.join(' ')}`;
    case 'requirements':
      return `requirements: ${layer.file}`;
    case 'uv_project':
      return `uv project (${layer.mode}): ${layer.pyproject}`;
    case 'poetry_project':
      return `poetry project (${layer.mode}): ${layer.pyproject}`;
    case 'pixi_project':
      return `pixi project (${layer.mode}, ${layer.environment}): ${layer.manifest}`;
    case 'copy':
      return `copy: ${layer.from} → ${layer.to}`;
    case 'commands':
      return `commands: ${layer.commands.join(' && ')}`;
    case 'env':
      return `env: ${layer.pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
    case 'workdir':
      return `workdir: ${layer.path}`;
    case 'labels':
      return `labels: ${layer.labels.map(([k]) => k).join(' ')}`;
    default:
      return assertNever(layer);
  }
}
