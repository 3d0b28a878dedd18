import { compileLean, hasErrors, type CompileOptions, type LeanCompileResult, type OutputFiles } from '../../compile.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../analyze.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import { sortDiagnostics, warningsAsErrors } from '../../diagnostics/sort.js';
import { dumpIr } from '../../ir/dump.js';
import { DEFAULT_TOOL_IMAGES } from '../../ir/ir.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { findInputs, nodeHost } from '../io.js';
import { flyteConfigTarget, prepareFlyteConfig } from '../flyteConfigFile.js';
import { deployAnalyzeOptions, type DeployCliOptions } from '../deployOptions.js';
import { diagnosticsJson, plural, printDiagnosticsForCi, printDiagnosticsText, summarize, type DiagnosticFormat } from '../report.js';
import { VERSION } from '../version.js';
import * as path from 'node:path';
import { outputIndexFile } from '../outputIndex.js';
import { writeOutputsAtomically, type WriteResult } from '../writeOutputs.js';
import { DigestCache, type DigestCacheStats } from '../digestCache.js';
import { parseImageMap } from '../imageMap.js';
import { collectGarbageAfterAnalysis } from '../collectGarbage.js';


export interface CompileCliOptions {
  readonly inputs: readonly string[];
  readonly out?: string;
  readonly images: readonly string[];
  readonly allowOutsideProject: boolean;
  readonly dumpIr: boolean;
  readonly hash: 'v1' | 'flyte';
  readonly manifestFormat: 'json' | 'yaml';
  readonly format: DiagnosticFormat;
  readonly warningsAsErrors?: boolean;
  readonly flyteConfig?: string;
  /** The digest cache (and, next to it, the index of what was last written into `out`). */
  readonly cacheFile?: string;
}

export interface PipelineOptions extends DeployCliOptions {
  readonly inputs: readonly string[];
  /** Where file digests are cached between runs; undefined: no cache. */
  readonly cacheFile?: string;
  /** Called as files are hashed (for a progress line on a terminal). */
  readonly onHashProgress?: (stats: DigestCacheStats, finished?: boolean) => void;
  readonly images: readonly string[];
  readonly allowOutsideProject: boolean;
  readonly hash: 'v1' | 'flyte';
  readonly manifestFormat?: 'json' | 'yaml';
  readonly platforms?: readonly string[];
  readonly registryOverride?: string;
  /** `--flyte-config FILE`: a flyte config.yaml whose `image.image_refs` gets the URIs (else `[flyte] config`). */
  readonly flyteConfig?: string;
}

/**
 * The compile pipeline as every command runs it: find inputs under `cwd`, map refs, compile. Every command
 * writes the outputs (or reads the images) and ends, so the lean compile: no syntax trees are kept, and the
 * files are made as they are written.
 */
export function compileInputs(cwd: string, options: PipelineOptions): { result: LeanCompileResult; diagnostics: Diagnostic[]; digests: DigestCache } {
  const inputs = findInputs(options.inputs, cwd);
  const mapping = parseImageMap(options.images);
  const inputProblems: Diagnostic[] = [...inputs.missing.map((p) => diag.inputNotFound(p)), ...inputs.empty.map((p) => diag.noInputFiles(p)), ...mapping.diagnostics];
  const compileOptions: CompileOptions = {
    ...DEFAULT_ANALYZE_OPTIONS,
    allowOutsideProject: options.allowOutsideProject,
    imageMap: mapping.map,
    tools: DEFAULT_TOOL_IMAGES,
    hash: options.hash,
    manifestFormat: options.manifestFormat ?? 'json',
    ...(options.platforms ? { platforms: options.platforms } : {}),
    ...(options.registryOverride ? { registryOverride: options.registryOverride } : {}),
    ...deployAnalyzeOptions(options, cwd),
  };
  // Every command that compiles hashes the contexts: the files the walks find are hashed ahead. Not with
  // `--hash flyte`, whose md5 stream reads every file on this thread anyway and hashes them from that read.
  const digests = new DigestCache(options.cacheFile, options.onHashProgress, { prefetch: options.hash !== 'flyte' });
  const result = compileLean(inputs.files, nodeHost(cwd, { digests }), compileOptions, collectGarbageAfterAnalysis);
  digests.save();
  options.onHashProgress?.(digests.stats, true);
  return { result, diagnostics: sortDiagnostics([...inputProblems, ...result.diagnostics]), digests };
}

