/**
 * Checked model → layer IR: resolves `from_ref_name` through the `--image` map, host paths to build-context
 * paths (relative to the project root), folders to the files they hold (filtered by the image's
 * `.dockerignore`), uv script headers to packages, and secrets to mounts. Runs only on error-free models:
 * every user mistake was reported by the check phase (which also read the files, in `BuildInputs`), so a
 * failure here is a compiler bug (an `invariant`, exit 70), never a diagnostic.
 */
import { posix } from 'node:path';
import type { HostFiles } from '../host.js';
import type { BoundImage, Model } from '../check/evaluate.js';
import { projectDir, type BuildInputs, type ContextFolder, type ImageIgnore } from '../check/inputs.js';
import type { FileArg, ImageValue, LayerValue, Located, PipOptions, SecretValue } from '../check/model.js';
import { invariant } from '../util/invariant.js';
import { splitExtraArgs } from '../util/shell.js';
import type { BuildSecret, ContextFile, ImageIR, LayerIR, PipOptionsIR, SecretMount, ToolImages } from './ir.js';

export interface LowerOptions {
  /** `from_ref_name` names → image references (`--image name=uri`). */
  readonly imageMap: ReadonlyMap<string, string>;
  readonly allowOutsideProject: boolean;
  readonly tools: ToolImages;
  /** Build these platforms instead of the ones the files give (a different image, so a different tag). */
  readonly platforms?: readonly string[];
  /** Push every image to this registry instead of its own (same tag, another URI). */
  readonly registryOverride?: string;
  /** Registry for images that name none. */
  readonly defaultRegistry?: string;
}

export function lowerImages(model: Model, inputs: BuildInputs, host: HostFiles, options: LowerOptions): ImageIR[] {
  return model.images.map((bound) => new ImageLowering(bound, inputs, host, options).lower());
}

const FLYTE_USER_MARKER = 'useradd --create-home --shell /bin/bash flyte';

class ImageLowering {
  private readonly context = new Map<string, ContextFile>();
  private readonly secrets = new Map<string, BuildSecret>();
  private readonly ignored = new Map<string, string>();
  private readonly root: string;
  private readonly ignore: ImageIgnore;

  constructor(
    private readonly bound: BoundImage,
    private readonly inputs: BuildInputs,
    private readonly host: HostFiles,
    private readonly options: LowerOptions,
  ) {
    this.root = inputs.imageRoot(bound);
    this.ignore = inputs.imageIgnore(bound);
  }

