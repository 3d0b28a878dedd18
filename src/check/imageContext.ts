/**
 * What each layer of a generated image puts into the image's build context, and where: the one answer for
 * the rule that checks the context against its root `.dockerignore` (`contextIgnoreRespected`) and for
 * lowering, which copies it. Context paths are relative to the project root, so that the outputs do not
 * depend on where the checkout lives or which directory flyimgc runs in.
 */
import { posix } from 'node:path';
import type { Span } from '../diagnostics/diagnostic.js';
import type { HostFiles } from '../host.js';
import type { WalkedIgnore } from '../files/walk.js';
import type { BoundImage } from './evaluate.js';
import type { BuildInputs } from './inputs.js';
import type { FileArg, LayerValue } from './model.js';
import { joinUnder } from '../util/joinUnder.js';

/** One file of a build context. */
export interface ContextEntry {
  /** Where it goes in the context. */
  readonly path: string;
  /** The argument that asked for it (a file or folder argument). */
  readonly origin: Span;
  /** The host file copied; absent for the pixi manifest flyimgc generates from a script's header. */
  readonly from?: string;
  readonly size: number;
  readonly executable: boolean;
}

/** A layer's share of the context: its files in the order they are added (a later one replaces an earlier one), and what the ignore rules dropped. */
export interface LayerContext {
  readonly entries: readonly ContextEntry[];
  /** Context paths of what a folder's ignore rules left out, with the deciding pattern. */
  readonly ignored: readonly WalkedIgnore[];
}

/** Where the manifests generated for pixi scripts go in the build context (followed by the script's path). */
export const PIXI_SCRIPT_DIR = '_flyimgc/pixi-script';

/** Where a baked `loaded_modules` bundle is staged in the build context: apart, so that only its files are copied. */
export const CODE_BUNDLE_CONTEXT_DIR = '_code_bundle';

const NOTHING: LayerContext = { entries: [], ignored: [] };

/** An image's build context, layer by layer. */
export class ImageContext {
  readonly root: string;

  constructor(
    private readonly bound: BoundImage,
    private readonly inputs: BuildInputs,
    private readonly host: HostFiles,
  ) {
    this.root = inputs.imageRoot(bound);
  }

  /**
   * What the layer's files depend on besides the layer: the project root and the `.dockerignore` its folders
   * are filtered with. Two images with the same key get the same `layer()` for a shared layer.
   */
  key(): string {
    return `${this.root}\0${this.inputs.imageIgnore(this.bound).path}`;
  }

  /**
   * Where a host path goes in the context: its path relative to the project root. Outside the project (only
   * with --allow-outside-project) never the host's absolute layout: an absolute path as the user wrote it,
   * or the climb out of the project spelled `_up`.
   */
  contextPath(hostPath: string): string {
    const relative = posix.relative(this.root, hostPath);
    if (relative === '') return '.';
    if (!relative.startsWith('../') && relative !== '..' && !posix.isAbsolute(relative)) return relative;
    if (posix.isAbsolute(hostPath)) return posix.join('_outside', 'abs', hostPath);
    return posix.join('_outside', ...relative.split('/').map((p) => (p === '..' ? '_up' : p)));
  }

  /** The directory a project's manifest is in, as a folder argument. */
  projectDir(manifest: FileArg): FileArg {
    return { ...manifest, path: posix.dirname(manifest.path), written: posix.dirname(manifest.written) };
  }

  /** The directory of a pixi script's generated manifest. */
  pixiScriptDir(script: FileArg): string {
    return posix.join(PIXI_SCRIPT_DIR, this.contextPath(script.path));
  }

  /** A pixi script's sidecar lock (`<script>.pixi.lock`), when there is one. */
  pixiScriptLock(script: FileArg): FileArg | undefined {
    const path = `${script.path}.pixi.lock`;
    return this.host.stat(path)?.kind === 'file' ? { written: `${script.written}.pixi.lock`, path, span: script.span } : undefined;
  }

  /** The editable dependencies of a `dependencies_only` uv project (as lowering mounts them): host directories. */
  editableDirs(lock: FileArg): string[] {
    const found = this.inputs.lockEditables(lock.path);
    if (found?.ok !== true) return [];
    const projectDir = posix.dirname(lock.path);
    return found.paths.map((editable) => posix.normalize(posix.isAbsolute(editable) ? editable : posix.join(projectDir, editable)));
  }

