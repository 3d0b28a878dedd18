/**
 * Writes flyte's image mapping for the user: `image.image_refs` of a flyte `config.yaml` (what
 * `flyte.init_from_config` reads to resolve `Image.from_ref_name(name)`) gets the URI of every image the
 * compile knows, by `from_ref_name` name and by `TaskEnvironment` name. The rest of the file, comments and
 * layout included, is kept: it is edited through `yaml`'s Document API, never re-dumped.
 */
import { isMap, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { Manifest } from '../emit/manifest.js';

export type ImageRefsUpdate = { readonly ok: true; readonly text: string; readonly refs: readonly (readonly [string, string])[] } | { readonly ok: false; readonly reason: string; readonly offset?: number };

/** The names flyte resolves images by, with their URIs: built and mapped images, then environments (which win). */
export function imageRefsOf(manifest: Manifest): Array<[string, string]> {
  const refs = new Map<string, string>();
  for (const image of manifest.images) {
    if (!image.uri) continue;
    if (image.refName) refs.set(image.refName, image.uri);
    if (image.kind !== 'external') refs.set(image.binding, image.uri);
  }
  for (const env of manifest.environments ?? []) if (env.uri) refs.set(env.name, env.uri);
  return [...refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `text` is the config file's content, or undefined when it does not exist yet. */
export function updateImageRefs(text: string | undefined, refs: readonly (readonly [string, string])[]): ImageRefsUpdate {
  const doc = parseDocument(text ?? '');
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    return { ok: false, reason: `it is not valid YAML: ${error.message.split('\n')[0]}`, offset: error.pos[0] };
  }
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (!isMap(doc.contents)) return { ok: false, reason: 'it is not a YAML mapping' };
  const image = mapAt(doc, doc.contents, 'image');
  if (!image) return { ok: false, reason: '`image` is not a mapping' };
  const imageRefs = mapAt(doc, image, 'image_refs');
  if (!imageRefs) return { ok: false, reason: '`image.image_refs` is not a mapping' };
  for (const [name, uri] of refs) imageRefs.set(name, uri);
  return { ok: true, text: doc.toString(), refs };
}

/** The mapping under `key`, created when absent; undefined when something else is there. */
function mapAt(doc: Document, parent: YAMLMap, key: string): YAMLMap | undefined {
  const existing = parent.get(key, true);
  if (existing === undefined || existing === null || (typeof existing === 'object' && 'value' in existing && existing.value === null)) {
    const created = doc.createNode({}) as YAMLMap;
    parent.set(key, created);
    return created;
  }
  return isMap(existing) ? existing : undefined;
}
