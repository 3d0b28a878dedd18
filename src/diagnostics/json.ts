/** Diagnostics → plain JSON data for `--format json` (and the language server later). */
import type { Diagnostic, Label } from './diagnostic.js';
import { locate } from './render.js';
import type { SourceFile } from '../source.js';

export interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message?: string;
}

export interface JsonDiagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: string;
  readonly message: string;
  readonly location?: JsonLocation;
  readonly related: readonly JsonLocation[];
  readonly notes: readonly string[];
  readonly help?: string;
}

export function diagnosticToJson(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>): JsonDiagnostic {
  const location = d.primary ? labelToJson(d.primary, sources) : undefined;
  return {
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    ...(location ? { location } : {}),
    related: d.related.map((l) => labelToJson(l, sources)),
    notes: d.notes,
    ...(d.help ? { help: d.help } : {}),
  };
}

function labelToJson(label: Label, sources: ReadonlyMap<string, SourceFile>): JsonLocation {
  const at = locate(label.span, sources) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { file: label.span.file, ...at, ...(label.message ? { message: label.message } : {}) };
}
