/** Prints diagnostics the way every command does: rustc-style text on stderr, or JSON on stdout. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticsToGithub } from '../diagnostics/github.js';
import { diagnosticToJson } from '../diagnostics/json.js';
import { diagnosticsToSarif } from '../diagnostics/sarif.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { countBySeverity } from '../diagnostics/sort.js';
import type { SourceFile } from '../source.js';
import type { CliContext } from './context.js';
import { useColor } from './io.js';

export type OutputFormat = 'text' | 'json';
/** What `check` and `compile` print diagnostics as: also SARIF and GitHub workflow commands, for CI. */
export type DiagnosticFormat = OutputFormat | 'sarif' | 'github';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summarize(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function printDiagnosticsText(ctx: CliContext, diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): void {
  if (diagnostics.length === 0) return;
  ctx.stderr.write(`${renderDiagnostics(diagnostics, sources, { color: useColor(ctx.stderr, ctx.env) })}\n`);
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>) {
  return diagnostics.map((d) => diagnosticToJson(d, sources));
}

/** `--format sarif|github`: the diagnostics on stdout, where CI reads them (a summary still goes to stderr). */
export function printDiagnosticsForCi(ctx: CliContext, format: 'sarif' | 'github', diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, toolVersion: string): void {
  if (format === 'sarif') ctx.stdout.write(`${JSON.stringify(diagnosticsToSarif(diagnostics, sources, { toolVersion }), null, 2)}\n`);
  else ctx.stdout.write(diagnosticsToGithub(diagnostics, sources));
}