/**
 * Writes the outputs into `out`, reusing what the previous compile left there when the cache is on (an
 * index next to the digest cache; see writeOutputs.ts), and saves digests taken while deciding.
 */
export async function writeCompiled(cwd: string, out: string, outputs: OutputFiles, cacheFile: string | undefined, digests: DigestCache): Promise<WriteResult> {
  const reuse = cacheFile ? { indexFile: outputIndexFile(path.dirname(cacheFile), path.resolve(cwd, out)), digest: (absolute: string) => digests.digest(absolute) } : undefined;
  const written = await writeOutputsAtomically(out, outputs, cwd, reuse);
  digests.save();
  return written;
}

export async function runCompile(ctx: CliContext, options: CompileCliOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('no input files: give at least one .flyimg file or directory', 'compile');
  if (!options.out && !options.dumpIr) throw new UsageError('--out <DIR> is required', 'compile');
  const compiled = compileInputs(ctx.cwd, options);
  const result = compiled.result;
  // With --warnings-as-errors a warning fails the compile like an error: nothing is written.
  const diagnostics = options.warningsAsErrors ? warningsAsErrors(compiled.diagnostics) : compiled.diagnostics;

  if (options.dumpIr && !hasErrors(diagnostics)) ctx.stdout.write(dumpIr(result.images.map((i) => i.ir)));

  const flyteConfig = flyteConfigTarget(options.flyteConfig, result.analysis.config.flyte.config);
  const flyteUpdate = flyteConfig && result.manifest && options.out && !hasErrors(diagnostics) ? prepareFlyteConfig(ctx.cwd, flyteConfig, result.manifest) : undefined;
  if (flyteUpdate && !flyteUpdate.ok) diagnostics.push(flyteUpdate.diagnostic);
  let written = false;
  if (!hasErrors(diagnostics) && options.out) {
    const write = await writeCompiled(ctx.cwd, options.out, result.outputs, options.cacheFile, compiled.digests);
    if (write.ok) written = true;
    else diagnostics.push(write.refused ? diag.outputRefused(write.path, write.reason) : diag.writeError(write.path, write.reason));
  }
  if (written && flyteConfig && flyteUpdate?.ok) {
    const problem = flyteUpdate.write();
    if (problem) diagnostics.push(problem);
    else if (options.format === 'text') ctx.stderr.write(`updated image.image_refs in ${flyteConfig.path} (${plural(flyteUpdate.refs, 'image')})\n`);
  }
  const failed = hasErrors(diagnostics);
  const built = result.images.filter((i) => i.ir.kind !== 'external');
  const external = result.images.filter((i) => i.ir.kind === 'external');

  if (options.format === 'json') {
    const json = {
      ok: !failed,
      out: written ? options.out : null,
      images: result.images.map((i) => ({ binding: i.ir.binding.name, kind: i.ir.kind, uri: i.uri ?? null, ...(i.ir.kind === 'external' ? { notBuilt: i.ir.externalReason } : {}) })),
      diagnostics: diagnosticsJson(diagnostics, result.analysis.sources),
    };
    if (!options.dumpIr) ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    if (options.format === 'sarif' || options.format === 'github') printDiagnosticsForCi(ctx, options.format, diagnostics, result.analysis.sources, VERSION);
    else printDiagnosticsText(ctx, diagnostics, result.analysis.sources);
    if (failed) {
      ctx.stderr.write(`error: could not compile: ${summarize(diagnostics)}${options.out ? `; \`${options.out}\` was left as it was` : ''}\n`);
    } else {
      for (const image of external) ctx.stderr.write(`not built: ${image.ir.binding.name} (${image.ir.externalReason}${image.uri ? `: ${image.uri}` : ''})\n`);
      if (written) ctx.stderr.write(`compiled ${plural(built.length, 'image')} into ${options.out}${diagnostics.length > 0 ? ` (${summarize(diagnostics)})` : ''}\n`);
    }
  }
  return failed ? EXIT.errors : EXIT.ok;
}
