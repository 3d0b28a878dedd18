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

export interface AnalyzeOptions extends EvaluateOptions, RuleOptions {
  /** flyte's `root_dir` (host path; else `[flyte] root_dir`, else the project root). */
  readonly rootDir?: string;
}

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = { ...DEFAULT_EVALUATE_OPTIONS, allowOutsideProject: false };

export interface Analysis {
  readonly program: Program;
  readonly resolution: Resolution;
  readonly model: Model;
  /** The merged `flyimg.toml` settings of every project touched. */
  readonly config: LoadedConfig;
  /** `from_ref_name` mappings: the options' (the command line's) over the projects' `flyimg.toml`. */
  readonly imageMap: ReadonlyMap<string, string>;
  /** The files the images are built from, as the rules checked them; lowering reads them from here. */
  readonly inputs: BuildInputs;
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Sorted by file and position, without duplicates. */
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(roots: readonly string[], files: HostFiles, options: AnalyzeOptions = DEFAULT_ANALYZE_OPTIONS): Analysis {
  const host = withCachedStats(files);
  const loaded = loadProgram(roots, host);
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
  const model = evaluateProgram(loaded.program, resolution, host, evaluateOptions, checkDiagnostics);
  // Library callers pass mappings directly: they meet the same reference grammar as `--image` (FLY9004).
  for (const [name, uri] of options.imageMap ?? []) {
    const parsed = parseReference(uri);
    if (!parsed.ok) checkDiagnostics.push(diag.invalidImageMapping(`${name}=${uri}`, `the image is not a valid reference: ${parsed.problem.reason}`));
  }
  // Command-line mappings win over the projects' `flyimg.toml`.
  const imageMap = new Map([...[...config.images].map(([k, v]) => [k, v.value] as const), ...(options.imageMap ?? [])]);
  const inputs = new BuildInputs(host, options.allowOutsideProject, options.rootDir ?? config.flyte.rootDir?.value);
  const ctx = makeRuleContext(model, host, { ...options, imageMap }, checkDiagnostics, inputs, [...loaded.diagnostics, ...resolution.diagnostics]);
  // Every user mistake is a rule's to find: nothing here lowers, so `compile` lowers each image once.
  for (const rule of allRules) rule(ctx);
  return {
    program: loaded.program,
    resolution,
    model,
    config,
    imageMap,
    inputs,
    sources: new Map([...loaded.sources, ...ctx.extraSources, ...config.sources]),
    diagnostics: sortDiagnostics([...loaded.diagnostics, ...resolution.diagnostics, ...checkDiagnostics, ...config.diagnostics]),
  };
}
