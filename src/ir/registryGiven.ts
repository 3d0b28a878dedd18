/**
 * A built image is pushed somewhere the user chose: `name:tag` with no registry (none in the file, in
 * `[build] registry` or `--registry`) means Docker Hub's `docker.io/library/<name>`. A compile-time warning,
 * because only the compile knows the registry the image ends up with.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { Model } from '../check/evaluate.js';
import type { ImageIR } from './ir.js';

export function warnImagesWithoutRegistry(model: Pick<Model, 'images'>, irs: readonly ImageIR[], diagnostics: Diagnostic[]): void {
  const reported = new Set<string>();
  irs.forEach((ir, i) => {
    const image = model.images[i]!.image;
    if (ir.kind === 'external' || ir.registry || !ir.name) return;
    const span = image.clonedAt ?? image.name?.span ?? image.origin.span;
    const key = `${span.file}:${span.start}`;
    if (reported.has(key)) return;
    reported.add(key);
    diagnostics.push(diag.imageWithoutRegistry(span, ir.name));
  });
}
