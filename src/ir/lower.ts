/**
 * Checked model → layer IR: resolves `from_ref_name` through the `--image` map, host paths to build-context
 * paths (relative to the project root), folders to the files they hold (filtered by the image's
 * `.dockerignore`), uv script headers to packages, and secrets to mounts. Runs only on error-free models:
 * the rules reported every user mistake they can see (and read the files, in `BuildInputs`, which lowering
 * reuses), so what they cover is an `invariant` here (a compiler bug, exit 70). The two checks that still
 * need the lowered build context (FLY5050, FLY5051) report into `diagnostics`; `analyze` runs lowering as
 * its last check step, so `flyimgc check` and the language server report them too.
 */
import { posix } from 'node:path';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { HostFiles } from '../host.js';
import type { BoundImage, Model } from '../check/evaluate.js';
import type { BuildInputs } from '../check/inputs.js';
import type { FileArg, ImageValue, LayerValue, Located, PipOptions, SecretValue } from '../check/model.js';
import { NO_IGNORE_RULES, parseDockerignore, type IgnoreRules } from '../files/dockerignore.js';
import { isDirectoryDestination } from '../files/copyDestination.js';
import { readIgnoreFile } from '../files/ignoreFile.js';
import { uvLockEditables } from '../files/uvLock.js';
import { pixiManifest } from '../check/pixiScript.js';
import { stringify as stringifyToml } from 'smol-toml';
import { walkTree } from '../files/walk.js';
import { dockerfileContext } from '../dockerfile/context.js';
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
  /** How `with_code_bundle` layers are resolved; absent: as a development run (stripped). */
  readonly codeBundle?: CodeBundleBake;
}

/**
 * A deploy with `copy_style="none"` bakes each `with_code_bundle` layer into the image, after every other
 * layer, as flyte-sdk's `resolve_code_bundle_layer` does.
 */
export interface CodeBundleBake {
  /** The root directory (flyte's `root_dir`) for images of the project rooted at `projectRoot`. */
  rootDir(projectRoot: string): string;
  /** The loaded modules' files under `rootDir` (host paths, sorted), or undefined when no entry modules were named. */
  modules(rootDir: string): readonly string[] | undefined;
}

/** Where a baked `loaded_modules` bundle is staged in the build context: apart, so that only its files are copied. */
export const CODE_BUNDLE_CONTEXT_DIR = '_code_bundle';

export function lowerImages(model: Model, inputs: BuildInputs, host: HostFiles, options: LowerOptions, diagnostics: Diagnostic[]): ImageIR[] {
  return model.images.map((bound) => new ImageLowering(bound, inputs, host, options, diagnostics).lower());
}

/**
 * The problems lowering finds, without keeping the IR: `check` runs this as its last step, and an image's
 * IR (every layer of every image before it, in a chain) is dropped as soon as it is made.
 */
export function reportLoweringProblems(model: Model, inputs: BuildInputs, host: HostFiles, options: LowerOptions, diagnostics: Diagnostic[]): void {
  for (const bound of model.images) new ImageLowering(bound, inputs, host, options, diagnostics).lower();
}

const FLYTE_USER_MARKER = 'useradd --create-home --shell /bin/bash flyte';

class ImageLowering {
  private readonly context = new Map<string, ContextFile>();
  /** Where each context file was asked for (a file or folder argument), for errors about it. */
  private readonly origins = new Map<string, Span>();
  private readonly secrets = new Map<string, BuildSecret>();
  private readonly ignored = new Map<string, string>();
  private readonly root: string;
  private readonly ignore: { rules: IgnoreRules; file?: string };

