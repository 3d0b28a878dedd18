/**
 * The files an image is built from, read once: each image's `.dockerignore`, the folders copied into its
 * build context (walked with those rules), a Dockerfile image's context, the editable dependencies a
 * uv.lock lists, and uv script headers. The check phase resolves them and reports every problem they have
 * (rules `contextFilesUsable`, `dockerignoreValid`, `ignoreFilesReadable`, `contextIgnoreRespected`,
 * `uvLockEditablesValid`, `scriptMetadataValid`); lowering then takes the same answers from here, so it has
 * nothing left to refuse and never walks twice.
 */
import { posix } from 'node:path';
import { TEXT_INPUT_LIMIT, type HostFiles } from '../host.js';
import type { SourceFile } from '../source.js';
import { decodeSource, type Decoded } from '../syntax/decode.js';
import { NO_IGNORE_RULES, parseDockerignore, type IgnoreRules } from '../files/dockerignore.js';
import { readIgnoreFile, type IgnoreFile } from '../files/ignoreFile.js';
import { uvLockEditables, type EditablesResult } from '../files/uvLock.js';
import { walkTree, type Walk } from '../files/walk.js';
import { dockerfileContext, type DockerfileContext } from '../dockerfile/context.js';
import { projectRoot } from '../files/project.js';
import type { BoundImage } from './evaluate.js';
import { LayerIndex } from './layerIndex.js';
import type { FileArg, LayerValue } from './model.js';
import type { LayerContext } from './imageContext.js';
import { parseScriptMetadata, type ScriptMetadataResult } from './pep723.js';

/** An image's ignore rules and, when they come from a file, that file (a host path) and its text. */
export interface ImageIgnore {
  readonly rules: IgnoreRules;
  readonly file?: string;
  readonly source?: SourceFile;
}

/** A folder whose files go into a build context, and the argument that asked for it. */
export interface ContextFolder {
  readonly dir: string;
  readonly arg: FileArg;
  /** `image`: filtered by the image's `.dockerignore`; `own`: a Dockerfile image's directory, by its own. */
  readonly ignore: 'image' | 'own';
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

/**
 * The `.dockerignore` lowering records for an image (`ImageIR.ignore`) and filters its editable dependencies
 * with: the last `with_dockerignore`, else the project root's. Read with the project's containment rule
 * (an explicit file was checked like every copied path); `read` says why it cannot be used.
 */
export interface RecordedIgnore {
  readonly path: string;
  readonly read: IgnoreFile;
}

/** flyte-sdk's `STANDARD_IGNORE_PATTERNS` (`flyte/_code_bundle/_ignore.py`), applied to editable dependencies. */
const FLYTE_STANDARD_IGNORE = [
  '.git', '*.pyc', '**/*.pyc', '__pycache__', '**/__pycache__', '.cache', '.cache/*', '.ruff_cache', '**/.ruff_cache', '.mypy_cache', '**/.mypy_cache',
  '.pytest_cache', '**/.pytest_cache', '.venv', '**/.venv', '.idea', '**/.idea', 'venv', 'env', '*.log', '.env', '*.egg-info', '**/*.egg-info', '*.egg',
  'dist', 'build', '*.whl',
];

export class BuildInputs {
  private readonly ignores = new Map<string, ImageIgnore>();
  private readonly recordedIgnores = new Map<string, RecordedIgnore>();
  private readonly locks = new Map<string, EditablesResult | undefined>();
  private readonly dockerfileContexts = new Map<string, DockerfileContext>();
  private readonly walks = new Map<string, Walk>();
  /** Per walk, per argument, per context directory: the walk's files as context entries (ImageContext). */
  private readonly walkedContexts = new Map<Walk, Map<FileArg, Map<string, LayerContext>>>();
  private readonly scripts = new Map<string, ScriptHeader | undefined>();
  private readonly roots = new Map<string, string>();
  private readonly dockerignoreLayers = new LayerIndex((l) => l.kind === 'dockerignore');

  constructor(
    private readonly host: HostFiles,
    private readonly allowOutsideProject: boolean,
    /** flyte's `root_dir` when one is set: flyte-sdk looks there for an image's `.dockerignore`. */
    private readonly flyteRootDir?: string,
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
   * The image's `.dockerignore`: the last `with_dockerignore`, else the one in flyte's `root_dir` when it is
   * set (as flyte-sdk looks it up), else the project root's, else none.
   */
  imageIgnore(bound: BoundImage): ImageIgnore {
    const explicit = this.dockerignoreLayers.last(bound.image.layers) as Extract<LayerValue, { kind: 'dockerignore' }> | undefined;
    return this.ignoreFile(explicit ? explicit.file.path : posix.join(this.flyteRootDir ?? this.imageRoot(bound), '.dockerignore'));
  }

  /** The `.dockerignore` lowering records for the image: see `RecordedIgnore`. */
  recordedIgnore(bound: BoundImage): RecordedIgnore {
    const explicit = this.dockerignoreLayers.last(bound.image.layers) as Extract<LayerValue, { kind: 'dockerignore' }> | undefined;
    const root = this.imageRoot(bound);
    const path = explicit ? explicit.file.path : posix.join(root, '.dockerignore');
    const containedIn = explicit || this.allowOutsideProject ? undefined : root;
    const key = `${path}\0${containedIn ?? ''}`;
    let recorded = this.recordedIgnores.get(key);
    if (!recorded) {
      recorded = { path, read: readIgnoreFile(this.host, path, { root: containedIn }) };
      this.recordedIgnores.set(key, recorded);
    }
    return recorded;
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
   * the image's recorded `.dockerignore`.
   */
  editableWalk(bound: BoundImage, dir: string): Walk {
    const recorded = this.recordedIgnore(bound);
    const root = this.imageRoot(bound);
    const key = `editable\0${dir}\0${recorded.path}\0${root}`;
    let walk = this.walks.get(key);
    if (!walk) {
      const patterns = recorded.read.kind === 'rules' ? recorded.read.rules.patterns : [];
      const rules = parseDockerignore([...FLYTE_STANDARD_IGNORE, ...patterns].join('\n'));
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

  /** The `.dockerignore` at `path`; no rules when there is none. */
  ignoreFile(path: string): ImageIgnore {
    let ignore = this.ignores.get(path);
    if (!ignore) {
      const read = this.host.readFile(path);
      if (!read.ok) ignore = { rules: NO_IGNORE_RULES };
      else {
        const decoded = decodeSource(path, read.bytes);
        ignore = { rules: parseDockerignore(decoded.source.text), file: path, source: decoded.source };
      }
      this.ignores.set(path, ignore);
    }
    return ignore;
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

  /** The files of a context folder, as the image sees them. */
  walk(bound: BoundImage, folder: ContextFolder): Walk {
    const root = this.imageRoot(bound);
    const ignore = folder.ignore === 'own' ? this.ignoreFile(posix.join(folder.dir, '.dockerignore')) : this.imageIgnore(bound);
    const key = `${folder.dir}\0${ignore.file ?? ''}\0${root}`;
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
      return [{ dir: layer.src.path, arg: layer.src, ignore: 'image' }];
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
  return { dir: arg.path, arg, ignore: 'image' };
}
