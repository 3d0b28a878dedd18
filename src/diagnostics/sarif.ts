/**
 * Diagnostics → a SARIF 2.1.0 log (`--format sarif`), for code-scanning upload. One run, one rule per
 * catalog code that occurs (its name, title and explanation from the catalog), one result per diagnostic.
 * Locations are relative to the directory flyimgc ran in (`%SRCROOT%`); columns are 1-based UTF-16 code
 * units, SARIF's default `columnKind`, which is also how spans count. Pure: the CLI prints it.
 */
import { CATALOG, type CatalogEntry } from './codes.js';
import type { Diagnostic, Label } from './diagnostic.js';
import { locate } from './render.js';
import type { SourceFile } from '../source.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  readonly toolVersion: string;
}

export function diagnosticsToSarif(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, options: SarifOptions): object {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flyimgc',
            version: options.toolVersion,
            rules: codes.map((code) => rule(code)),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory flyimgc ran in.' } } },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => result(d, sources, ruleIndex.get(d.code)!)),
      },
    ],
  };
}

function rule(code: string) {
  const entry = (CATALOG as Readonly<Record<string, CatalogEntry>>)[code];
  if (!entry) return { id: code };
  return {
    id: code,
    name: entry.name,
    shortDescription: { text: entry.title },
    fullDescription: { text: entry.explanation },
    defaultConfiguration: { level: entry.severity },
  };
}

function result(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>, ruleIndex: number) {
  const text = [d.message, ...d.notes.map((n) => `note: ${n}`), ...(d.help ? [`help: ${d.help}`] : [])].join('\n');
  const related = d.related.map((label, i) => ({ id: i + 1, ...location(label, sources), ...(label.message ? { message: { text: label.message } } : {}) }));
  return {
    ruleId: d.code,
    ruleIndex,
    level: d.severity,
    message: { text },
    ...(d.primary ? { locations: [location(d.primary, sources)] } : {}),
    ...(related.length > 0 ? { relatedLocations: related } : {}),
  };
}

function location(label: Label, sources: ReadonlyMap<string, SourceFile>) {
  const at = locate(label.span, sources);
  return {
    physicalLocation: {
      artifactLocation: { uri: relativeUri(label.span.file), uriBaseId: '%SRCROOT%' },
      ...(at ? { region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn } } : {}),
    },
  };
}

/** A POSIX relative path as a relative URI reference: each segment percent-encoded. */
export function relativeUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
