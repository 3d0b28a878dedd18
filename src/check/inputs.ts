/**
 * The files an image is built from, read once: each image's `.dockerignore`, the folders copied into its
 * build context (walked with those rules), the code bundles a deploy bakes in, a Dockerfile image's context,
 * the editable dependencies a uv.lock lists, and uv script headers. The check phase resolves them and
 * reports every problem they have (rules `contextFilesUsable`, `dockerignoreValid`, `ignoreFilesReadable`,
 * `contextIgnoreRespected`, `codeBundlesBakeable`, `uvLockEditablesValid`, `scriptMetadataValid`); lowering
 * then takes the same answers from here, so it has nothing left to refuse and never walks twice.
 */
import { posix } from 'node:path';
import { TEXT_INPUT_LIMIT, type HostFiles } from '../host.js';
import { decodeSource, type Decoded } from '../syntax/decode.js';
import { NO_IGNORE_RULES, parseDockerignore, type IgnoreRules } from '../files/dockerignore.js';
import { readIgnoreFile, type IgnoreFile } from '../files/ignoreFile.js';
import { uvLockEditables, type EditablesResult } from '../files/uvLock.js';
import { walkTree, type Walk } from '../files/walk.js';
import { dockerfileContext, type DockerfileContext } from '../dockerfile/context.js';
import { projectRoot } from '../files/project.js';
import type { BoundImage } from './evaluate.js';
import type { CodeBundleBake } from './codeBundleBake.js';
import { LayerIndex } from './layerIndex.js';
import type { FileArg, LayerValue } from './model.js';
import type { LayerContext } from './imageContext.js';
import { parseScriptMetadata, type ScriptMetadataResult } from './pep723.js';

/**
 * An image's `.dockerignore`, as flyte-sdk resolves it for both copying and hashing (`get_and_list_dockerignore`,
 * `Image._get_hash_digest`): the last `with_dockerignore` with a non-blank path, else the `.dockerignore` in
 * flyte's `root_dir` (`[flyte] root_dir` / `--root-dir`, else the project root). Read with the project's
 * containment rule (an explicit file was checked like every copied path); `read` says why it cannot be used.
 */
export interface ImageIgnore {
  /** Where it is looked for (a host path). */
  readonly path: string;
  readonly read: IgnoreFile;
  /** The rules when `read` has them, else none. */
  readonly rules: IgnoreRules;
}

/** A folder whose files go into a build context, and the argument that asked for it. */
export interface ContextFolder {
  readonly dir: string;
  readonly arg: FileArg;
}

export type ScriptHeader = ScriptText | ScriptUnreadable;

/** A regular file that could not be read (larger than the bound for text inputs, or a read error). */
export interface ScriptUnreadable {
  readonly unreadable: string;
  readonly result?: undefined;
}

export interface ScriptText {
  readonly unreadable?: undefined;
  readonly decoded: Decoded;
  /** Undefined when the bytes are not text. */
  readonly result?: ScriptMetadataResult;
}

/** flyte-sdk's `STANDARD_IGNORE_PATTERNS` (`flyte/_code_bundle/_ignore.py`), applied to editable dependencies. */
const FLYTE_STANDARD_IGNORE = [
  '.git', '*.pyc', '**/*.pyc', '__pycache__', '**/__pycache__', '.cache', '.cache/*', '.ruff_cache', '**/.ruff_cache', '.mypy_cache', '**/.mypy_cache',
  '.pytest_cache', '**/.pytest_cache', '.venv', '**/.venv', '.idea', '**/.idea', 'venv', 'env', '*.log', '.env', '*.egg-info', '**/*.egg-info', '*.egg',
  'dist', 'build', '*.whl',
];

export class BuildInputs {
  private readonly ignores = new Map<string, ImageIgnore>();
  private readonly locks = new Map<string, EditablesResult | undefined>();
  private readonly dockerfileContexts = new Map<string, DockerfileContext>();
  private readonly walks = new Map<string, Walk>();
  /** Per walk, per argument, per context directory: the walk's files as context entries (ImageContext). */
  private readonly walkedContexts = new Map<Walk, Map<FileArg, Map<string, LayerContext>>>();
  private readonly scripts = new Map<string, ScriptHeader | undefined>();
  private readonly roots = new Map<string, string>();
  private readonly dockerignoreLayers = new LayerIndex((l) => l.kind === 'dockerignore' && l.file.written.trim() !== '');
  private readonly bundleLayers = new LayerIndex((l) => l.kind === 'code_bundle');

