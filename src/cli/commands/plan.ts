import { hasErrors, type CompiledImage, type CompileResult } from '../../compile.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { checkExistence, defaultCredentials, type Existence } from '../existence.js';
import { diagnosticsJson, printDiagnosticsText, summarize, type OutputFormat } from '../report.js';
import { compileInputs, type PipelineOptions } from './compile.js';

export interface PlanOptions extends PipelineOptions {
  readonly insecureRegistries: readonly string[];
  readonly format: OutputFormat;
}

export interface PlannedImage {
  readonly binding: string;
  readonly uri: string;
  readonly platforms: readonly string[];
  readonly existence: Existence;
}

/** Images to build, in build order (dependencies first), with what their registry says about each. */
export async function planImages(result: CompileResult, insecure: readonly string[]): Promise<PlannedImage[]> {
  const byName = new Map(result.images.map((i) => [i.ir.binding.name, i] as const));
  const order = (result.manifest?.buildOrder ?? []).map((name) => byName.get(name)).filter((i): i is CompiledImage & { uri: string } => i !== undefined && i.uri !== undefined);
  const insecureAll = [...new Set([...insecure, ...result.analysis.config.insecureRegistries])];
  const credentials = defaultCredentials();
  return Promise.all(
    order.map(async (image) => ({
      binding: image.ir.binding.name,
      uri: image.uri,
      platforms: image.ir.platforms,
      existence: await checkExistence(image.uri, image.ir.platforms, insecureAll, credentials),
    })),
  );
}

export function planTable(plan: readonly PlannedImage[]): string {
  if (plan.length === 0) return 'nothing to build\n';
  const rows = plan.map((p) => [p.binding, p.existence.status, p.uri, p.existence.reason]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['image', 'status', 'uri'][c]!.length));
  const line = (r: readonly string[]) => `${r.slice(0, 3).map((v, i) => v.padEnd(widths[i]!)).join('  ')}  ${r[3] ?? ''}`.trimEnd();
  return `${[line(['image', 'status', 'uri', 'why']), ...rows.map(line)].join('\n')}\n`;
}

export async function runPlan(ctx: CliContext, options: PlanOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('no input files: give at least one .flyimg file or directory', 'plan');
  const { result, diagnostics } = compileInputs(ctx.cwd, options);
  if (hasErrors(diagnostics)) {
    if (options.format === 'json') ctx.stdout.write(`${JSON.stringify({ ok: false, diagnostics: diagnosticsJson(diagnostics, result.analysis.sources) }, null, 2)}\n`);
    else {
      printDiagnosticsText(ctx, diagnostics, result.analysis.sources);
      ctx.stderr.write(`error: cannot plan: ${summarize(diagnostics)}\n`);
    }
    return EXIT.errors;
  }
  const plan = await planImages(result, options.insecureRegistries);
  if (options.format === 'json') ctx.stdout.write(`${JSON.stringify({ ok: true, images: plan }, null, 2)}\n`);
  else ctx.stdout.write(planTable(plan));
  return plan.some((p) => p.existence.status === 'unknown') ? EXIT.errors : EXIT.ok;
}
