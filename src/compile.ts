/**
 * The whole pipeline on one screen: analyze (parse, resolve, evaluate, check) → lower to IR → hash → emit.
 * Each stage runs only when the ones before it found no errors. The result is the list of files to write;
 * writing them (atomically) is the CLI's job.
 */
import { posix } from 'node:path';
import { analyze, type Analysis, type AnalyzeOptions } from './analyze.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { sortDiagnostics } from './diagnostics/sort.js';
import { emitDockerfile, type EmitOptions } from './emit/dockerfile.js';
import yaml from 'js-yaml';
import { bakeFile } from './emit/bake.js';
import { buildOrder, type Manifest, type ManifestEnvironment, type ManifestImage } from './emit/manifest.js';
import { summarizeLayer } from './ir/summary.js';
import { ManifestSchema } from './emit/manifestSchema.js';
import { invariant } from './util/invariant.js';
import { hashImage, imageUri, HASH_SCHEME } from './hash/contentHash.js';
import type { CompiledImage } from './hash/compiledImage.js';
import { flyteTag, FLYTE_HASH_SCHEME } from './hash/flyteCompat.js';
import type { HostFiles } from './host.js';
import { withCachedStats } from './files/cachedStats.js';
import { joinUnder } from './util/joinUnder.js';
import type { ToolImages } from './ir/ir.js';
import { lowerImages } from './ir/lower.js';
import { warnImagesWithoutRegistry } from './ir/registryGiven.js';
import { positionAt } from './source.js';
import { mirrorFor } from './config/mirrors.js';

export interface CompileOptions extends AnalyzeOptions {
  /** Default tool images (`[tools]` in flyimg.toml wins). */
  readonly tools: ToolImages;
  readonly manifestFormat?: 'json' | 'yaml';
  /** Build these platforms instead of the ones the files give. */
  readonly platforms?: readonly string[];
  /** Push every image to this registry instead (same tags). */
  readonly registryOverride?: string;
}

/** A file of the output directory: text flyimgc wrote, or a copy of a source file. */
export type OutputFile =
  | { readonly path: string; readonly text: string }
  | { readonly path: string; readonly copyFrom: string; readonly executable: boolean }
  /** A directory that must exist even when empty (a build context with no files). */
  | { readonly path: string; readonly directory: true };

export type { CompiledImage } from './hash/compiledImage.js';

export interface CompileResult {
  readonly analysis: Analysis;
  readonly images: readonly CompiledImage[];
  readonly manifest?: Manifest;
  /** Sorted by path; empty when there are errors. */
  readonly outputs: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
}

