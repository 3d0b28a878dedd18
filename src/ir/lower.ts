/**
 * Checked model → layer IR: resolves `from_ref_name` through the `--image` map, host paths to build-context
 * paths (relative to the project root, check/imageContext.ts), folders to the files they hold (filtered by
 * the image's `.dockerignore`), uv script headers to packages, and secrets to mounts. Runs only on
 * error-free models: the rules reported every user mistake (and read the files, in `BuildInputs`, which
 * lowering reuses), so lowering reports nothing; what they cover is an `invariant` here (a compiler bug,
 * exit 70), and so are the code bundles a deploy bakes in (`BuildInputs.codeBundle`).
 */
import { posix } from 'node:path';
import { joinUnder } from '../util/joinUnder.js';
import type { HostFiles } from '../host.js';
import type { BoundImage, Model } from '../check/evaluate.js';
import type { BuildInputs } from '../check/inputs.js';
import { CODE_BUNDLE_CONTEXT_DIR, ImageContext, type LayerContext } from '../check/imageContext.js';
import type { CodeBundleBake } from '../check/codeBundleBake.js';
import { layersInOrder } from '../check/layers.js';
import type { FileArg, ImageValue, LayerValue, Located, PipOptions, SecretValue } from '../check/model.js';
import { isDirectoryDestination } from '../files/copyDestination.js';
import { pixiManifest } from '../check/pixiScript.js';
import { stringify as stringifyToml } from 'smol-toml';
import { invariant } from '../util/invariant.js';
import { shellSplit } from '../util/shell.js';
import type { BuildSecret, ContextFile, DeclaredSecret, FlyteHashInputs, FlyteLayerIR, FlytePipOptions, ImageIR, LayerIR, PipOptionsIR, SecretMount, ToolImages } from './ir.js';

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

export function lowerImages(model: Pick<Model, 'images'>, inputs: BuildInputs, host: HostFiles, options: LowerOptions): ImageIR[] {
  return model.images.map((bound) => new ImageLowering(bound, inputs, host, options).lower());
}

const FLYTE_USER_MARKER = 'useradd --create-home --shell /bin/bash flyte';

class ImageLowering {
  private readonly context = new Map<string, ContextFile>();
  private readonly secrets = new Map<string, BuildSecret>();
  private readonly ignored = new Map<string, string>();
  private readonly root: string;
  private readonly files: ImageContext;

  constructor(
    private readonly bound: BoundImage,
    private readonly inputs: BuildInputs,
    private readonly host: HostFiles,
    private readonly options: LowerOptions,
  ) {
    this.files = new ImageContext(bound, inputs, host);
    this.root = this.files.root;
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
    const empty = { createsFlyteUser: false, layers: [], context: [], secrets: [], ignored: [], flyte: { layers: [] } };

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

    const layers: LayerIR[] = [];
    let codeBundle: ImageIR['codeBundle'];
    // The image's every layer goes into its Dockerfile: this is the one place its whole list is walked.
    const imageLayers = layersInOrder(image.layers);
    const createsFlyteUser = imageLayers.some((l) => l.kind === 'commands' && l.commands.some((c) => c.value.includes(FLYTE_USER_MARKER)));
    for (const layer of imageLayers) {
      if (layer.kind === 'code_bundle') {
        codeBundle = { copyStyle: layer.copyStyle, dst: layer.dst.value, ...(this.inputs.codeBundle ? { baked: true } : {}) };
        continue;
      }
      layers.push(...this.layer(layer, createsFlyteUser));
    }
    // Baked bundles go after every other layer, wherever the call sits in the chain (as flyte-sdk moves them).
    for (const bundle of this.inputs.bundlesOf(this.bound)) layers.push(this.bakedBundle(bundle, createsFlyteUser));
    const ignore = this.inputs.imageIgnore(this.bound);
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
      ...(ignore.read.kind === 'rules' ? { ignore: { file: this.files.contextPath(ignore.path), patterns: ignore.rules.patterns } } : {}),
      ignored: [...this.ignored].map(([path, pattern]) => ({ path, pattern })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      flyte: this.flyteInputs(imageLayers),
    };
  }