  /** The layer's files, in the order lowering adds them. */
  layer(layer: LayerValue): LayerContext {
    const parts: LayerContext[] = [];
    const file = (arg: FileArg, at?: string) => parts.push({ entries: [this.file(arg, at)], ignored: [] });
    const folder = (arg: FileArg) => parts.push(this.folder(arg));
    const project = (mode: 'dependencies_only' | 'install_project', manifest: FileArg, lock: FileArg | undefined) => {
      if (mode === 'install_project') {
        folder(this.projectDir(manifest));
        file(manifest);
        if (lock) file(lock);
      }
    };
    switch (layer.kind) {
      case 'requirements':
        file(layer.file);
        break;
      case 'uv_project':
        project(layer.mode, layer.pyproject, layer.lock);
        if (layer.mode === 'dependencies_only' && layer.lock) for (const dir of this.editableDirs(layer.lock)) parts.push(this.editable(dir, layer.lock));
        file(layer.pyproject);
        if (layer.lock) file(layer.lock);
        break;
      case 'poetry_project':
        project(layer.mode, layer.pyproject, layer.lock);
        file(layer.pyproject);
        file(layer.lock);
        break;
      case 'pixi_project':
        project(layer.mode, layer.manifest, layer.lock);
        file(layer.manifest);
        if (layer.lock) file(layer.lock);
        break;
      case 'pixi_script': {
        const dir = this.pixiScriptDir(layer.script);
        parts.push({ entries: [{ path: posix.join(dir, 'pixi.toml'), origin: layer.script.span, size: 0, executable: false }], ignored: [] });
        const lock = this.pixiScriptLock(layer.script);
        if (lock) file(lock, posix.join(dir, 'pixi.lock'));
        break;
      }
      case 'source_folder':
        folder(layer.src);
        break;
      case 'source_file':
        file(layer.src);
        break;
      case 'dockerignore':
        // As flyte-sdk: the file goes into the root of the build context, under its own name.
        file(layer.file, posix.basename(layer.file.path));
        break;
      default:
        return NOTHING;
    }
    return parts.length === 1 ? parts[0]! : { entries: parts.flatMap((p) => p.entries), ignored: parts.flatMap((p) => p.ignored) };
  }

  /**
   * What a code bundle this deploy bakes in (`BuildInputs.bundlesOf`) adds, after every other layer: `all`
   * copies root_dir as a source folder would; `loaded_modules` stages the modules' files apart, keeping their
   * layout under root_dir (nothing when root_dir or the modules cannot be read: codeBundlesBakeable says why).
   */
  bundle(layer: Extract<LayerValue, { kind: 'code_bundle' }>): LayerContext {
    const bake = this.inputs.codeBundle!;
    // A root_dir that cannot be baked in (codeBundlesBakeable's to report) is not walked: it may be anywhere.
    if (bake.rootDirProblem(this.root)) return NOTHING;
    if (layer.copyStyle === 'all') return this.folder(this.inputs.bundleFolder(this.bound, layer).arg);
    const rootDir = bake.rootDir(this.root);
    const files = bake.modules(rootDir)?.files ?? [];
    return { entries: files.map((file) => ({ ...this.file({ written: file, path: file, span: layer.methodSpan }, posix.join(CODE_BUNDLE_CONTEXT_DIR, posix.relative(rootDir, file))) })), ignored: [] };
  }

  file(arg: FileArg, at?: string): ContextEntry {
    const stat = this.host.stat(arg.path);
    return { path: at ?? this.contextPath(arg.path), origin: arg.span, from: arg.path, size: stat?.size ?? 0, executable: stat?.executable ?? false };
  }

  /**
   * A copied folder's files. As flyte-sdk copies: the image's patterns are matched relative to the copied
   * folder (not to the .dockerignore's own directory, as BuildKit would), and what is copied is exactly what
   * is hashed. The walk is the one the check phase reported problems of.
   */
  folder(arg: FileArg): LayerContext {
    return this.walked(arg, this.inputs.walk(this.bound, { dir: arg.path, arg }));
  }

  /** An editable dependency, copied with flyte-sdk's standard ignore patterns plus the image's. */
  editable(dir: string, lock: FileArg): LayerContext {
    return this.walked({ written: dir, path: dir, span: lock.span }, this.inputs.editableWalk(this.bound, dir));
  }

  private walked(arg: FileArg, walk: ReturnType<BuildInputs['walk']>): LayerContext {
    const base = this.contextPath(arg.path);
    return this.inputs.walkedContext(walk, arg, base, () => {
      const under = base === '.' ? (path: string) => path : joinUnder(base);
      const from = joinUnder(arg.path);
      return {
        entries: walk.files.map((f) => ({ path: under(f.path), origin: arg.span, from: from(f.path), size: f.size, executable: f.executable })),
        ignored: walk.ignored.map((i) => ({ path: under(i.path), pattern: i.pattern })),
      };
    });
  }
}
