/**
 * The layer IR: what one image is, fully resolved, as plain readonly JSON-able data. Paths are build
 * context paths (POSIX, relative to the context root); host paths appear only in `ContextFile.from`,
 * which is never emitted. `--dump-ir` prints it (`dump.ts`).
 */
import type { ToolImages } from '../config/tools.js';
import type { BindingRef } from '../check/model.js';

export interface SecretMount {
  /** The build secret's id, which is also the host environment variable it is read from. */
  readonly id: string;
  /** Mounted as a file in this directory... */
  readonly target?: string;
  /** ...or exposed as this environment variable while the layer runs. */
  readonly env?: string;
}

export interface PipOptionsIR {
  readonly indexUrl?: string;
  readonly extraIndexUrls: readonly string[];
  readonly pre: boolean;
  /** `extra_args` split into words the way a POSIX shell would (to see which flags it holds). */
  readonly extraArgs: readonly string[];
  /** `extra_args` as written, which the Dockerfile passes to the shell (so `$VAR` expands, as in flyte-sdk). */
  readonly extraArgsRaw?: string;
}

export type LayerIR =
  | { readonly kind: 'apt'; readonly packages: readonly string[]; readonly secrets: readonly SecretMount[] }
  | { readonly kind: 'pip'; readonly packages: readonly string[]; readonly options: PipOptionsIR; readonly secrets: readonly SecretMount[] }
  | { readonly kind: 'requirements'; readonly file: string; readonly options: PipOptionsIR; readonly secrets: readonly SecretMount[] }
  | {
      readonly kind: 'uv_project';
      readonly mode: 'dependencies_only' | 'install_project';
      readonly pyproject: string;
      readonly lock?: string;
      /** The project directory (install_project). */
      readonly projectDir: string;
      /** Editable path dependencies from uv.lock (dependencies_only): context path, and path relative to the project. */
      readonly editables?: readonly { readonly from: string; readonly target: string }[];
      readonly options: PipOptionsIR;
      readonly secrets: readonly SecretMount[];
    }
  | {
      readonly kind: 'poetry_project';
      readonly mode: 'dependencies_only' | 'install_project';
      readonly pyproject: string;
      readonly lock: string;
      readonly projectDir: string;
      readonly extraArgs: readonly string[];
      readonly extraArgsRaw?: string;
      readonly secrets: readonly SecretMount[];
    }
  | {
      readonly kind: 'pixi_project';
      readonly mode: 'dependencies_only' | 'install_project';
      readonly manifest: string;
      readonly lock?: string;
      readonly projectDir: string;
      readonly environment: string;
      readonly extraArgs: readonly string[];
      readonly extraArgsRaw?: string;
      readonly secrets: readonly SecretMount[];
    }
  | {
      readonly kind: 'copy';
      readonly from: string;
      readonly to: string;
      readonly directory: boolean;
      readonly chown: boolean;
      /** `code_bundle`: a `with_code_bundle` baked in (`--copy-style none`). */
      readonly what: 'source_file' | 'source_folder' | 'code_bundle';
      /** A baked `loaded_modules` bundle: the module files, relative to root_dir (what flyte-sdk hashes). */
      readonly files?: readonly string[];
    }
  | { readonly kind: 'commands'; readonly commands: readonly string[]; readonly secrets: readonly SecretMount[] }
  | { readonly kind: 'env'; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly kind: 'workdir'; readonly path: string }
  | { readonly kind: 'labels'; readonly labels: readonly (readonly [string, string])[] };

interface ContextFileBase {
  /** Path inside the build context. */
  readonly path: string;
  readonly size: number;
  readonly executable: boolean;
}

/** A file of the build context: copied from the host, or written by flyimgc (a pixi script's manifest). */
export type ContextFile =
  /** `from`: the host path it is copied from (never emitted). */
  | (ContextFileBase & { readonly from: string })
  | (ContextFileBase & { readonly text: string });

export interface BuildSecret {
  readonly id: string;
}


export type ImageKind = 'generated' | 'dockerfile' | 'external';

