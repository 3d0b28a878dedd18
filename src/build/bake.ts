/**
 * `flyimgc build --bake`: the whole graph in one `docker buildx bake` call, so that BuildKit (local, a
 * remote BuildKit, the Kubernetes driver, a cloud builder) schedules every image, not flyimgc.
 * The bake file is the compiled `docker-bake.json` (see emit/bake.ts); this is the command that runs it.
 */
import type { Command } from './builders.js';

export interface BakeRequest {
  /** The output folder as the bake process sees it (relative to its working directory). */
  readonly out: string;
  /** Targets to build (binding names); the file's default group when empty. */
  readonly targets: readonly string[];
  /** `--buildx-builder NAME`: a builder instance (`docker buildx ls`); the current one when absent. */
  readonly buildxBuilder?: string;
  readonly push: boolean;
  readonly load: boolean;
  /** Where bake writes each target's digest (`containerimage.digest`), for the build result. */
  readonly metadataFile: string;
  /** Extra arguments for bake, as the user gave them (e.g. `--file net.yaml` for an override file). */
  readonly extraArgs: readonly string[];
}

/** The bake command; the output folder reaches bake through `FLYIMGC_OUT` (set with `--set`-free env). */
export function bakeCommand(request: BakeRequest): Command {
  const file = request.out === '.' ? 'docker-bake.json' : `${request.out.replace(/\/+$/, '')}/docker-bake.json`;
  return {
    file: 'docker',
    args: [
      'buildx',
      'bake',
      ...(request.buildxBuilder !== undefined ? ['--builder', request.buildxBuilder] : []),
      '--file',
      file,
      ...(request.push ? ['--push'] : request.load ? ['--load'] : []),
      '--metadata-file',
      request.metadataFile,
      ...request.extraArgs,
      ...request.targets,
    ],
  };
}

/** Per target, the digest bake reports in its metadata file (`containerimage.digest`). */
export function bakeDigests(metadata: unknown): Map<string, string> {
  const digests = new Map<string, string>();
  if (typeof metadata !== 'object' || metadata === null) return digests;
  for (const [target, entry] of Object.entries(metadata)) {
    const digest = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['containerimage.digest'] : undefined;
    if (typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest)) digests.set(target, digest);
  }
  return digests;
}
