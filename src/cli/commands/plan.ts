import { baseRequirements } from '../../build/bases.js';
import type { BaseCheck } from '../../build/result.js';
import { hasErrors, type CompiledImage, type LeanCompileResult } from '../../compile.js';
import { mirrorFor } from '../../config/mirrors.js';
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

function insecureOf(result: LeanCompileResult, insecure: readonly string[]): string[] {
  return [...new Set([...insecure, ...result.analysis.config.insecureRegistries])];
}

/** Images to build, in build order (dependencies first), with what their registry says about each. */
export async function planImages(result: LeanCompileResult, insecure: readonly string[]): Promise<PlannedImage[]> {
  const byName = new Map(result.images.map((i) => [i.ir.binding.name, i] as const));
  const order = (result.manifest?.buildOrder ?? []).map((name) => byName.get(name)).filter((i): i is CompiledImage & { uri: string } => i !== undefined && i.uri !== undefined);
  const insecureAll = insecureOf(result, insecure);
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

/**
 * What the images of `bindings` (all when absent) are built FROM, each asked of its registry for the
 * platforms needed. `missing` and `partial` bases fail a run before any build starts.
 */
export async function planBases(result: LeanCompileResult, insecure: readonly string[], bindings?: ReadonlySet<string>): Promise<BaseCheck[]> {
  const images = bindings ? result.images.filter((i) => bindings.has(i.ir.binding.name) || i.ir.kind === 'external') : result.images;
  const requirements = baseRequirements(images, mirrorFor(result.analysis.config.mirrors));
  const insecureAll = insecureOf(result, insecure);
  const credentials = defaultCredentials();
  return Promise.all(
    requirements.map(async (r) => {
      const found = await checkExistence(r.reference, r.platforms, insecureAll, credentials);
      return {
        reference: r.reference,
        platforms: r.platforms,
        neededBy: [...new Set(r.neededBy.map((n) => n.binding))],
        status: found.status,
        reason: found.reason,
        ...(found.missingPlatforms ? { missingPlatforms: found.missingPlatforms } : {}),
      };
    }),
  );
}

/** A base that stops the run: the registry said it is not there, or not for every platform. */
export function blockingBases(bases: readonly BaseCheck[]): BaseCheck[] {
  return bases.filter((b) => b.status === 'missing' || b.status === 'partial');
}

/** One line per base problem: errors for missing ones, warnings for ones the registry did not answer for. */
export function baseProblems(bases: readonly BaseCheck[]): string[] {
  return bases.flatMap((b) => {
    const users = b.neededBy.map((n) => `\`${n}\``).join(', ');
    if (b.status === 'missing') return [`error: base image ${b.reference} does not exist (needed by ${users}): ${b.reason}; push it, fix the reference, or map it with [mirrors] in flyimg.toml`];
    if (b.status === 'partial') {
      return [
        `error: base image ${b.reference} has no ${b.missingPlatforms?.join(', ') ?? 'image for a needed platform'} (needed by ${users}); a builder would silently build on another platform: push a multi-platform base or drop the platform`,
      ];
    }
    if (b.status === 'unknown') return [`warning: cannot tell whether base image ${b.reference} exists (${b.reason}); the builder will try to pull it`];
    return [];
  });
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
  const [plan, bases] = await Promise.all([planImages(result, options.insecureRegistries), planBases(result, options.insecureRegistries)]);
  const ok = !plan.some((p) => p.existence.status === 'unknown') && blockingBases(bases).length === 0;
  if (options.format === 'json') ctx.stdout.write(`${JSON.stringify({ ok, images: plan, bases }, null, 2)}\n`);
  else {
    ctx.stdout.write(planTable(plan));
    for (const problem of baseProblems(bases)) ctx.stderr.write(`${problem}\n`);
  }
  return ok ? EXIT.ok : EXIT.errors;
}
