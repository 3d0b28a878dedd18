/**
 * Questions about the layers of many images, answered in time proportional to the layers no earlier
 * question met. Derived images share their base's layer nodes (check/layers.ts: `b = a.with_x()` holds
 * `a`'s list as the tail of its own), so the answer for an image starts from the answer for the newest node
 * already seen. Without this, a chain of N images each extending the previous one costs N² layer visits.
 */
import type { LayerNode, Layers } from './layers.js';
import type { LayerValue } from './model.js';

interface Match {
  readonly layer: LayerValue;
  readonly previous: Match | undefined;
}

/** The layers of an image that satisfy `matches`. */
export class LayerIndex {
  /** For each node seen: the last matching layer at or below it (null: none), so that one `get` tells seen from not. */
  private readonly upTo = new Map<LayerNode, Match | null>();

  constructor(private readonly matches: (layer: LayerValue) => boolean) {}

  /** The matching layers, oldest first (the answer's own length is the one cost beyond the new layers). */
  of(layers: Layers): LayerValue[] {
    const found: LayerValue[] = [];
    for (let m = this.lastMatch(layers); m; m = m.previous) found.push(m.layer);
    return found.reverse();
  }

  /** The newest matching layer, if any. */
  last(layers: Layers): LayerValue | undefined {
    return this.lastMatch(layers)?.layer;
  }

  /** Whether any layer matches. */
  some(layers: Layers): boolean {
    return this.lastMatch(layers) !== undefined;
  }

  private lastMatch(layers: Layers): Match | undefined {
    if (!layers) return undefined;
    // Most questions are about an image already asked about (several rules ask the same index).
    const known = this.upTo.get(layers);
    if (known !== undefined) return known ?? undefined;
    const unseen: LayerNode[] = [];
    let match: Match | undefined;
    for (let node: Layers = layers; node; node = node.below) {
      const seen = this.upTo.get(node);
      if (seen !== undefined) {
        match = seen ?? undefined;
        break;
      }
      unseen.push(node);
    }
    for (let i = unseen.length - 1; i >= 0; i--) {
      const node = unseen[i]!;
      if (this.matches(node.layer)) match = { layer: node.layer, previous: match };
      this.upTo.set(node, match ?? null);
    }
    return match;
  }
}

/**
 * For work that depends on a layer and on a setting of the image holding it (such as a folder's walk, on the
 * image's `.dockerignore`): the layers of each image not yet visited under the image's setting. An image
 * whose setting is that of the image it extends visits only its new layers.
 */
export class VisitedLayers {
  private readonly visited = new Map<string, Set<LayerNode>>();

  /** The layers above the newest node visited before under `key`, oldest first; they count as visited now. */
  visit(layers: Layers, key: string): LayerValue[] {
    let seen = this.visited.get(key);
    if (!seen) {
      seen = new Set();
      this.visited.set(key, seen);
    }
    const found: LayerValue[] = [];
    for (let node = layers; node && !seen.has(node); node = node.below) {
      seen.add(node);
      found.push(node.layer);
    }
    return found.reverse();
  }
}

/** A layer, its node (the layer with the ones below it), and the first image holding it. */
export interface OwnedLayer<T> {
  readonly layer: LayerValue;
  readonly node: LayerNode;
  readonly owner: T;
}

/**
 * Every distinct layer once, with the first image (in `images` order) that has it: each image's list is
 * walked from its newest layer down to the first node already seen.
 */
export function distinctLayers<T extends { readonly image: { readonly layers: Layers } }>(images: readonly T[]): Array<OwnedLayer<T>> {
  const seen = new Set<LayerNode>();
  const out: Array<OwnedLayer<T>> = [];
  const unseen: LayerNode[] = [];
  for (const owner of images) {
    for (let node = owner.image.layers; node && !seen.has(node); node = node.below) unseen.push(node);
    for (let i = unseen.length - 1; i >= 0; i--) {
      seen.add(unseen[i]!);
      out.push({ layer: unseen[i]!.layer, node: unseen[i]!, owner });
    }
    unseen.length = 0;
  }
  return out;
}