  constructor(
    private readonly bound: BoundImage,
    private readonly inputs: BuildInputs,
    private readonly host: HostFiles,
    private readonly options: LowerOptions,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.root = inputs.imageRoot(bound);
    this.ignore = this.imageIgnore(bound.image);
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
    const createsFlyteUser = image.layers.some((l) => l.kind === 'commands' && l.commands.some((c) => c.value.includes(FLYTE_USER_MARKER)));
    const bundles: Extract<LayerValue, { kind: 'code_bundle' }>[] = [];
    for (const layer of image.layers) {
      if (layer.kind === 'code_bundle') {
        codeBundle = { copyStyle: layer.copyStyle, dst: layer.dst.value, ...(this.options.codeBundle ? { baked: true } : {}) };
        bundles.push(layer);
        continue;
      }
      layers.push(...this.layer(layer, createsFlyteUser));
    }
    // Baked bundles go after every other layer, wherever the call sits in the chain (as flyte-sdk moves them).
    if (this.options.codeBundle) for (const bundle of bundles) layers.push(this.bakedBundle(bundle, this.options.codeBundle, createsFlyteUser));
    this.checkContextIgnore();
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
      ...(this.ignore.file ? { ignore: { file: this.ignore.file, patterns: this.ignore.rules.patterns } } : {}),
      ignored: [...this.ignored].map(([path, pattern]) => ({ path, pattern })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      flyte: this.flyteInputs(image),
    };
  }

  /**
   * `all`: root_dir copied as `with_source_folder(root_dir, dst)` would (flyte-sdk turns it into exactly that
   * CopyConfig). `loaded_modules`: only the loaded modules' files, keeping their layout under root_dir.
   */
  private bakedBundle(layer: Extract<LayerValue, { kind: 'code_bundle' }>, bake: CodeBundleBake, chown: boolean): LayerIR {
    const rootDir = bake.rootDir(this.root);
    const arg: FileArg = { written: rootDir, path: rootDir, span: layer.methodSpan };
    if (layer.copyStyle === 'all') {
      return { kind: 'copy', from: this.addFolder(arg), to: layer.dst.value, directory: true, chown, what: 'code_bundle' };
    }
    const modules = bake.modules(rootDir);
    if (modules === undefined) this.diagnostics.push(diag.codeBundleNeedsEntry(layer.methodSpan));
    for (const file of modules ?? []) {
      const path = posix.join(CODE_BUNDLE_CONTEXT_DIR, posix.relative(rootDir, file));
      const stat = this.host.stat(file);
      this.context.set(path, { path, from: file, size: stat?.size ?? 0, executable: stat?.executable ?? false });
    }
    return { kind: 'copy', from: CODE_BUNDLE_CONTEXT_DIR, to: layer.dst.value, directory: true, chown, what: 'code_bundle', ...(modules ? { files: modules.map((f) => posix.relative(rootDir, f)) } : {}) };
  }

