/** Shared by the checker tests: the evaluated images of a program, and diagnostics with their file. */
import type { HostFiles } from '../../src/host.js';
import { analyze } from '../../src/analyze.js';
import type { ImageValue, LayerValue } from '../../src/check/model.js';
import { layersInOrder } from '../../src/check/layers.js';
import { positionAt } from '../../src/source.js';
import { checkFiles } from '../helpers/check.js';

/** The image of every binding, by binding name (names must be unique across the files given). */
export function imagesOf(files: Readonly<Record<string, string>>, roots: readonly string[] = ['main.flyimg']): Record<string, ImageValue> {
  const analysis = checkFiles(files, roots);
  return Object.fromEntries(analysis.model.images.map((b) => [b.binding.name, b.image]));
}

/** One image of a one-file program. */
export function imageOf(source: string, name: string, extraFiles: Readonly<Record<string, string>> = {}): ImageValue {
  const image = imagesOf({ 'main.flyimg': source, ...extraFiles })[name];
  if (!image) throw new Error(`no image bound to \`${name}\``);
  return image;
}

/** The image's layers, oldest first. */
export function layersOf(image: ImageValue): LayerValue[] {
  return layersInOrder(image.layers);
}

export function kindsOf(image: ImageValue): string[] {
  return layersOf(image).map((l) => l.kind);
}

export function lastLayer(image: ImageValue): LayerValue {
  const layer = image.layers?.layer;
  if (!layer) throw new Error('the image has no layers');
  return layer;
}

export interface FileLocated {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Like `diagnosticsOf`, for programs of several files (or a root that is not `main.flyimg`). */
export function diagnosticsIn(files: Readonly<Record<string, string>>, roots: readonly string[], host?: HostFiles): FileLocated[] {
  const analysis = host ? analyze(roots, host) : checkFiles(files, roots);
  return analysis.diagnostics.map((d) => {
    const span = d.primary?.span;
    const source = span ? analysis.sources.get(span.file) : undefined;
    const at = span && source ? positionAt(source, span.start) : { line: 0, column: 0 };
    return { code: d.code, file: span?.file ?? '', line: at.line, column: at.column };
  });
}

/** `base`, a buildable image every layer test starts from (line 1 of the program). */
export const BASE = 'base = Image.from_debian_base(name="base")\n';