export interface ImageIR {
  readonly binding: BindingRef;
  /** generated: flyimgc writes the Dockerfile; dockerfile: the user's; external: nothing to build. */
  readonly kind: ImageKind;
  /** Why an external image is not built. */
  readonly externalReason?: string;
  /** For external images: the reference used as is (absent for an unmapped ref). */
  readonly externalUri?: string;
  readonly refName?: string;
  readonly name?: string;
  readonly registry?: string;
  readonly base?: string;
  readonly python: string;
  readonly flyteVersion?: string;
  readonly platforms: readonly string[];
  readonly extendable: boolean;
  /** flyte-sdk's `py3.12`-style tag of a default image without registry or name. */
  readonly presetTag?: string;
  readonly createsFlyteUser: boolean;
  readonly layers: readonly LayerIR[];
  /** Files of the build context, sorted by path. */
  readonly context: readonly ContextFile[];
  readonly secrets: readonly BuildSecret[];
  /** The user's Dockerfile (dockerfile images), as a host path. */
  readonly dockerfile?: string;
  /** Bindings this image was derived from. */
  readonly dependsOn: readonly string[];
  /** `with_code_bundle`: code ships at run time (adds nothing to the image) unless `baked` (`--copy-style none`). */
  readonly codeBundle?: { readonly copyStyle: string; readonly dst: string; readonly baked?: boolean };
  /** The `.dockerignore` rules applied to copied folders, and where they came from. */
  readonly ignore?: { readonly file: string; readonly patterns: readonly string[] };
  /** Context paths the ignore rules left out, with the pattern that decided (a directory stands for all below it). */
  readonly ignored: readonly { readonly path: string; readonly pattern: string }[];
  readonly tools: ToolImages;
  /** What flyte-sdk's md5 tag reads (`--hash flyte`); not part of the v1 preimage. */
  readonly flyte: FlyteHashInputs;
}

/** A secret as the file wrote it: flyte-sdk's tag hashes a string secret as itself and a `Secret` as its repr. */
export interface DeclaredSecret {
  readonly key: string;
  readonly group?: string;
  readonly mount?: string;
  readonly asEnvVar?: string;
  readonly fromString: boolean;
}

export interface FlytePipOptions {
  readonly indexUrl?: string;
  readonly extraIndexUrls: readonly string[];
  readonly pre: boolean;
  /** As written, untrimmed. */
  readonly extraArgs?: string;
}

/**
 * One layer as flyte-sdk holds it, for its `Layer.update_hash`: every layer of the chain in order, including
 * those that add nothing to the Dockerfile (`dockerignore`, `code_bundle`). File fields are host paths, which
 * only the hasher reads (never emitted).
 */
export type FlyteLayerIR =
  | { readonly kind: 'apt' | 'commands'; readonly items: readonly string[]; readonly secrets: readonly DeclaredSecret[] }
  | { readonly kind: 'pip'; readonly packages: readonly string[]; readonly options: FlytePipOptions; readonly secrets: readonly DeclaredSecret[] }
  | { readonly kind: 'requirements'; readonly file: string; readonly options: FlytePipOptions; readonly secrets: readonly DeclaredSecret[] }
  | { readonly kind: 'env'; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly kind: 'workdir'; readonly path: string }
  | { readonly kind: 'labels'; readonly labels: readonly (readonly [string, string])[] }
  /** `written` is hashed instead of the bytes when the file does not exist, as flyte-sdk does. */
  | { readonly kind: 'dockerignore'; readonly file: string; readonly written: string }
  | { readonly kind: 'source_file'; readonly src: string; readonly dst: string }
  | { readonly kind: 'source_folder'; readonly src: string; readonly dst: string }
  | {
      readonly kind: 'uv_project';
      readonly mode: 'dependencies_only' | 'install_project';
      readonly pyproject: string;
      readonly lock?: string;
      readonly options: FlytePipOptions;
      readonly secrets: readonly DeclaredSecret[];
    }
  | { readonly kind: 'poetry_project'; readonly mode: 'dependencies_only' | 'install_project'; readonly pyproject: string; readonly lock: string; readonly extraArgs?: string; readonly secrets: readonly DeclaredSecret[] }
  | {
      readonly kind: 'pixi_project';
      readonly mode: 'dependencies_only' | 'install_project';
      readonly manifest: string;
      readonly lock?: string;
      readonly environment: string;
      readonly extraArgs?: string;
      readonly secrets: readonly DeclaredSecret[];
    }
  | {
      readonly kind: 'uv_script';
      readonly script: string;
      /** The PEP 723 header, read once by lowering. */
      readonly metadata: { readonly requiresPython?: string; readonly dependencies: readonly string[]; readonly hasTool: boolean };
      readonly options: FlytePipOptions;
      readonly secrets: readonly DeclaredSecret[];
    }
  | { readonly kind: 'pixi_script'; readonly script: string }
  /** `baked`: resolved by a deploy with copy style `none` (`loaded_modules`; `all` becomes a `source_folder`). */
  | { readonly kind: 'code_bundle'; readonly copyStyle: string; readonly dst: string; readonly baked?: { readonly rootDir: string; readonly files: readonly string[] } };

export interface FlyteHashInputs {
  readonly layers: readonly FlyteLayerIR[];
  /**
   * The image-level `.dockerignore` flyte-sdk applies to folder walks: the last `with_dockerignore`, else the
   * project root's (host path; absent when there is none).
   */
  readonly ignoreFile?: string;
}

export { DEFAULT_TOOL_IMAGES } from '../config/tools.js';
export type { ToolImages };
