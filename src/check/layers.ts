/**
 * An image's layers as a persistent list, newest first. An image made by adding layers to another holds
 * the other's list as the tail of its own instead of a copy of it, so a chain of N images each extending
 * the one before holds N layer nodes, not N²/2 (issue 10, item 15), and a node stands for one layer
 * together with every layer before it: two images holding the same node agree up to that layer.
 *
 * Walking a whole list costs its length: rules that look at every image ask through `LayerIndex` or
 * `distinctLayers` (check/layerIndex.ts), which stop at the first node already seen; `layersInOrder` is for
 * lowering, whose output holds every layer of the image anyway.
 */
import type { LayerValue } from './model.js';

export interface LayerNode {
  readonly layer: LayerValue;
  /** The layers before this one; absent for an image's first layer. */
  readonly below: LayerNode | undefined;
  /** How many layers there are up to this one, this one included. */
  readonly count: number;
}

/** An image's layers: its newest layer's node, or undefined when it has none. */
export type Layers = LayerNode | undefined;

/** `below` followed by `layers` (oldest first), sharing `below`. */
export function pushLayers(below: Layers, layers: readonly LayerValue[]): Layers {
  let top = below;
  for (const layer of layers) top = { layer, below: top, count: (top?.count ?? 0) + 1 };
  return top;
}

export function layerCount(layers: Layers): number {
  return layers?.count ?? 0;
}

/** Every layer, oldest first: time and memory proportional to the image's whole list. */
export function layersInOrder(layers: Layers): LayerValue[] {
  const out = new Array<LayerValue>(layerCount(layers));
  for (let node = layers, i = out.length - 1; node; node = node.below, i--) out[i] = node.layer;
  return out;
}

/** Every layer, newest first, lazily: a search for the last of a kind stops where it finds one. */
export function* newestFirst(layers: Layers): Generator<LayerValue> {
  for (let node = layers; node; node = node.below) yield node.layer;
}
