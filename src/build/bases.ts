/**
 * What an image is built FROM, asked of the registry before anything is built: the base (`from_base`
 * URIs, the flyte default images, mapped `from_ref_name` targets), the uv tool image every generated
 * Dockerfile copies uv from, and the pixi image when a pixi layer needs it; each for the platforms the
 * images need. References are as the Dockerfiles pull them (after `[mirrors]`).
 *
 * A builder asked for arm64 on a base that has only amd64 warns and builds amd64 anyway (labelled arm64):
 * asking the registry first is the only way to catch that before a build.
 */
import type { CompiledImage } from '../hash/compiledImage.js';

export interface BaseRequirement {
  /** The reference as the Dockerfile pulls it. */
  readonly reference: string;
  /** Every platform some image needs it for, sorted. */
  readonly platforms: readonly string[];
  /** The images that need it, with what they use it for. */
  readonly neededBy: readonly { readonly binding: string; readonly as: 'base' | 'uv' | 'pixi' | 'reference' }[];
}

/**
 * The images `images` pull. Bases that are images of the same run (built before their users) are left out:
 * the scheduler and bake order those. `mirror` rewrites a reference the way the Dockerfiles were written.
 */
export function baseRequirements(images: readonly CompiledImage[], mirror: (reference: string) => string): BaseRequirement[] {
  const ownUris = new Set(images.flatMap((i) => (i.ir.kind !== 'external' && i.uri ? [i.uri] : [])));
  const found = new Map<string, { platforms: Set<string>; neededBy: Array<BaseRequirement['neededBy'][number]> }>();
  const need = (reference: string, image: CompiledImage, as: BaseRequirement['neededBy'][number]['as']) => {
    if (ownUris.has(reference)) return;
    const entry = found.get(reference) ?? { platforms: new Set<string>(), neededBy: [] };
    for (const p of image.ir.platforms) entry.platforms.add(p);
    entry.neededBy.push({ binding: image.ir.binding.name, as });
    found.set(reference, entry);
  };
  for (const image of images) {
    const { ir } = image;
    if (ir.kind === 'external') {
      // A mapped `from_ref_name`: nothing to build, but a run that names it promises it exists.
      if (ir.externalUri) need(ir.externalUri, image, 'reference');
      continue;
    }
    // A user's own Dockerfile (`from_dockerfile`) names its bases itself; flyimgc does not read them.
    if (ir.kind !== 'generated' || !image.uri) continue;
    if (ir.base) need(mirror(ir.base), image, 'base');
    need(mirror(ir.tools.uv), image, 'uv');
    if (ir.layers.some((l) => l.kind === 'pixi_project')) need(mirror(ir.tools.pixi), image, 'pixi');
  }
  return [...found]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reference, { platforms, neededBy }]) => ({ reference, platforms: [...platforms].sort(), neededBy }));
}

/** Bindings of the same run that `image` is built FROM (its base is their URI). */
export function ownBasesOf(image: CompiledImage, images: readonly CompiledImage[], mirror: (reference: string) => string): string[] {
  const base = image.ir.base !== undefined ? mirror(image.ir.base) : undefined;
  if (base === undefined) return [];
  return images.filter((other) => other !== image && other.ir.kind !== 'external' && other.uri === base).map((o) => o.ir.binding.name);
}
