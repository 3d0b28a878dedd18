import type { Span } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import { readIgnoreFile, type IgnoreFile } from '../../files/ignoreFile.js';
import type { RuleContext } from '../context.js';
import { ImageContext, type ContextEntry, type LayerContext } from '../imageContext.js';
import type { LayerNode, Layers } from '../layers.js';
import type { LayerValue } from '../model.js';

/** What the layers up to one layer put into the context, as far as this rule needs it. */
interface UpTo {
  /** The last file written to `.dockerignore` at the context root. */
  readonly rootIgnore: ContextEntry | undefined;
}

/**
 * A `.dockerignore` at the root of a generated image's build context (from `with_dockerignore`, or a copied
 * project root) is applied by the builder to the whole context: a file the build needs that it excludes
 * would fail the build. The context is the one lowering assembles (check/imageContext.ts).
 *
 * A code bundle the deploy bakes in is part of that context (`BuildInputs.bundlesOf`): a baked `all` bundle
 * copies root_dir, and with it root_dir's `.dockerignore` to the context root when root_dir is the project root.
 *
 * Derived images share their base's layer list as the tail of their own, so what a tail adds is computed once
 * per shared layer (as check/layerIndex.ts does): a chain of images each extending the one before costs linear time.
 */
export function contextIgnoreRespected(ctx: RuleContext): void {
  const { files, upTo, excluded, rulesOf, bundles, afterBundle } = ctx.cached(contextIgnoreRespected, () => ({
    // Per context key (see ImageContext.key): each layer's files, and the root `.dockerignore` up to it.
    files: new Map<string, Map<LayerValue, LayerContext>>(),
    upTo: new Map<string, Map<LayerNode, UpTo>>(),
    // Per root `.dockerignore` entry: for each layer, the excluded context paths up to it (last writer's origin).
    excluded: new Map<ContextEntry, Map<LayerNode, ReadonlyMap<string, Span>>>(),
    rulesOf: new Map<string, IgnoreFile>(),
    // Per context key: what each baked code bundle adds; and the excluded paths after a bundle, from those before it.
    bundles: new Map<string, Map<LayerValue, LayerContext>>(),
    afterBundle: new Map<ReadonlyMap<string, Span>, Map<LayerContext, ReadonlyMap<string, Span>>>(),
  }));
  const bundleOf = (key: string, layer: Extract<LayerValue, { kind: 'code_bundle' }>, context: ImageContext) => {
    const known = bundles.get(key) ?? new Map<LayerValue, LayerContext>();
    bundles.set(key, known);
    const found = known.get(layer) ?? context.bundle(layer);
    known.set(layer, found);
    return found;
  };
  const reported = new Set<ReadonlyMap<string, Span>>();

  for (const bound of ctx.model.images) {
    const image = bound.image;
    if (!image.cloned || image.dockerfile || image.layers === undefined) continue;
    const context = new ImageContext(bound, ctx.inputs, ctx.host);
    const key = context.key();
    const layerFiles = files.get(key) ?? new Map<LayerValue, LayerContext>();
    files.set(key, layerFiles);
    const filesOf = (layer: LayerValue) => {
      let found = layerFiles.get(layer);
      if (!found) {
        found = context.layer(layer);
        layerFiles.set(layer, found);
      }
      return found;
    };

    const states = upTo.get(key) ?? new Map<LayerNode, UpTo>();
    upTo.set(key, states);
    const state = extend(image.layers, states, { rootIgnore: undefined }, (previous, layer) => {
      const own = filesOf(layer).entries.filter((e) => e.path === '.dockerignore').at(-1);
      return own ? { rootIgnore: own } : previous;
    });
    // The code bundles a deploy bakes in come after every other layer (a copied root_dir brings its `.dockerignore`).
    const baked = ctx.inputs.bundlesOf(bound).map((layer) => bundleOf(key, layer, context));
    const rootIgnore = baked.flatMap((b) => b.entries).filter((e) => e.path === '.dockerignore').at(-1) ?? state.rootIgnore;
    // A generated file is never the root `.dockerignore`; one that cannot be read is ignoreFilesReadable's.
    if (rootIgnore?.from === undefined) continue;
    let read = rulesOf.get(rootIgnore.from);
    if (!read) {
      // Already in the context, so already vetted by the walk (containment, regular file).
      read = readIgnoreFile(ctx.host, rootIgnore.from, { root: undefined });
      rulesOf.set(rootIgnore.from, read);
    }
    if (read.kind !== 'rules') continue;
    const rules = read.rules;

    const byLayer = excluded.get(rootIgnore) ?? new Map<LayerNode, ReadonlyMap<string, Span>>();
    excluded.set(rootIgnore, byLayer);
    const excludes = (previous: ReadonlyMap<string, Span>, layer: LayerContext) => {
      let next: Map<string, Span> | undefined;
      for (const entry of layer.entries) {
        // A later file at the same path replaces the earlier one (so the origin is the last writer's).
        if (entry.path === '.dockerignore' || !rules.ignores(entry.path)) continue;
        next ??= new Map(previous);
        next.set(entry.path, entry.origin);
      }
      return next ?? previous;
    };
    let paths = extend(image.layers, byLayer, new Map<string, Span>() as ReadonlyMap<string, Span>, (previous, layer) => excludes(previous, filesOf(layer)));
    for (const bundle of baked) {
      // Step by step and kept, as for the layers: images sharing a bundle share the answer (and report it once).
      const known = afterBundle.get(paths) ?? new Map<LayerContext, ReadonlyMap<string, Span>>();
      afterBundle.set(paths, known);
      const next = known.get(bundle) ?? excludes(paths, bundle);
      known.set(bundle, next);
      paths = next;
    }
    if (reported.has(paths)) continue;
    reported.add(paths);
    for (const [path, origin] of paths) ctx.report(diag.contextFileDockerignored(origin, path, rules.decidingPattern(path) ?? '', rootIgnore.origin));
  }
}

/**
 * The state after the newest of `layers`, from the states already known for a shared tail: only the layers
 * above the newest node seen are visited. `states` must belong to one meaning of `step`.
 */
function extend<S>(layers: Layers, states: Map<LayerNode, S>, initial: S, step: (previous: S, layer: LayerValue) => S): S {
  const unseen: LayerNode[] = [];
  let node = layers;
  while (node && !states.has(node)) {
    unseen.push(node);
    node = node.below;
  }
  let state = node ? states.get(node)! : initial;
  for (let i = unseen.length - 1; i >= 0; i--) {
    state = step(state, unseen[i]!.layer);
    states.set(unseen[i]!, state);
  }
  return state;
}
