/** The build manifest: everything CI and people need to know about the compiled images, as plain data. */
import type { ImageIR, LayerIR } from '../ir/ir.js';
import type { FileDigest } from '../hash/contentHash.js';
import { assertNever } from '../util/invariant.js';

export interface ManifestImage {
  readonly binding: string;
  /** `path:line` of the binding, relative to its project root. */
  readonly source: string;
  readonly kind: ImageIR['kind'];
  readonly name?: string;
  readonly registry?: string;
  readonly uri?: string;
  readonly tag?: string;
  readonly hashScheme?: string;
  readonly base?: string;
  readonly platforms: readonly string[];
  readonly python: string;
  readonly flyteVersion?: string;
  readonly extendable: boolean;
  readonly dependsOn: readonly string[];
  readonly dockerfile?: string;
  readonly context?: string;
  readonly layers: readonly string[];
  readonly inputs: readonly FileDigest[];
  readonly secrets: readonly string[];
  readonly codeBundle?: { readonly copyStyle: string; readonly dst: string };
  readonly notBuilt?: string;
  readonly refName?: string;
}

export interface Manifest {
  readonly manifestVersion: 1;
  readonly hashScheme: string;
  readonly images: readonly ManifestImage[];
  /** Images to build, dependencies first. */
  readonly buildOrder: readonly string[];
  /** `name=uri` for every image with a reference, as flyte's `init_from_config(images=...)` takes them. */
  readonly imageRefs: readonly string[];
}

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

/** Dependencies first; ties in binding-name order, so the order is the same on every machine. */
export function buildOrder(images: readonly ManifestImage[]): string[] {
  const built = new Map(images.filter((i) => i.kind !== 'external').map((i) => [i.binding, i]));
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, stack: Set<string>) => {
    if (done.has(name) || stack.has(name)) return;
    stack.add(name);
    for (const dep of [...(built.get(name)?.dependsOn ?? [])].sort()) if (built.has(dep)) visit(dep, stack);
    stack.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of [...built.keys()].sort()) visit(name, new Set());
  return order;
}
