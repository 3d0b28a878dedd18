/**
 * Derived images share their base's layer objects as a prefix (`b = a.with_x()` holds `a`'s layers, then
 * its own), so a question about an image's layers can start from the answer for its last shared layer.
 * Without this, a chain of N images each extending the previous one costs N² layer visits.
 *
 * Relies on the evaluator's invariant: a layer object is created by one call and only ever appended, so
 * every image holding it holds the same layers before it.
 */
import type { LayerValue } from './model.js';

interface Node {
  readonly layer: LayerValue;
  readonly previous: Node | undefined;
}

/** The layers of an image that satisfy `matches`, in order, in time proportional to the image's new layers. */
export class LayerIndex {
  /** For each layer seen: the last matching layer at or before it. */
  private readonly upTo = new Map<LayerValue, Node | undefined>();

  constructor(private readonly matches: (layer: LayerValue) => boolean) {}

  of(layers: readonly LayerValue[]): LayerValue[] {
    const unseen: LayerValue[] = [];
    let node: Node | undefined;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]!;
      if (this.upTo.has(layer)) {
        node = this.upTo.get(layer);
        break;
      }
      unseen.push(layer);
    }
    for (let i = unseen.length - 1; i >= 0; i--) {
      const layer = unseen[i]!;
      if (this.matches(layer)) node = { layer, previous: node };
      this.upTo.set(layer, node);
    }
    const found: LayerValue[] = [];
    for (let n = node; n; n = n.previous) found.push(n.layer);
    return found.reverse();
  }
}

/**
 * Every distinct layer once, with the first image (in `images` order) that has it: each image's layers
 * are visited from the end back to the first one already seen.
 */
export function distinctLayers<T extends { readonly image: { readonly layers: readonly LayerValue[] } }>(images: readonly T[]): Array<{ layer: LayerValue; owner: T }> {
  const seen = new Set<LayerValue>();
  const out: Array<{ layer: LayerValue; owner: T }> = [];
  for (const owner of images) {
    const layers = owner.image.layers;
    let first = layers.length;
    while (first > 0 && !seen.has(layers[first - 1]!)) first--;
    for (let i = first; i < layers.length; i++) {
      const layer = layers[i]!;
      // A layer used twice in one image (never made by the evaluator) is still listed once.
      if (seen.has(layer)) continue;
      seen.add(layer);
      out.push({ layer, owner });
    }
  }
  return out;
}
