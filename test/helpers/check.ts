import { analyze, type Analysis } from '../../src/analyze.js';
import { positionAt } from '../../src/source.js';
import { memoryHost } from './memoryHost.js';

export interface Located {
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

/** Checks `main.flyimg` (plus any other files given) and returns the analysis. */
export function checkFiles(files: Readonly<Record<string, string | Uint8Array>>, roots: readonly string[] = ['main.flyimg']): Analysis {
  return analyze(roots, memoryHost(files));
}

/** The diagnostics of a one-file program as `{ code, line, column }`, in report order. */
export function diagnosticsOf(source: string | Uint8Array, extraFiles: Readonly<Record<string, string>> = {}): Located[] {
  const analysis = checkFiles({ 'main.flyimg': source, ...extraFiles });
  return analysis.diagnostics.map((d) => {
    const span = d.primary?.span;
    const file = span ? analysis.sources.get(span.file) : undefined;
    const at = span && file ? positionAt(file, span.start) : { line: 0, column: 0 };
    return { code: d.code, line: at.line, column: at.column };
  });
}

export function codesOf(source: string | Uint8Array, extraFiles: Readonly<Record<string, string>> = {}): string[] {
  return diagnosticsOf(source, extraFiles).map((d) => d.code);
}