  constructor(
    private readonly host: HostFiles,
    private readonly allowOutsideProject: boolean,
    /** flyte's `root_dir` when one is set: flyte-sdk looks there for an image's `.dockerignore`. */
    private readonly flyteRootDir?: string,
    /** How this deploy bakes code bundles in; absent: it does not (they ship at run time). */
    readonly codeBundle?: CodeBundleBake,
  ) {}

  /**
   * A walk's files as the context entries of `arg` under `base`, made once per run: the rule that checks
   * the context and lowering both ask, and a copied folder may hold tens of thousands of files.
   */
  walkedContext(walk: Walk, arg: FileArg, base: string, make: () => LayerContext): LayerContext {
    let byArg = this.walkedContexts.get(walk);
    if (!byArg) this.walkedContexts.set(walk, (byArg = new Map()));
    let byBase = byArg.get(arg);
    if (!byBase) byArg.set(arg, (byBase = new Map()));
    let context = byBase.get(base);
    if (!context) byBase.set(base, (context = make()));
    return context;
  }

  /** The project root of a `.flyimg` file: see `projectRoot`. */
  rootOf(file: string): string {
    const dir = posix.dirname(file);
    let root = this.roots.get(dir);
    if (root === undefined) {
      root = projectRoot(this.host, dir);
      this.roots.set(dir, root);
    }
    return root;
  }

  /** A bound image's project root: the root of the file that binds it. */
  imageRoot(bound: BoundImage): string {
    return this.rootOf(bound.binding.file);
  }

  /**
   * The image's `.dockerignore` (see `ImageIgnore`): the one answer for the copies (folder walks, editable
   * dependencies), the IR's record of it, both hashes and the rules that check it.
   */
  imageIgnore(bound: BoundImage): ImageIgnore {
    const explicit = this.dockerignoreLayers.last(bound.image.layers) as Extract<LayerValue, { kind: 'dockerignore' }> | undefined;
    const root = this.imageRoot(bound);
    const path = explicit ? explicit.file.path : posix.join(this.flyteRootDir ?? root, '.dockerignore');
    const containedIn = explicit || this.allowOutsideProject ? undefined : root;
    const key = `${path}\0${containedIn ?? ''}`;
    let ignore = this.ignores.get(key);
    if (!ignore) {
      const read = readIgnoreFile(this.host, path, { root: containedIn });
      ignore = { path, read, rules: read.kind === 'rules' ? read.rules : NO_IGNORE_RULES };
      this.ignores.set(key, ignore);
    }
    return ignore;
  }

  /** The editable path dependencies a uv.lock lists; undefined when the lock cannot be read (filesExist's). */
  lockEditables(lock: string): EditablesResult | undefined {
    if (this.locks.has(lock)) return this.locks.get(lock);
    const read = this.host.readFile(lock);
    const found = read.ok ? uvLockEditables(new TextDecoder().decode(read.bytes)) : undefined;
    this.locks.set(lock, found);
    return found;
  }

  /**
   * An editable dependency's files, as flyte-sdk copies them: filtered by its standard ignore patterns and
   * the image's `.dockerignore`.
   */
  editableWalk(bound: BoundImage, dir: string): Walk {
    const ignore = this.imageIgnore(bound);
    const root = this.imageRoot(bound);
    const key = `editable\0${dir}\0${ignore.path}\0${root}`;
    let walk = this.walks.get(key);
    if (!walk) {
      const rules = parseDockerignore([...FLYTE_STANDARD_IGNORE, ...ignore.rules.patterns].join('\n'));
      walk = walkTree(this.host, dir, { ignore: rules, boundary: root, allowOutside: this.allowOutsideProject });
      this.walks.set(key, walk);
    }
    return walk;
  }