  /** The user's Dockerfile, built as is, with its context (`context=`, else its own directory). */
  private lowerDockerfileImage(image: ImageValue, common: Omit<ImageIR, 'kind' | 'createsFlyteUser' | 'layers' | 'context' | 'secrets' | 'ignored' | 'flyte'>): ImageIR {
    const dockerfile = image.dockerfile!;
    const found = dockerfileContext(this.host, image, this.root, this.options.allowOutsideProject)!;
    if (found.ignoreFileOutside !== undefined) this.diagnostics.push(diag.linkedOutOfProject(found.ignoreFileOutside, this.root));
    this.reportWalkProblems(found.walk.problems, found.dir, image.dockerContext ?? dockerfile);
    const context = found.files.map((f) => ({ path: f.path, from: posix.join(found.dir, f.path), size: f.size, executable: f.executable }));
    const ignored = found.walk.ignored.map((i) => ({ ...i }));
    return { ...common, kind: 'dockerfile', dockerfile: dockerfile.path, createsFlyteUser: false, layers: [], context, secrets: [], ignored, flyte: { layers: [] } };
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
        const editables = layer.mode === 'dependencies_only' && layer.lock ? this.uvEditables(layer.lock) : [];
        return [
          {
            kind: 'uv_project',
            mode: layer.mode,
            pyproject: this.addFile(layer.pyproject),
            ...(layer.lock ? { lock: this.addFile(layer.lock) } : {}),
            projectDir,
            ...(editables.length > 0 ? { editables } : {}),
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
      case 'pixi_script':
        return this.pixiScript(layer);
      case 'source_folder': {
        const dir = this.addFolder(layer.src);
        return [{ kind: 'copy', from: dir, to: layer.dst.value, directory: true, chown, what: 'source_folder' }];
      }
      case 'source_file': {
        const file = this.addFile(layer.src);
        // `COPY src dst` as flyte-sdk writes it: a file destination is the file's new path; a directory one is
        // written with its trailing `/`, which says the same to every builder.
        const to = isDirectoryDestination(layer.dst.value) && !layer.dst.value.endsWith('/') ? `${layer.dst.value}/` : layer.dst.value;
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
        // As flyte-sdk: the file goes into the root of the build context, under its own name.
        this.addFile(layer.file, posix.basename(layer.file.path));
        return [];
      case 'code_bundle':
        return [];
    }
  }

  /**
   * A `.dockerignore` at the context root (from `with_dockerignore`, or a copied project root) is applied by
   * the builder to the whole context: a file the build needs that it excludes would fail the build.
   */
  private checkContextIgnore(): void {
    const file = this.context.get('.dockerignore');
    if (!file || 'text' in file) return;
    // Already in the context, so already vetted by the walk (containment, regular file).
    const read = readIgnoreFile(this.host, file.from, { root: undefined });
    if (read.kind !== 'rules') return;
    const rules = read.rules;
    const ignoreSpan = this.origins.get('.dockerignore')!;
    for (const path of this.context.keys()) {
      if (path === '.dockerignore' || !rules.ignores(path)) continue;
      this.diagnostics.push(diag.contextFileDockerignored(this.origins.get(path)!, path, rules.decidingPattern(path) ?? '', ignoreSpan));
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
    const read = this.host.readFile(lock.path);
    const found = read.ok ? uvLockEditables(new TextDecoder().decode(read.bytes)) : undefined;
    // The rule uvLockEditablesValid reported a lock it cannot read; lowering runs only without errors.
    invariant(found?.ok === true, `uv.lock ${lock.path} was not checked`);
    const projectDir = posix.dirname(lock.path);
    const rules = parseDockerignore([...FLYTE_STANDARD_IGNORE, ...this.ignore.rules.patterns].join('\n'));
    return found.paths.flatMap((editable) => {
      const dir = posix.normalize(posix.isAbsolute(editable) ? editable : posix.join(projectDir, editable));
      invariant(this.host.stat(dir)?.kind === 'directory', `editable dependency ${dir} was not checked`);
      const from = this.addFolder({ written: editable, path: dir, span: lock.span }, rules);
      return [{ from, target: posix.relative(projectDir, dir) }];
    });
  }

  /**
   * As flyte-sdk: the script's header becomes a generated `pixi.toml` (with the script's sidecar
   * `<script>.pixi.lock` as its `pixi.lock`), installed like a dependencies_only pixi project.
   */
  private pixiScript(layer: Extract<LayerValue, { kind: 'pixi_script' }>): LayerIR[] {
    const parsed = this.inputs.script(layer.script.path)?.result;
    invariant(parsed?.ok === true, `pixi script ${layer.script.path} was not checked`);
    const result = pixiManifest(parsed.metadata, this.options.platforms ?? this.bound.image.platforms.value);
    if (!result.ok) {
      // The check saw the image's own platforms; `--platform` can ask for one the script does not declare.
      for (const problem of result.problems) if (problem.problem === 'platforms') this.diagnostics.push(diag.pixiScriptPlatforms(layer.script.span, problem.declared, problem.missing));
      invariant(result.problems.every((p) => p.problem === 'platforms'), `pixi script ${layer.script.path} was not checked`);
      return [];
    }
    const text = `# Generated by flyimgc from the PEP 723 metadata of ${JSON.stringify(this.contextPath(layer.script.path))}.\n${stringifyToml(result.manifest)}\n`;
    const dir = posix.join(PIXI_SCRIPT_DIR, this.contextPath(layer.script.path));
    const manifest = posix.join(dir, 'pixi.toml');
    this.context.set(manifest, { path: manifest, text, size: new TextEncoder().encode(text).length, executable: false });
    this.origins.set(manifest, layer.script.span);
    const lockPath = `${layer.script.path}.pixi.lock`;
    let lock: string | undefined;
    if (this.host.stat(lockPath)?.kind === 'file') {
      lock = posix.join(dir, 'pixi.lock');
      this.addFile({ written: `${layer.script.written}.pixi.lock`, path: lockPath, span: layer.script.span }, lock);
    }
    return [
      {
        kind: 'pixi_project',
        mode: 'dependencies_only',
        manifest,
        ...(lock ? { lock } : {}),
        projectDir: dir,
        environment: layer.environment.value,
        extraArgs: this.words(layer.extraArgs),
        ...raw(this.rawArgs(layer.extraArgs)),
        secrets: this.mounts(layer.secrets),
      },
    ];
  }

  /** For install_project, the whole project directory goes into the context (manifest and lock always). */
  private projectFiles(mode: 'dependencies_only' | 'install_project', manifest: FileArg, lock: FileArg | undefined): string {
    const dir: FileArg = { ...manifest, path: posix.dirname(manifest.path), written: posix.dirname(manifest.written) };
    if (mode === 'install_project') {
      this.addFolder(dir);
      this.addFile(manifest);
      if (lock) this.addFile(lock);
    }
    return this.contextPath(dir.path);
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

  private addFile(arg: FileArg, at?: string): string {
    const path = at ?? this.contextPath(arg.path);
    const stat = this.host.stat(arg.path);
    this.context.set(path, { path, from: arg.path, size: stat?.size ?? 0, executable: stat?.executable ?? false });
    this.origins.set(path, arg.span);
    return path;
  }

  /** `rules` only for the editable dependencies of a uv project (flyte-sdk's own ignore patterns). */
  private addFolder(arg: FileArg, rules?: IgnoreRules): string {
    const base = this.contextPath(arg.path);
    // As flyte-sdk copies: the image's patterns are matched relative to the copied folder (not to the
    // .dockerignore's own directory, as BuildKit would), and what is copied is exactly what is hashed.
    // The image's own folders were walked by the check phase, which reported what cannot be copied.
    let walk;
    if (rules) {
      walk = walkTree(this.host, arg.path, { ignore: rules, boundary: this.root, allowOutside: this.options.allowOutsideProject });
      this.reportWalkProblems(walk.problems, arg.path, arg);
    } else walk = this.inputs.walk(this.bound, { dir: arg.path, arg, ignore: 'image' });
    for (const dropped of walk.ignored) this.ignored.set(base === '.' ? dropped.path : posix.join(base, dropped.path), dropped.pattern);
    for (const file of walk.files) {
      const path = base === '.' ? file.path : posix.join(base, file.path);
      this.context.set(path, { path, from: posix.join(arg.path, file.path), size: file.size, executable: file.executable });
      this.origins.set(path, arg.span);
    }
    return base;
  }

  private reportWalkProblems(problems: ReadonlyArray<{ path: string; kind: string }>, dir: string, arg: FileArg): void {
    const reasons: Record<string, string> = {
      'symlink-outside': 'it is a symbolic link that points out of the project',
      unreadable: 'it cannot be read',
      'special-file': 'it is not a regular file',
    };
    for (const problem of problems) this.diagnostics.push(diag.unusableContextFile(arg.span, posix.join(dir, problem.path), reasons[problem.kind] ?? problem.kind));
  }

  private contextFiles(): ContextFile[] {
    return [...this.context.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The image's `.dockerignore`: the last `with_dockerignore`, else the project root's, else none. */
  private imageIgnore(image: ImageValue): { rules: IgnoreRules; file?: string } {
    const explicit = [...image.layers].reverse().find((l): l is Extract<LayerValue, { kind: 'dockerignore' }> => l.kind === 'dockerignore');
    const path = explicit ? explicit.file.path : posix.join(this.root, '.dockerignore');
    // An explicit file was checked like every copied path (and may be outside with the flag).
    const rules = this.ignoreRules(path, explicit !== undefined);
    return rules === NO_IGNORE_RULES ? { rules } : { rules, file: this.contextPath(path) };
  }

  /**
   * The rules of a `.dockerignore` (none when it is absent). One that cannot be used is an error, never
   * silently no rules: the context would then hold what the user meant to leave out.
   */
  private ignoreRules(path: string, explicit: boolean): IgnoreRules {
    const root = explicit || this.options.allowOutsideProject ? undefined : this.root;
    const file = readIgnoreFile(this.host, path, { root });
    switch (file.kind) {
      case 'absent':
        return NO_IGNORE_RULES;
      case 'linked-out':
        this.diagnostics.push(diag.linkedOutOfProject(path, this.root));
        return NO_IGNORE_RULES;
      case 'unreadable':
        this.diagnostics.push(diag.readError(path, file.reason));
        return NO_IGNORE_RULES;
      case 'rules':
        return file.rules;
    }
  }

  // ── what flyte-sdk's tag reads ────────────────────────────────────────────

  private flyteInputs(image: ImageValue): FlyteHashInputs {
    const bake = this.options.codeBundle;
    // Baked in, resolve_code_bundle_layer moves the bundles after every other layer: `all` as a CopyConfig of root_dir.
    const layers = bake
      ? [...image.layers.filter((l) => l.kind !== 'code_bundle').flatMap((l) => this.flyteLayer(l)), ...image.layers.flatMap((l) => (l.kind === 'code_bundle' ? [this.bakedFlyteLayer(l, bake)] : []))]
      : image.layers.flatMap((l) => this.flyteLayer(l));
    // flyte-sdk's image-level ignore: the last `with_dockerignore` with a non-blank path, else the project root's.
    const explicit = [...image.layers].reverse().find((l): l is Extract<LayerValue, { kind: 'dockerignore' }> => l.kind === 'dockerignore' && l.file.written.trim() !== '');
    const ignoreFile = explicit ? explicit.file.path : posix.join(this.root, '.dockerignore');
    const root = explicit !== undefined || this.options.allowOutsideProject ? undefined : this.root;
    const usable = readIgnoreFile(this.host, ignoreFile, { root }).kind === 'rules';
    return { layers, ...(usable ? { ignoreFile } : {}) };
  }

  private bakedFlyteLayer(layer: Extract<LayerValue, { kind: 'code_bundle' }>, bake: CodeBundleBake): FlyteLayerIR {
    const rootDir = bake.rootDir(this.root);
    if (layer.copyStyle === 'all') return { kind: 'source_folder', src: rootDir, dst: layer.dst.value };
    return { kind: 'code_bundle', copyStyle: layer.copyStyle, dst: layer.dst.value, baked: { rootDir, files: bake.modules(rootDir) ?? [] } };
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

/** Where the manifests generated for pixi scripts go in the build context (followed by the script's path). */
const PIXI_SCRIPT_DIR = '_flyimgc/pixi-script';

/** flyte-sdk's `STANDARD_IGNORE_PATTERNS` (`flyte/_code_bundle/_ignore.py`), applied to editable dependencies. */
const FLYTE_STANDARD_IGNORE = [
  '.git', '*.pyc', '**/*.pyc', '__pycache__', '**/__pycache__', '.cache', '.cache/*', '.ruff_cache', '**/.ruff_cache', '.mypy_cache', '**/.mypy_cache',
  '.pytest_cache', '**/.pytest_cache', '.venv', '**/.venv', '.idea', '**/.idea', 'venv', 'env', '*.log', '.env', '*.egg-info', '**/*.egg-info', '*.egg',
  'dist', 'build', '*.whl',
];

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

function raw(text: string | undefined): { extraArgsRaw?: string } {
  return text === undefined ? {} : { extraArgsRaw: text };
}

/** A build secret's id: `GROUP_KEY` or `KEY`, upper-case, `-` as `_`; the host variable it is read from. */
export function secretId(secret: SecretValue): string {
  return (secret.group ? `${secret.group}_${secret.key}` : secret.key).replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}
