/**
 * What `flyimgc build` did, as data: printed by `build --format json` and written to
 * `<out>/build-result.json`, like flyte-sdk's `ImageBuild(uri, remote_run)` but for every image of a run.
 */
import type { CheckResult } from '../registry/check.js';

export const BUILD_RESULT_VERSION = 1;

export type BuildStatus =
  /** Built (and pushed, unless `--no-push`). */
  | 'built'
  /** Not built: the registry has it for every platform (`--force` builds anyway). */
  | 'skipped'
  | 'failed'
  /** `--dry-run`: would be built by the commands listed. */
  | 'planned'
  /** Not built: a base image it needs is missing (nothing is built then). */
  | 'blocked';

export interface ImageBuildResult {
  readonly binding: string;
  readonly uri: string;
  readonly platforms: readonly string[];
  status: BuildStatus;
  /** What the registry said before the build. */
  readonly existence: CheckResult;
  /** The manifest digest the registry serves for `uri` after the run (an index digest for several platforms). */
  digest?: string;
  /** Platform → digest of that platform's image, where the builder reports it (bake, single-platform pushes). */
  platformDigests?: Record<string, string>;
  seconds?: number;
  /** The builder's output, relative to the output folder. */
  log?: string;
  error?: string;
  /** Exactly the commands run (or, with `--dry-run`, that would run). */
  readonly commands: string[];
}

export interface BaseCheck {
  readonly reference: string;
  readonly platforms: readonly string[];
  readonly neededBy: readonly string[];
  readonly status: CheckResult['status'];
  readonly reason: string;
  readonly missingPlatforms?: readonly string[];
}

export interface BuildResult {
  readonly version: typeof BUILD_RESULT_VERSION;
  readonly ok: boolean;
  readonly dryRun: boolean;
  /** `docker`, `podman`, `buildah` or `bake`; null when nothing needed building. */
  readonly builder: string | null;
  readonly bases: readonly BaseCheck[];
  readonly images: readonly ImageBuildResult[];
}