  /**
   * `all`: root_dir copied as `with_source_folder(root_dir, dst)` would (flyte-sdk turns it into exactly that
   * CopyConfig). `loaded_modules`: only the loaded modules' files, keeping their layout under root_dir.
   */
  private bakedBundle(layer: Extract<LayerValue, { kind: 'code_bundle' }>, chown: boolean): LayerIR {
    this.add(this.files.bundle(layer));
    if (layer.copyStyle === 'all') return { kind: 'copy', from: this.files.contextPath(this.inputs.bundleFolder(this.bound, layer).dir), to: layer.dst.value, directory: true, chown, what: 'code_bundle' };
    const rootDir = this.inputs.codeBundle!.rootDir(this.root);
    const modules = this.inputs.codeBundle!.modules(rootDir)?.files;
    invariant(modules !== undefined, 'a loaded_modules bundle without entry modules (or without a Python parser) reached lowering (codeBundlesBakeable reports the first)');
    return { kind: 'copy', from: CODE_BUNDLE_CONTEXT_DIR, to: layer.dst.value, directory: true, chown, what: 'code_bundle', files: modules.map((f) => posix.relative(rootDir, f)) };
  }

  /** The user's Dockerfile, built as is, with its context (`context=`, else its own directory). */
  private lowerDockerfileImage(image: ImageValue, common: Omit<ImageIR, 'kind' | 'createsFlyteUser' | 'layers' | 'context' | 'secrets' | 'ignored' | 'flyte'>): ImageIR {
    const dockerfile = image.dockerfile!;
    // Its problems (a linked-out .dockerignore, files that cannot be sent) are the rules ignoreFilesReadable's and contextFilesUsable's.
    const found = this.inputs.dockerfileContext(this.bound)!;
    const from = joinUnder(found.dir);
    const context = found.files.map((f) => ({ path: f.path, from: from(f.path), size: f.size, executable: f.executable }));
    const ignored = found.walk.ignored.map((i) => ({ ...i }));
    return { ...common, kind: 'dockerfile', dockerfile: dockerfile.path, createsFlyteUser: false, layers: [], context, secrets: [], ignored, flyte: { layers: [] } };
  }