  lower(): ImageIR {
    const image = this.bound.image;
    const common = {
      binding: this.bound.binding,
      python: `${image.python.major}.${image.python.minor}`,
      ...(image.flyteVersion ? { flyteVersion: image.flyteVersion } : {}),
      platforms: [...(this.options.platforms ?? image.platforms.value)],
      extendable: image.extendable,
      ...(image.name ? { name: image.name.value } : {}),
      ...registryOf(image.registry?.value, this.options),
      ...(image.refName ? { refName: image.refName.value } : {}),
      dependsOn: image.derivedFrom ? [image.derivedFrom.binding.name] : [],
      tools: this.options.tools,
    };
    const empty = { createsFlyteUser: false, layers: [], context: [], secrets: [], ignored: [] };

    if (!image.cloned) {
      const uri = image.base?.value ?? (image.refName ? this.options.imageMap.get(image.refName.value) : undefined);
      const reason = image.origin.kind === 'ref' ? 'a reference resolved at deploy time' : image.origin.kind === 'debian' ? "flyte's published image" : 'an existing image, used as is';
      return { ...common, ...empty, kind: 'external', externalReason: reason, ...(uri ? { externalUri: uri } : {}) };
    }

    if (image.dockerfile) return this.lowerDockerfileImage(image, common);

    let base = image.base?.value;
    if (!base && image.refName) {
      base = this.options.imageMap.get(image.refName.value);
      invariant(base, `from_ref_name("${image.refName.value}") is not mapped (the rule refNamesMapped reports it)`);
    }
    invariant(image.origin.kind !== 'pixi_script', 'from_pixi_script reached lowering (the rule compilable reports it)');

    const layers: LayerIR[] = [];
    let codeBundle: ImageIR['codeBundle'];
    const createsFlyteUser = image.layers.some((l) => l.kind === 'commands' && l.commands.some((c) => c.value.includes(FLYTE_USER_MARKER)));
    for (const layer of image.layers) {
      if (layer.kind === 'code_bundle') {
        codeBundle = { copyStyle: layer.copyStyle, dst: layer.dst.value };
        continue;
      }
      layers.push(...this.layer(layer, createsFlyteUser));
    }
    return {
      ...common,
      kind: 'generated',
      ...(base ? { base } : {}),
      ...(image.presetTag ? { presetTag: image.presetTag } : {}),
      createsFlyteUser,
      layers,
      context: this.contextFiles(),
      secrets: [...this.secrets.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      ...(codeBundle ? { codeBundle } : {}),
      ...(this.ignore.file ? { ignore: { file: this.contextPath(this.ignore.file), patterns: this.ignore.rules.patterns } } : {}),
      ignored: [...this.ignored].map(([path, pattern]) => ({ path, pattern })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
  }

  /** The user's Dockerfile, built as is with its own directory as the context. */
  private lowerDockerfileImage(image: ImageValue, common: Omit<ImageIR, 'kind' | 'createsFlyteUser' | 'layers' | 'context' | 'secrets' | 'ignored'>): ImageIR {
    const dockerfile = image.dockerfile!;
    const dir = posix.dirname(dockerfile.path);
    const walk = this.inputs.walk(this.bound, { dir, arg: dockerfile, ignore: 'own' });
    const context = walk.files.filter((f) => f.path !== posix.basename(dockerfile.path) && f.path !== '.dockerignore').map((f) => ({ path: f.path, from: posix.join(dir, f.path), size: f.size, executable: f.executable }));
    const ignored = walk.ignored.map((i) => ({ ...i }));
    return { ...common, kind: 'dockerfile', dockerfile: dockerfile.path, createsFlyteUser: false, layers: [], context, secrets: [], ignored };
  }

  private layer(layer: LayerValue, chown: boolean): LayerIR[] {
    switch (layer.kind) {
      case 'apt':
        return [{ kind: 'apt', packages: layer.packages.map((p) => p.value), secrets: this.mounts(layer.secrets) }];
      case 'pip':
        return [{ kind: 'pip', packages: layer.packages.map((p) => p.value), options: this.pipOptions(layer.options), secrets: this.mounts(layer.secrets) }];
      case 'requirements':
        return [{ kind: 'requirements', file: this.addFile(layer.file), options: this.pipOptions(layer.options), secrets: this.mounts(layer.secrets) }];
      case 'uv_project': {
        const projectDir = this.projectFiles(layer.mode, layer.pyproject, layer.lock);
        return [
          {
            kind: 'uv_project',
            mode: layer.mode,
            pyproject: this.addFile(layer.pyproject),
            ...(layer.lock ? { lock: this.addFile(layer.lock) } : {}),
            projectDir,
            options: this.pipOptions(layer.options),
            secrets: this.mounts(layer.secrets),
          },
        ];
      }
      case 'poetry_project': {
        const projectDir = this.projectFiles(layer.mode, layer.pyproject, layer.lock);
        return [
          {
            kind: 'poetry_project',
            mode: layer.mode,
            pyproject: this.addFile(layer.pyproject),
            lock: this.addFile(layer.lock),
            projectDir,
            extraArgs: this.words(layer.extraArgs),
            ...raw(this.rawArgs(layer.extraArgs)),
            secrets: this.mounts(layer.secrets),
          },
        ];
      }
      case 'pixi_project': {
        const projectDir = this.projectFiles(layer.mode, layer.manifest, layer.lock);
        return [
          {
            kind: 'pixi_project',
            mode: layer.mode,
            manifest: this.addFile(layer.manifest),
            ...(layer.lock ? { lock: this.addFile(layer.lock) } : {}),
            projectDir,
            environment: layer.environment.value,
            extraArgs: this.words(layer.extraArgs),
            ...raw(this.rawArgs(layer.extraArgs)),
            secrets: this.mounts(layer.secrets),
          },
        ];
      }
      case 'uv_script':
        return this.uvScript(layer);
      case 'source_folder': {
        const dir = this.addFolder({ dir: layer.src.path, arg: layer.src, ignore: 'image' });
        return [{ kind: 'copy', from: dir, to: layer.dst.value, directory: true, chown, what: 'source_folder' }];
      }
      case 'source_file': {
        const file = this.addFile(layer.src);
        // A file always goes *into* dst, as flyte-sdk's duplicate-name check assumes.
        const to = layer.dst.value.endsWith('/') ? layer.dst.value : `${layer.dst.value}/`;
        return [{ kind: 'copy', from: file, to, directory: false, chown, what: 'source_file' }];
      }
      case 'commands':
        return [{ kind: 'commands', commands: layer.commands.map((c) => c.value), secrets: this.mounts(layer.secrets) }];
      case 'env':
        return [{ kind: 'env', pairs: layer.pairs.map(([k, v]) => [k.value, v.value] as const) }];
      case 'workdir':
        return [{ kind: 'workdir', path: layer.path.value }];
      case 'labels':
        return [{ kind: 'labels', labels: layer.labels }];
      case 'dockerignore':
      case 'code_bundle':
        return [];
    }
  }

  private uvScript(layer: Extract<LayerValue, { kind: 'uv_script' }>): LayerIR[] {
    const parsed = this.inputs.script(layer.script.path)?.result;
    invariant(parsed?.ok, `the header of ${layer.script.path} was not checked (the rule scriptMetadataValid reports it)`);
    const packages = parsed.metadata.dependencies;
    invariant(!packages.some((d) => /\bfile:\/\//.test(d)), 'a file:// dependency reached lowering (the rule compilable reports it)');
    if (packages.length === 0) return [];
    return [{ kind: 'pip', packages, options: this.pipOptions(layer.options), secrets: this.mounts(layer.secrets) }];
  }

  /** For install_project, the whole project directory goes into the context (manifest and lock always). */
  private projectFiles(mode: 'dependencies_only' | 'install_project', manifest: FileArg, lock: FileArg | undefined): string {
    const folder = projectDir(manifest);
    if (mode === 'install_project') {
      this.addFolder(folder);
      this.addFile(manifest);
      if (lock) this.addFile(lock);
    }
    return this.contextPath(folder.dir);
  }

  // ── the build context ─────────────────────────────────────────────────────

  /**
   * Where a host path goes in the context: its path relative to the project root, so that the outputs do
   * not depend on where the checkout lives or which directory flyimgc runs in.
   */
  private contextPath(hostPath: string): string {
    const relative = posix.relative(this.root, hostPath);
    if (relative === '') return '.';
    if (!relative.startsWith('../') && relative !== '..' && !posix.isAbsolute(relative)) return relative;
    // Only reachable with --allow-outside-project. Never the host's absolute layout: an absolute path as
    // the user wrote it, or the climb out of the project spelled `_up`.
    if (posix.isAbsolute(hostPath)) return posix.join('_outside', 'abs', hostPath);
    return posix.join('_outside', ...relative.split('/').map((p) => (p === '..' ? '_up' : p)));
  }

  private addFile(arg: FileArg): string {
    const path = this.contextPath(arg.path);
    const stat = this.host.stat(arg.path);
    this.context.set(path, { path, from: arg.path, size: stat?.size ?? 0, executable: stat?.executable ?? false });
    return path;
  }

  private addFolder(folder: ContextFolder): string {
    const base = this.contextPath(folder.dir);
    // As flyte-sdk copies: the image's patterns are matched relative to the copied folder (not to the
    // .dockerignore's own directory, as BuildKit would), and what is copied is exactly what is hashed.
    // What cannot be copied was reported by the rule contextFilesUsable and is left out.
    const walk = this.inputs.walk(this.bound, folder);
    for (const dropped of walk.ignored) this.ignored.set(base === '.' ? dropped.path : posix.join(base, dropped.path), dropped.pattern);
    for (const file of walk.files) {
      const path = base === '.' ? file.path : posix.join(base, file.path);
      this.context.set(path, { path, from: posix.join(folder.dir, file.path), size: file.size, executable: file.executable });
    }
    return base;
  }

  private contextFiles(): ContextFile[] {
    return [...this.context.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  // ── values ────────────────────────────────────────────────────────────────

  private pipOptions(options: PipOptions): PipOptionsIR {
    return {
      ...(options.indexUrl ? { indexUrl: options.indexUrl.value } : {}),
      extraIndexUrls: options.extraIndexUrls.map((u) => u.value),
      pre: options.pre,
      extraArgs: this.words(options.extraArgs),
      ...raw(this.rawArgs(options.extraArgs)),
    };
  }

  /** `extra_args` as written, for the Dockerfile: flyte-sdk passes it to the shell, so `$VAR` expands. */
  private rawArgs(text: Located<string> | undefined): string | undefined {
    return text && this.words(text).length > 0 ? text.value.trim() : undefined;
  }

  private words(text: Located<string> | undefined): string[] {
    if (!text) return [];
    const split = splitExtraArgs(text.value);
    invariant(split.ok, 'unsplittable extra_args reached lowering (the rule extraArgsValid reports it)');
    return split.words;
  }

  private mounts(secrets: readonly SecretValue[]): SecretMount[] {
    return secrets.map((s) => {
      const id = secretId(s);
      this.secrets.set(id, { id });
      return { id, ...(s.mount ? { target: s.mount } : { env: s.asEnvVar ?? id }) };
    });
  }
}

function registryOf(own: string | undefined, options: LowerOptions): { registry?: string } {
  const registry = options.registryOverride ?? own ?? options.defaultRegistry;
  return registry ? { registry: registry.replace(/\/$/, '') } : {};
}

function raw(text: string | undefined): { extraArgsRaw?: string } {
  return text === undefined ? {} : { extraArgsRaw: text };
}

/** A build secret's id: `GROUP_KEY` or `KEY`, upper-case, `-` as `_`; the host variable it is read from. */
export function secretId(secret: SecretValue): string {
  return (secret.group ? `${secret.group}_${secret.key}` : secret.key).replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}