export function compile(roots: readonly string[], files: HostFiles, options: CompileOptions): CompileResult {
  const host = withCachedStats(files);
  const analysis = analyze(roots, host, options);
  const compiled = compileAnalyzed(analysis, host, options);
  const outputs = [...compiled.outputs()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { analysis, images: compiled.images, ...(compiled.manifest ? { manifest: compiled.manifest } : {}), outputs, diagnostics: compiled.diagnostics };
}

/** Every output file, made when asked for (each call makes them afresh), image by image: not sorted. */
export type OutputFiles = () => Iterable<OutputFile>;

/**
 * The same compile for a caller that writes the outputs and then ends (the command line): it keeps no
 * syntax trees, and makes each image's files only when the writer asks for them. At 10,000 images the
 * program (its trees, names and values) is ~100 MiB that nothing after evaluation reads, and the
 * Dockerfiles ~35 MiB that need not exist all at once; keeping them was half of the compile's peak memory.
 */
export interface LeanCompileResult {
  /** What the command line reads from the analysis: to print diagnostics, and the projects' settings. */
  readonly analysis: Pick<Analysis, 'sources' | 'config'>;
  readonly images: readonly CompiledImage[];
  readonly manifest?: Manifest;
  /** Nothing when there are errors. */
  readonly outputs: OutputFiles;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `analysisDropped` is called once the syntax trees are garbage, with the size of the sources (characters):
 * a caller that can, collects garbage there (after a large program V8 would not before the process ends, and
 * the garbage left of analysing it would only grow the heap).
 */
export function compileLean(roots: readonly string[], files: HostFiles, options: CompileOptions, analysisDropped?: (sourceChars: number) => void): LeanCompileResult {
  const host = withCachedStats(files);
  const analysis = analyzedForCompile(roots, host, options);
  if (analysisDropped) {
    let chars = 0;
    for (const source of analysis.sources.values()) chars += source.text.length;
    analysisDropped(chars);
  }
  return { analysis: { sources: analysis.sources, config: analysis.config }, ...compileAnalyzed(analysis, host, options) };
}

/** What lowering, hashing and the manifest read from an analysis. */
type CompileInput = Pick<Analysis, 'config' | 'imageMap' | 'tools' | 'inputs' | 'sources' | 'diagnostics'> & { readonly model: Pick<Analysis['model'], 'images' | 'environments'> };

/** `analyze`, keeping only what compiling reads: the rest (the syntax trees) is garbage once this returns. */
function analyzedForCompile(roots: readonly string[], host: HostFiles, options: CompileOptions): CompileInput {
  const { config, imageMap, tools, inputs, sources, diagnostics, model } = analyze(roots, host, options);
  return { config, imageMap, tools, inputs, sources, diagnostics, model: { images: model.images, environments: model.environments } };
}

/** Lowering, hashing, the manifest; the per-image files are left to `outputs`, which holds only the images. */
function compileAnalyzed(analysis: CompileInput, host: HostFiles, options: CompileOptions): { images: readonly CompiledImage[]; manifest?: Manifest; outputs: OutputFiles; diagnostics: readonly Diagnostic[] } {
  const fail = (diagnostics: readonly Diagnostic[], images: readonly CompiledImage[] = []) => ({ images, outputs: () => [], diagnostics: sortDiagnostics(diagnostics) });
  if (hasErrors(analysis.diagnostics)) return fail(analysis.diagnostics);

  const diagnostics: Diagnostic[] = [...analysis.diagnostics];
  const defaultRegistry = analysis.config.defaultRegistry?.value;
  // Every mistake in the .flyimg files and the deploy's code bundles was reported by `analyze`: lowering cannot fail.
  const irs = lowerImages(analysis.model, analysis.inputs, host, { ...options, imageMap: analysis.imageMap, tools: analysis.tools, ...(defaultRegistry ? { defaultRegistry } : {}) });
  // The one compile-only diagnostic, a warning: only the compile knows the registry (`--registry`).
  warnImagesWithoutRegistry(analysis.model, irs, diagnostics);

  // Every file of every context at once: a host with a digest cache hashes the misses on both cores. With
  // `--hash flyte`, flyte-sdk's md5 over the files (one stream, one thread) runs first, while the host hashes
  // the same files for the v1 digests on another thread.
  const flyte = options.hash === 'flyte';
  host.digestAll?.(irs.flatMap((ir) => (ir.kind === 'external' ? [] : ir.context.flatMap((file) => ('from' in file ? [file.from] : [])))), { background: flyte });
  const flyteTags = flyte ? irs.map((ir) => (ir.kind === 'external' ? undefined : flyteTag(ir, host, diagnostics, { boundary: analysis.inputs.rootOf(ir.binding.file), allowOutside: options.allowOutsideProject }))) : [];
  const images: CompiledImage[] = irs.map((ir, i) => {
    if (ir.kind === 'external') return { ir, ...(ir.externalUri ? { uri: ir.externalUri } : {}) };
    const hash = hashImage(ir, host, diagnostics);
    if (!flyte) return { ir, hash, uri: imageUri(ir, hash.tag) };
    const flyteHash = flyteTags[i];
    const tag = flyteHash?.tag ?? hash.tag;
    return { ir, hash: { ...hash, scheme: FLYTE_HASH_SCHEME, tag, flytePieces: flyteHash?.pieces ?? [] }, uri: imageUri(ir, tag) };
  });
  if (hasErrors(diagnostics)) return fail(diagnostics, images);

  const manifestImages = images.map((image) => manifestImage(image, analysis));
  const manifest: Manifest = {
    manifestVersion: 1,
    hashScheme: options.hash === 'flyte' ? FLYTE_HASH_SCHEME : HASH_SCHEME,
    images: manifestImages,
    buildOrder: buildOrder(manifestImages),
    // A ref stands for its mapped image; everything else is known by its binding name.
    imageRefs: manifestImages.flatMap((i) => (i.uri ? [`${i.kind === 'external' && i.refName ? i.refName : i.binding}=${i.uri}`] : [])).sort(),
    ...manifestEnvironments(analysis, images),
  };
  // The manifest must match its published schema; a mismatch is a compiler bug, not a user error. An image's
  // inputs are one record per file of its context, each made by the same line from the same FileDigest:
  // their first and last stand for the rest (validating 20,000 of them was a tenth of a warm compile).
  const valid = ManifestSchema.safeParse({ ...manifest, images: manifest.images.map((image) => (image.inputs.length > 2 ? { ...image, inputs: [image.inputs[0]!, image.inputs.at(-1)!] } : image)) });
  invariant(valid.success, `manifest does not match its schema: ${valid.success ? '' : valid.error.message}`);
  const manifestFormat = options.manifestFormat;
  const mirror = mirrorFor(analysis.config.mirrors);
  const emit: EmitOptions = { mirror, frontend: analysis.config.dockerfileFrontend?.value === 'builtin' ? 'builtin' : 'image' };
  function* outputs(): Iterable<OutputFile> {
    yield manifestFormat === 'yaml' ? { path: 'manifest.yaml', text: yaml.dump(manifest, { lineWidth: -1, noRefs: true, sortKeys: false }) } : { path: 'manifest.json', text: `${JSON.stringify(manifest, null, 2)}\n` };
    yield { path: 'docker-bake.json', text: `${JSON.stringify(bakeFile(images, manifest.buildOrder, mirror), null, 2)}\n` };
    for (const image of images) yield* imageOutputs(image, emit);
  }
  return { images, manifest, outputs, diagnostics: sortDiagnostics(diagnostics) };
}

function imageOutputs({ ir, uri }: CompiledImage, emit: EmitOptions): OutputFile[] {
  if (ir.kind === 'external' || !uri) return [];
  const dir = ir.binding.name;
  const under = joinUnder(dir, 'context');
  const context = ir.context.map((f): OutputFile => ('text' in f ? { path: under(f.path), text: f.text } : { path: under(f.path), copyFrom: f.from, executable: f.executable }));
  const dockerfile: OutputFile = ir.kind === 'dockerfile' ? { path: `${dir}/Dockerfile`, copyFrom: ir.dockerfile!, executable: false } : { path: `${dir}/Dockerfile`, text: emitDockerfile(ir, uri, emit) };
  return [dockerfile, { path: `${dir}/context`, directory: true }, ...context];
}

function manifestImage({ ir, hash, uri }: CompiledImage, analysis: CompileInput): ManifestImage {
  const source = analysis.sources.get(ir.binding.file);
  const line = source ? positionAt(source, ir.binding.span.start).line : 0;
  const root = analysis.inputs.rootOf(ir.binding.file);
  const built = ir.kind !== 'external';
  return {
    binding: ir.binding.name,
    source: `${posix.relative(root, ir.binding.file)}:${line}`,
    kind: ir.kind,
    ...(ir.refName ? { refName: ir.refName } : {}),
    ...(ir.name ? { name: ir.name } : {}),
    ...(ir.registry ? { registry: ir.registry } : {}),
    ...(uri ? { uri } : {}),
    ...(hash ? { tag: hash.tag, hashScheme: hash.scheme } : {}),
    ...(ir.base ? { base: ir.base } : {}),
    platforms: [...ir.platforms],
    python: ir.python,
    ...(ir.flyteVersion ? { flyteVersion: ir.flyteVersion } : {}),
    extendable: ir.extendable,
    dependsOn: [...ir.dependsOn],
    ...(built ? { dockerfile: `${ir.binding.name}/Dockerfile`, context: `${ir.binding.name}/context` } : {}),
    layers: ir.layers.map(summarizeLayer),
    inputs: (hash?.files ?? []).map((f) => ({ ...f })),
    secrets: ir.secrets.map((s) => s.id),
    ...(ir.codeBundle ? { codeBundle: ir.codeBundle } : {}),
    ...(ir.kind === 'external' ? { notBuilt: ir.externalReason ?? 'external' } : {}),
  };
}

/** The TaskEnvironments, each with the URI of the image it runs; omitted when there are none. */
function manifestEnvironments(analysis: CompileInput, images: readonly CompiledImage[]): { environments?: ManifestEnvironment[] } {
  // By binding, not a search per environment: thousands of environments over thousands of images stay linear.
  const byBinding = new Map<string, CompiledImage>();
  for (const image of images) if (!byBinding.has(`${image.ir.binding.file}\0${image.ir.binding.name}`)) byBinding.set(`${image.ir.binding.file}\0${image.ir.binding.name}`, image);
  const environments = analysis.model.environments.map(({ binding, environment, imageBinding }): ManifestEnvironment => {
    const image = byBinding.get(`${imageBinding.file}\0${imageBinding.name}`);
    const source = analysis.sources.get(binding.file);
    const line = source ? positionAt(source, binding.span.start).line : 0;
    const root = analysis.inputs.rootOf(binding.file);
    return {
      name: environment.name.value,
      binding: binding.name,
      source: `${posix.relative(root, binding.file)}:${line}`,
      image: imageBinding.name,
      ...(image?.uri ? { uri: image.uri } : {}),
      dependsOn: environment.dependsOn.map((d) => d.value),
    };
  });
  return environments.length > 0 ? { environments } : {};
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
