/**
 * The front half of the pipeline on one screen: load and parse the files (and their imports), resolve
 * names, evaluate every binding into a checked model, run the rules. Every problem comes back as a
 * diagnostic; nothing here throws on user input.
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { diag } from './diagnostics/codes.js';
import { parseReference } from './reference/reference.js';
import { sortDiagnostics } from './diagnostics/sort.js';
import type { HostFiles } from './host.js';
import { withCachedStats } from './files/cachedStats.js';
import { makeRuleContext, type RuleOptions } from './check/context.js';
import { DEFAULT_EVALUATE_OPTIONS, evaluateProgram, type EvaluateOptions, type Model } from './check/evaluate.js';
import { BuildInputs } from './check/inputs.js';
import { allRules } from './check/rules/index.js';
import { loadProjectConfigs, type LoadedConfig } from './config/load.js';
import { loadProgram, type Program } from './names/program.js';
import { resolveNames, type Resolution } from './names/resolve.js';
import type { SourceFile } from './source.js';
import type { Parsed } from './syntax/parse.js';
import type * as Ast from './syntax/ast.js';
import type { EvaluationReuse, BoundImage } from './check/evaluate.js';
import type { RuleContext } from './check/context.js';
import type { Rule } from './check/rules/index.js';
import { outputNamesUnique } from './check/rules/outputNamesUnique.js';
import type { OwnedLayer } from './check/layerIndex.js';
import { pushAll } from './util/pushAll.js';
import { codeBundleBake, type CodeBundleOptions } from './codeBundle/bake.js';
import { DEFAULT_TOOL_IMAGES, type ToolImages } from './config/tools.js';

export interface AnalyzeOptions extends EvaluateOptions, RuleOptions, Omit<CodeBundleOptions, 'allowOutsideProject'> {}

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = { ...DEFAULT_EVALUATE_OPTIONS, allowOutsideProject: false };

export interface Analysis {
  readonly program: Program;
  readonly resolution: Resolution;
  readonly model: Model;
  /** The merged `flyimg.toml` settings of every project touched. */
  readonly config: LoadedConfig;
  /** `from_ref_name` mappings: the options' (the command line's) over the projects' `flyimg.toml`. */
  readonly imageMap: ReadonlyMap<string, string>;
  /** The tool images the Dockerfiles pull, as the rules checked them. */
  readonly tools: ToolImages;
  /** The files the images are built from, as the rules checked them; lowering reads them from here. */
  readonly inputs: BuildInputs;
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Sorted by file and position, without duplicates. */
  readonly diagnostics: readonly Diagnostic[];
}

/** What an image's own checks reported: the rules over the image and the layers it owns. */
export interface CheckedImage {
  readonly diagnostics: readonly Diagnostic[];
  readonly extraSources: ReadonlyMap<string, SourceFile>;
  /** How many distinct layers the image owns (a layer is owned by the first image holding it). */
  readonly ownedLayers: number;
}

/**
 * Hooks for an incremental analysis (src/incremental/analyzer.ts), which keeps what an earlier analysis
 * found for everything an edit did not touch. Without them, `analyze` works from scratch.
 */
export interface AnalysisReuse {
  readonly parse: (source: SourceFile) => Parsed;
  readonly evaluation: EvaluationReuse;
  /** An image's checks from before, when its binding's value did not change and it owns as many layers. */
  priorImage(binding: Ast.Binding, ownedLayers: number): CheckedImage | undefined;
  recordImage(binding: Ast.Binding, checked: CheckedImage): void;
}

/**
 * Rules that compare images with each other (or read what earlier phases reported): with `reuse`, they run
 * over the whole program every time. Every other rule runs per image (see `checkImagesIncrementally`) and is
 * kept for images that did not change: such a rule must report about an image only from the image, the
 * layers it owns and the files they read, and report the same diagnostic for an object images share
 * whichever image it meets it in (duplicates are dropped). A rule that compares images belongs here.
 */
const WHOLE_PROGRAM_RULES: ReadonlySet<Rule> = new Set([outputNamesUnique]);

