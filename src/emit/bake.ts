/** `docker-bake.json`: the same outputs, buildable with `docker buildx bake` on BuildKit, locally or remotely. */
import type { CompiledImage } from '../hash/compiledImage.js';

export interface BakeFile {
  readonly group: { readonly default: { readonly targets: readonly string[] } };
  readonly target: Readonly<Record<string, BakeTarget>>;
}

interface BakeTarget {
  readonly context: string;
  /** Relative to the context, as bake reads it. */
  readonly dockerfile: string;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
  /** `id=X,env=X`: each build secret is read from the host environment variable of the same name. */
  readonly secret?: readonly string[];
}

export function bakeFile(images: readonly CompiledImage[], buildOrder: readonly string[]): BakeFile {
  const target: Record<string, BakeTarget> = {};
  for (const { ir, uri } of images) {
    if (ir.kind === 'external' || !uri) continue;
    target[ir.binding.name] = {
      context: `${ir.binding.name}/context`,
      dockerfile: '../Dockerfile',
      tags: [uri],
      platforms: ir.platforms,
      ...(ir.secrets.length > 0 ? { secret: ir.secrets.map((s) => `id=${s.id},env=${s.id}`) } : {}),
    };
  }
  return { group: { default: { targets: buildOrder } }, target };
}
