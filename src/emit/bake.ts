/**
 * `docker-bake.json`: the same outputs, buildable with `docker buildx bake` on BuildKit, locally or on a
 * remote builder, every target scheduled by BuildKit.
 *
 * Paths: bake resolves a relative `context` against the directory it is run in, not against the bake
 * file (buildx 0.13; newer ones only with `BUILDX_BAKE_FILE_RELATIVE_PATHS=1`). The contexts are therefore
 * written under the variable `FLYIMGC_OUT`, the output folder as seen from where bake runs: `.` (the
 * default) inside the folder, `FLYIMGC_OUT=path/to/out docker buildx bake -f path/to/out/docker-bake.json`
 * from anywhere else. No absolute path is written, so the file stays the same on every machine.
 *
 * Dependencies: a derived image's Dockerfile replays its parent's layers from the same FROM (as flyte-sdk
 * does), so no target pulls another target's tag and BuildKit can run them all at once (sharing the
 * common steps through its cache). An image whose base IS another image of the run gets a `contexts`
 * entry `"<base>": "target:<other>"`, which BuildKit resolves inside one bake (it needs a BuildKit with
 * named contexts: Docker 23 or later; docs/building.md).
 */
import type { CompiledImage } from '../hash/compiledImage.js';

export const BAKE_OUT_VARIABLE = 'FLYIMGC_OUT';

export interface BakeFile {
  readonly variable: { readonly [BAKE_OUT_VARIABLE]: { readonly default: string } };
  readonly group: { readonly default: { readonly targets: readonly string[] } };
  readonly target: Readonly<Record<string, BakeTarget>>;
}

interface BakeTarget {
  readonly context: string;
  /** Relative to the context, as bake reads it. */
  readonly dockerfile: string;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
  /** Another image of the same run that this one is built FROM: `{ "<its uri>": "target:<binding>" }`. */
  readonly contexts?: Readonly<Record<string, string>>;
  /** `id=X,env=X`: each build secret is read from the host environment variable of the same name. */
  readonly secret?: readonly string[];
}

/** `mirror` rewrites a base the way the Dockerfiles pull it (to find bases that are images of this run). */
export function bakeFile(images: readonly CompiledImage[], buildOrder: readonly string[], mirror: (reference: string) => string = (r) => r): BakeFile {
  const byUri = new Map(images.flatMap((i) => (i.ir.kind !== 'external' && i.uri ? [[i.uri, i.ir.binding.name] as const] : [])));
  const target: Record<string, BakeTarget> = {};
  for (const { ir, uri } of images) {
    if (ir.kind === 'external' || !uri) continue;
    const base = ir.base !== undefined ? mirror(ir.base) : undefined;
    const own = base !== undefined ? byUri.get(base) : undefined;
    target[ir.binding.name] = {
      context: `\${${BAKE_OUT_VARIABLE}}/${ir.binding.name}/context`,
      dockerfile: '../Dockerfile',
      tags: [uri],
      platforms: ir.platforms,
      ...(own !== undefined && own !== ir.binding.name ? { contexts: { [base!]: `target:${own}` } } : {}),
      ...(ir.secrets.length > 0 ? { secret: ir.secrets.map((s) => `id=${s.id},env=${s.id}`) } : {}),
    };
  }
  return { variable: { [BAKE_OUT_VARIABLE]: { default: '.' } }, group: { default: { targets: buildOrder } }, target };
}