  /**
   * A Dockerfile image's build context (its directory, or `context=`); undefined for other images, and for
   * a context that is not a directory or is outside the project (the file rules report those; it is not walked).
   */
  dockerfileContext(bound: BoundImage): DockerfileContext | undefined {
    const image = bound.image;
    if (!image.dockerfile) return undefined;
    const root = this.imageRoot(bound);
    const dir = image.dockerContext?.path ?? posix.dirname(image.dockerfile.path);
    if (this.host.stat(dir)?.kind !== 'directory') return undefined;
    const relative = posix.relative(root, dir);
    if (!this.allowOutsideProject && (relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative))) return undefined;
    const key = `${image.dockerfile.path}\0${image.dockerContext?.path ?? ''}\0${root}`;
    let context = this.dockerfileContexts.get(key);
    if (!context) {
      context = dockerfileContext(this.host, image, root, this.allowOutsideProject)!;
      this.dockerfileContexts.set(key, context);
    }
    return context;
  }

  /**
   * The folders whose files the image copies into its build context, of `layers` (the image's, or those of
   * them that `VisitedLayers` has not met yet with the image's context key).
   */
  foldersOf(bound: BoundImage, layers: readonly LayerValue[]): ContextFolder[] {
    const image = bound.image;
    if (!image.cloned) return [];
    // A Dockerfile image's context (its directory, or `context=`) is `dockerfileContext`.
    if (image.dockerfile) return [];
    return layers.flatMap((layer) => foldersOfLayer(layer));
  }

  /** The `with_code_bundle` layers this deploy bakes into a generated image; none when it bakes nothing in. */
  bundlesOf(bound: BoundImage): readonly Extract<LayerValue, { kind: 'code_bundle' }>[] {
    if (!this.codeBundle || !bound.image.cloned || bound.image.dockerfile) return [];
    return this.bundleLayers.of(bound.image.layers) as Extract<LayerValue, { kind: 'code_bundle' }>[];
  }

  /**
   * The folder a baked `all` bundle copies: root_dir, as `with_source_folder(root_dir)` (flyte-sdk turns it
   * into exactly that copy), named by the `with_code_bundle` call.
   */
  bundleFolder(bound: BoundImage, layer: Extract<LayerValue, { kind: 'code_bundle' }>): ContextFolder {
    const dir = this.codeBundle!.rootDir(this.imageRoot(bound));
    return { dir, arg: { written: dir, path: dir, span: layer.methodSpan } };
  }

  /** The folders the image's baked `all` bundles copy (none for a root_dir that cannot be baked in: codeBundlesBakeable's). */
  bakedFolders(bound: BoundImage): ContextFolder[] {
    if (this.codeBundle?.rootDirProblem(this.imageRoot(bound)) !== undefined) return [];
    return this.bundlesOf(bound).flatMap((layer) => (layer.copyStyle === 'all' ? [this.bundleFolder(bound, layer)] : []));
  }

  /** The files of a context folder, as the image sees them. */
  walk(bound: BoundImage, folder: ContextFolder): Walk {
    const root = this.imageRoot(bound);
    const ignore = this.imageIgnore(bound);
    const key = `${folder.dir}\0${ignore.path}\0${root}`;
    let walk = this.walks.get(key);
    if (!walk) {
      walk = walkTree(this.host, folder.dir, { ignore: ignore.rules, boundary: root, allowOutside: this.allowOutsideProject });
      this.walks.set(key, walk);
    }
    return walk;
  }

  /** A uv script's PEP 723 header; undefined when the script cannot be read (another rule reports that). */
  script(path: string): ScriptHeader | undefined {
    if (this.scripts.has(path)) return this.scripts.get(path);
    // A script is text that is parsed: bounded like every other text input.
    const read = this.host.readFile(path, { maxBytes: TEXT_INPUT_LIMIT });
    let header: ScriptHeader | undefined;
    if (read.ok) {
      const decoded = decodeSource(path, read.bytes);
      header = decoded.ok ? { decoded, result: parseScriptMetadata(decoded.source.text) } : { decoded };
    } else if (!read.missing && this.host.stat(path)?.kind === 'file') {
      // Missing files and other kinds are the rule filesExist's; a regular file that cannot be read is said here.
      header = { unreadable: read.reason };
    }
    this.scripts.set(path, header);
    return header;
  }
}

/** A source folder, and for `install_project` the whole project directory. */
function foldersOfLayer(layer: LayerValue): ContextFolder[] {
  switch (layer.kind) {
    case 'source_folder':
      return [{ dir: layer.src.path, arg: layer.src }];
    case 'uv_project':
    case 'poetry_project':
      return layer.mode === 'install_project' ? [projectDir(layer.pyproject)] : [];
    case 'pixi_project':
      return layer.mode === 'install_project' ? [projectDir(layer.manifest)] : [];
    default:
      return [];
  }
}

export function projectDir(manifest: FileArg): ContextFolder {
  const arg: FileArg = { ...manifest, path: posix.dirname(manifest.path), written: posix.dirname(manifest.written) };
  return { dir: arg.path, arg };
}
