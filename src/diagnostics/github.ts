/**
 * Diagnostics → GitHub Actions workflow commands (`--format github`): one `::error` or `::warning` line
 * per diagnostic, which the runner shows as an annotation on the file and line. Values are escaped as the
 * runner unescapes them (`%`, CR, LF everywhere; `:` and `,` also in properties), so no message can end
 * the command early or start another one.
 */
import type { Diagnostic } from './diagnostic.js';
import { locate } from './render.js';
import type { SourceFile } from '../source.js';

export function diagnosticsToGithub(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): string {
  return diagnostics.map((d) => `${workflowCommand(d, sources)}\n`).join('');
}

function workflowCommand(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>): string {
  const properties: string[] = [];
  if (d.primary) {
    properties.push(`file=${escapeProperty(d.primary.span.file)}`);
    const at = locate(d.primary.span, sources);
    if (at) properties.push(`line=${at.line}`, `col=${at.column}`, `endLine=${at.endLine}`, `endColumn=${at.endColumn}`);
  }
  properties.push(`title=${escapeProperty(`${d.code} ${d.name}`)}`);
  const text = [d.message, ...d.notes.map((n) => `note: ${n}`), ...(d.help ? [`help: ${d.help}`] : [])].join('\n');
  return `::${d.severity} ${properties.join(',')}::${escapeData(text)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