  private layer(layer: LayerValue, chown: boolean): LayerIR[] {
    if (layer.kind === 'pixi_script') return this.pixiScript(layer);
    this.add(this.files.layer(layer));
    const at = (arg: FileArg) => this.files.contextPath(arg.path);
    switch (layer.kind) {
      case 'apt':
        return [{ kind: 'apt', packages: layer.packages.map((p) => p.value), secrets: this.mounts(layer.secrets) }];
      case 'pip':
        return [{ kind: 'pip', packages: layer.packages.map((p) => p.value), options: this.pipOptions(layer.options), secrets: this.mounts(layer.secrets) }];
      case 'requirements':
        return [{ kind: 'requirements', file: at(layer.file), options: this.pipOptions(layer.options), secrets: this.mounts(layer.secrets) }];
      case 'uv_project': {
        const editables = layer.mode === 'dependencies_only' && layer.lock ? this.uvEditables(layer.lock) : [];
        return [
          {
            kind: 'uv_project',
            mode: layer.mode,
            pyproject: at(layer.pyproject),
            ...(layer.lock ? { lock: at(layer.lock) } : {}),
            projectDir: at(this.files.projectDir(layer.pyproject)),
            ...(editables.length > 0 ? { editables } : {}),
            options: this.pipOptions(layer.options),
            secrets: this.mounts(layer.secrets),
          },
        ];
      }
      case 'poetry_project':
        return [
          {
            kind: 'poetry_project',
            mode: layer.mode,
            pyproject: at(layer.pyproject),
            lock: at(layer.lock),
            projectDir: at(this.files.projectDir(layer.pyproject)),
            ...this.extraArgs(layer.extraArgs),
            secrets: this.mounts(layer.secrets),
          },
        ];
      case 'pixi_project':
        return [
          {
            kind: 'pixi_project',
            mode: layer.mode,
            manifest: at(layer.manifest),
            ...(layer.lock ? { lock: at(layer.lock) } : {}),
            projectDir: at(this.files.projectDir(layer.manifest)),
            environment: layer.environment.value,
            ...this.extraArgs(layer.extraArgs),
            secrets: this.mounts(layer.secrets),
          },
        ];
      case 'uv_script':
        return this.uvScript(layer);
      case 'source_folder':
        return [{ kind: 'copy', from: at(layer.src), to: layer.dst.value, directory: true, chown, what: 'source_folder' }];
      case 'source_file': {
        // `COPY src dst` as flyte-sdk writes it: a file destination is the file's new path; a directory one is
        // written with its trailing `/`, which says the same to every builder.
        const to = isDirectoryDestination(layer.dst.value) && !layer.dst.value.endsWith('/') ? `${layer.dst.value}/` : layer.dst.value;
        return [{ kind: 'copy', from: at(layer.src), to, directory: false, chown, what: 'source_file' }];
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

  /**
   * flyte-sdk mounts the editable path dependencies of a uv project beside it (`uv export` lists them), copied
   * with its standard ignore patterns plus the image's; without them `uv sync` cannot build the project's deps.
   */
  private uvEditables(lock: FileArg): { from: string; target: string }[] {
    // The rule uvLockEditablesValid reported a lock it cannot read and editables that are not directories.
    invariant(this.inputs.lockEditables(lock.path)?.ok === true, `uv.lock ${lock.path} was not checked`);
    const projectDir = posix.dirname(lock.path);
    return this.files.editableDirs(lock).map((dir) => {
      invariant(this.host.stat(dir)?.kind === 'directory', `editable dependency ${dir} was not checked`);
      return { from: this.files.contextPath(dir), target: posix.relative(projectDir, dir) };
    });
  }

  /**
   * As flyte-sdk: the script's header becomes a generated `pixi.toml` (with the script's sidecar
   * `<script>.pixi.lock` as its `pixi.lock`), installed like a dependencies_only pixi project.
   */
  private pixiScript(layer: Extract<LayerValue, { kind: 'pixi_script' }>): LayerIR[] {
    const parsed = this.inputs.script(layer.script.path)?.result;
    invariant(parsed?.ok === true, `pixi script ${layer.script.path} was not checked`);
    // The rule pixiScriptValid checked the header against the platforms built (`--platform` included).
    const result = pixiManifest(parsed.metadata, this.options.platforms ?? this.bound.image.platforms.value);
    invariant(result.ok, `pixi script ${layer.script.path} was not checked`);
    const dir = this.files.pixiScriptDir(layer.script);
    const text = `# Generated by flyimgc from the PEP 723 metadata of ${JSON.stringify(this.files.contextPath(layer.script.path))}.\n${stringifyToml(result.manifest)}\n`;
    this.add(this.files.layer(layer), text);
    const lock = this.files.pixiScriptLock(layer.script);
    return [
      {
        kind: 'pixi_project',
        mode: 'dependencies_only',
        manifest: posix.join(dir, 'pixi.toml'),
        ...(lock ? { lock: posix.join(dir, 'pixi.lock') } : {}),
        projectDir: dir,
        environment: layer.environment.value,
        ...this.extraArgs(layer.extraArgs),
        secrets: this.mounts(layer.secrets),
      },
    ];
  }

  // ── the build context ─────────────────────────────────────────────────────

  /** A layer's files into the context (a later one replaces an earlier one at the same path); `generated`: the text of the one flyimgc writes. */
  private add(files: LayerContext, generated?: string): void {
    for (const dropped of files.ignored) this.ignored.set(dropped.path, dropped.pattern);
    for (const entry of files.entries) {
      if (entry.from !== undefined) this.context.set(entry.path, { path: entry.path, from: entry.from, size: entry.size, executable: entry.executable });
      else {
        invariant(generated !== undefined, `no text for the generated context file ${entry.path}`);
        this.context.set(entry.path, { path: entry.path, text: generated, size: new TextEncoder().encode(generated).length, executable: false });
      }
    }
  }

  private contextFiles(): ContextFile[] {
    return [...this.context.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  // ── what flyte-sdk's tag reads ────────────────────────────────────────────

  private flyteInputs(imageLayers: readonly LayerValue[]): FlyteHashInputs {
    const bake = this.inputs.codeBundle;
    // Baked in, resolve_code_bundle_layer moves the bundles after every other layer: `all` as a CopyConfig of root_dir.
    const layers = bake
      ? [...imageLayers.filter((l) => l.kind !== 'code_bundle').flatMap((l) => this.flyteLayer(l)), ...imageLayers.flatMap((l) => (l.kind === 'code_bundle' ? [this.bakedFlyteLayer(l, bake)] : []))]
      : imageLayers.flatMap((l) => this.flyteLayer(l));
    // The image's `.dockerignore`, the one the copies were filtered with; flyte-sdk's hash reads it its own way.
    const ignore = this.inputs.imageIgnore(this.bound);
    return { layers, ...(ignore.read.kind === 'rules' ? { ignoreFile: ignore.path } : {}) };
  }

  private bakedFlyteLayer(layer: Extract<LayerValue, { kind: 'code_bundle' }>, bake: CodeBundleBake): FlyteLayerIR {
    const rootDir = bake.rootDir(this.root);
    if (layer.copyStyle === 'all') return { kind: 'source_folder', src: rootDir, dst: layer.dst.value };
    return { kind: 'code_bundle', copyStyle: layer.copyStyle, dst: layer.dst.value, baked: { rootDir, files: bake.modules(rootDir)?.files ?? [] } };
  }

  private flyteLayer(layer: LayerValue): FlyteLayerIR[] {
    switch (layer.kind) {
      case 'apt':
        return [{ kind: 'apt', items: layer.packages.map((p) => p.value), secrets: declared(layer.secrets) }];
      case 'commands':
        return [{ kind: 'commands', items: layer.commands.map((c) => c.value), secrets: declared(layer.secrets) }];
      case 'pip':
        return [{ kind: 'pip', packages: layer.packages.map((p) => p.value), options: flytePipOptions(layer.options), secrets: declared(layer.secrets) }];
      case 'requirements':
        return [{ kind: 'requirements', file: layer.file.path, options: flytePipOptions(layer.options), secrets: declared(layer.secrets) }];
      case 'env':
        return [{ kind: 'env', pairs: layer.pairs.map(([k, v]) => [k.value, v.value] as const) }];
      case 'workdir':
        return [{ kind: 'workdir', path: layer.path.value }];
      case 'labels':
        return [{ kind: 'labels', labels: layer.labels }];
      case 'dockerignore':
        return [{ kind: 'dockerignore', file: layer.file.path, written: layer.file.written }];
      case 'source_file':
        return [{ kind: 'source_file', src: layer.src.path, dst: layer.dst.value }];
      case 'source_folder':
        return [{ kind: 'source_folder', src: layer.src.path, dst: layer.dst.value }];
      case 'uv_project':
        return [
          {
            kind: 'uv_project',
            mode: layer.mode,
            pyproject: layer.pyproject.path,
            ...(layer.lock ? { lock: layer.lock.path } : {}),
            options: flytePipOptions(layer.options),
            secrets: declared(layer.secrets),
          },
        ];
      case 'poetry_project':
        return [{ kind: 'poetry_project', mode: layer.mode, pyproject: layer.pyproject.path, lock: layer.lock.path, ...extra(layer.extraArgs), secrets: declared(layer.secrets) }];
      case 'pixi_project':
        return [
          {
            kind: 'pixi_project',
            mode: layer.mode,
            manifest: layer.manifest.path,
            ...(layer.lock ? { lock: layer.lock.path } : {}),
            environment: layer.environment.value,
            ...extra(layer.extraArgs),
            secrets: declared(layer.secrets),
          },
        ];
      case 'uv_script': {
        const parsed = this.inputs.script(layer.script.path)?.result;
        // The rules reported an unreadable script or a broken header; lowering runs only without errors.
        invariant(parsed?.ok === true, `uv script ${layer.script.path} was not checked`);
        const { metadata } = parsed;
        return [
          {
            kind: 'uv_script',
            script: layer.script.path,
            metadata: {
              ...(metadata.requiresPython !== undefined ? { requiresPython: metadata.requiresPython } : {}),
              dependencies: metadata.dependencies,
              hasTool: metadata.tool !== undefined && Object.keys(metadata.tool).length > 0,
            },
            options: flytePipOptions(layer.options),
            secrets: declared(layer.secrets),
          },
        ];
      }
      case 'pixi_script':
        return [{ kind: 'pixi_script', script: layer.script.path }];
      case 'code_bundle':
        return [{ kind: 'code_bundle', copyStyle: layer.copyStyle, dst: layer.dst.value }];
    }
  }

  // ── values ────────────────────────────────────────────────────────────────

  private pipOptions(options: PipOptions): PipOptionsIR {
    return {
      ...(options.indexUrl ? { indexUrl: options.indexUrl.value } : {}),
      extraIndexUrls: options.extraIndexUrls.map((u) => u.value),
      pre: options.pre,
      ...this.extraArgs(options.extraArgs),
    };
  }

  /**
   * `extra_args` as shell words (for the hash), and as written (for the Dockerfile: flyte-sdk passes it to
   * the shell, so `$VAR` expands) when there are any.
   */
  private extraArgs(text: Located<string> | undefined): { extraArgs: string[]; extraArgsRaw?: string } {
    const words = this.words(text);
    return { extraArgs: words, ...(text && words.length > 0 ? { extraArgsRaw: text.value.trim() } : {}) };
  }

  private words(text: Located<string> | undefined): string[] {
    if (!text) return [];
    const words = shellSplit(text.value);
    // Unclosed quotes are refused by the rule extraArgsValid; a trailing backslash by check/values.ts.
    invariant(words, 'unsplittable extra_args reached lowering (the rule extraArgsValid reports it)');
    return words;
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

function declared(secrets: readonly SecretValue[]): DeclaredSecret[] {
  return secrets.map((s) => ({
    key: s.key,
    ...(s.group !== undefined ? { group: s.group } : {}),
    ...(s.mount !== undefined ? { mount: s.mount } : {}),
    ...(s.asEnvVar !== undefined ? { asEnvVar: s.asEnvVar } : {}),
    fromString: s.fromString,
  }));
}

function flytePipOptions(options: PipOptions): FlytePipOptions {
  return { ...(options.indexUrl ? { indexUrl: options.indexUrl.value } : {}), extraIndexUrls: options.extraIndexUrls.map((u) => u.value), pre: options.pre, ...extra(options.extraArgs) };
}

function extra(text: Located<string> | undefined): { extraArgs?: string } {
  return text === undefined ? {} : { extraArgs: text.value };
}

/** A build secret's id: `GROUP_KEY` or `KEY`, upper-case, `-` as `_`; the host variable it is read from. */
export function secretId(secret: SecretValue): string {
  return (secret.group ? `${secret.group}_${secret.key}` : secret.key).replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}