export function analyze(roots: readonly string[], files: HostFiles, options: AnalyzeOptions = DEFAULT_ANALYZE_OPTIONS, reuse?: AnalysisReuse): Analysis {
  const host = withCachedStats(files);
  const loaded = loadProgram(roots, host, reuse?.parse);
  const filesWithErrors = new Set(loaded.diagnostics.filter((d) => d.severity === 'error' && d.primary).map((d) => d.primary!.span.file));
  const resolution = resolveNames(loaded.program, (path) => filesWithErrors.has(path));
  const checkDiagnostics: Diagnostic[] = [];
  // The project's `[flyte]` settings stand in for what flyte-sdk reads from its own installation.
  const config = loadProjectConfigs([...loaded.program.files.keys()], host);
  const python = config.flyte.python?.value.split('.').map(Number);
  const evaluateOptions: AnalyzeOptions = {
    ...options,
    ...(config.flyte.sdkVersion ? { flyteVersion: config.flyte.sdkVersion.value } : {}),
    ...(python ? { defaultPython: { major: python[0]!, minor: python[1]! } } : {}),
  };
  const model = evaluateProgram(loaded.program, resolution, host, evaluateOptions, checkDiagnostics, reuse?.evaluation);
  // Library callers pass mappings directly: they meet the same reference grammar as `--image` (FLY9004).
  for (const [name, uri] of options.imageMap ?? []) {
    const parsed = parseReference(uri);
    if (!parsed.ok) checkDiagnostics.push(diag.invalidImageMapping(`${name}=${uri}`, `the image is not a valid reference: ${parsed.problem.reason}`));
  }
  // Command-line mappings win over the projects' `flyimg.toml`.
  const imageMap = new Map([...[...config.images].map(([k, v]) => [k, v.value] as const), ...(options.imageMap ?? [])]);
  // What a deploy bakes in (`--copy-style none`) is part of the images: the rules check it like every other input.
  const inputs = new BuildInputs(host, options.allowOutsideProject, options.rootDir ?? config.flyte.rootDir?.value, codeBundleBake(config.flyte, options, host));
  // `[tools]` over the options' (the command line's) over flyte-sdk's pinned versions.
  const defaults = options.tools ?? DEFAULT_TOOL_IMAGES;
  const tools: ToolImages = { uv: config.tools.uv?.value ?? defaults.uv, pixi: config.tools.pixi?.value ?? defaults.pixi };
  const ctx = makeRuleContext(model, host, { ...options, imageMap, tools, mirrors: config.mirrors }, checkDiagnostics, inputs, [...loaded.diagnostics, ...resolution.diagnostics]);
  // Every user mistake is a rule's to find: nothing here lowers, so `compile` lowers each image once.
  if (reuse) checkImagesIncrementally(loaded.program, model, ctx, reuse, checkDiagnostics);
  else for (const rule of allRules) rule(ctx);
  return {
    program: loaded.program,
    resolution,
    model,
    config,
    imageMap,
    tools,
    inputs,
    sources: new Map([...loaded.sources, ...ctx.extraSources, ...config.sources]),
    diagnostics: sortDiagnostics([...loaded.diagnostics, ...resolution.diagnostics, ...checkDiagnostics, ...config.diagnostics]),
  };
}

/**
 * The rules, image by image: each image is checked with the layers it owns (as `distinctLayers` assigns
 * them), so that the union over images is what one run over the whole program reports (duplicates are
 * dropped by `sortDiagnostics`), and an image whose value did not change keeps its earlier result. What a
 * rule works out about shared layers (`RuleContext.cached`) is shared by the runs of one analysis, so that
 * a chain of images is checked in linear time here too; what a run reports is its own.
 */
function checkImagesIncrementally(program: Program, model: Model, ctx: RuleContext, reuse: AnalysisReuse, diagnostics: Diagnostic[]): void {
  const bindingAt = new Map<string, Ast.Binding>();
  for (const file of program.files.values()) for (const s of file.ast.statements) if (s.kind === 'Binding') bindingAt.set(`${file.path}\0${s.name.span.start}`, s);
  const owned = new Map<BoundImage, OwnedLayer<BoundImage>[]>(model.images.map((bound) => [bound, []]));
  for (const layer of ctx.layers) owned.get(layer.owner)?.push(layer);
  for (const rule of allRules) if (WHOLE_PROGRAM_RULES.has(rule)) rule(ctx);
  const perImage = allRules.filter((rule) => !WHOLE_PROGRAM_RULES.has(rule));
  for (const bound of model.images) {
    const binding = bindingAt.get(`${bound.binding.file}\0${bound.binding.span.start}`);
    const layers = owned.get(bound)!;
    let result = binding && reuse.priorImage(binding, layers.length);
    if (!result) {
      const found: Diagnostic[] = [];
      const extraSources = new Map<string, SourceFile>();
      const one: RuleContext = { ...ctx, model: { ...model, images: [bound] }, images: [bound], layers, report: (d) => found.push(d), extraSources };
      for (const rule of perImage) rule(one);
      result = { diagnostics: found, extraSources, ownedLayers: layers.length };
    }
    pushAll(diagnostics, result.diagnostics);
    for (const [path, source] of result.extraSources) ctx.extraSources.set(path, source);
    if (binding) reuse.recordImage(binding, result);
  }
}
