import type { Diagnostic } from './diagnostic.js';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sort by (file, offset, code) and drop exact duplicates, so output never depends on pass order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = JSON.stringify([d.code, d.primary?.span, d.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(
    (a, b) =>
      compare(a.primary?.span.file ?? '', b.primary?.span.file ?? '') ||
      (a.primary?.span.start ?? -1) - (b.primary?.span.start ?? -1) ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

/** `--warnings-as-errors`: every warning counts, and is shown, as an error. */
export function warningsAsErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
