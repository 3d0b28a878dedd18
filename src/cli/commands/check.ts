import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../analyze.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/codes.js';
import { countBySeverity, sortDiagnostics, warningsAsErrors } from '../../diagnostics/sort.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { findInputs, nodeHost } from '../io.js';
import { parseImageMap } from '../imageMap.js';
import { deployAnalyzeOptions, type DeployCliOptions } from '../deployOptions.js';
import { diagnosticsJson, plural, printDiagnosticsForCi, printDiagnosticsText, summarize, type DiagnosticFormat } from '../report.js';
import { VERSION } from '../version.js';


export interface CheckOptions extends DeployCliOptions {
  readonly inputs: readonly string[];
  /** `--hash`, `--platform`: as `compile` is given them, so that check finds the same errors. */
  readonly hash?: 'v1' | 'flyte';
  readonly platforms?: readonly string[];
  /** `--image name=uri`: what `compile` would resolve `from_ref_name` with, so that check finds the same errors. */
  readonly images?: readonly string[];
  readonly allowOutsideProject?: boolean;
  readonly format: DiagnosticFormat;
  readonly warningsAsErrors?: boolean;
}

export function runCheck(ctx: CliContext, options: CheckOptions): number {
  if (options.inputs.length === 0) throw new UsageError('no input files: give at least one .flyimg file or directory', 'check');
  const inputs = findInputs(options.inputs, ctx.cwd);
  const mapping = parseImageMap(options.images ?? []);
  const inputProblems: Diagnostic[] = [...inputs.missing.map((p) => diag.inputNotFound(p)), ...inputs.empty.map((p) => diag.noInputFiles(p)), ...mapping.diagnostics];
  const analysis = analyze(inputs.files, nodeHost(ctx.cwd), {
    ...DEFAULT_ANALYZE_OPTIONS,
    allowOutsideProject: options.allowOutsideProject ?? false,
    imageMap: mapping.map,
    ...(options.hash ? { hash: options.hash } : {}),
    ...(options.platforms ? { platforms: options.platforms } : {}),
    ...deployAnalyzeOptions(options, ctx.cwd),
  });
  const found = sortDiagnostics([...inputProblems, ...analysis.diagnostics]);
  const diagnostics = options.warningsAsErrors ? warningsAsErrors(found) : found;
  const { errors } = countBySeverity(diagnostics);
  const fileCount = analysis.program.files.size;

  if (options.format === 'json') {
    const result = {
      files: [...analysis.program.files.keys()].sort(),
      diagnostics: diagnosticsJson(diagnostics, analysis.sources),
      summary: { files: fileCount, ...countBySeverity(diagnostics) },
    };
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (options.format === 'sarif' || options.format === 'github') {
    printDiagnosticsForCi(ctx, options.format, diagnostics, analysis.sources, VERSION);
    ctx.stderr.write(`checked ${plural(fileCount, 'file')}: ${diagnostics.length === 0 ? 'no problems' : summarize(diagnostics)}\n`);
  } else {
    printDiagnosticsText(ctx, diagnostics, analysis.sources);
    const what = plural(fileCount, 'file');
    ctx.stderr.write(errors > 0 ? `error: checking ${what} found ${summarize(diagnostics)}\n` : `checked ${what}: ${diagnostics.length === 0 ? 'no problems' : summarize(diagnostics)}\n`);
  }
  return errors > 0 ? EXIT.errors : EXIT.ok;
}
