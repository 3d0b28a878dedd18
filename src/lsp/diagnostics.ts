/** Compiler diagnostics → LSP diagnostics: the CLI's code and message, with its notes and help below. */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../analyze.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Workspace } from './workspace.js';

export function rangeOf(document: TextDocument, span: { readonly start: number; readonly end: number }) {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

/** The diagnostics of `path` itself (those about imported files are shown in those files). */
export function documentDiagnostics(workspace: Workspace, analysis: Analysis, path: string): LspDiagnostic[] {
  const document = workspace.textDocument(path, analysis);
  if (!document) return [];
  return analysis.diagnostics.filter((d) => d.primary?.span.file === path).map((d) => toLspDiagnostic(workspace, analysis, document, d, d.primary!.span));
}

export function toLspDiagnostic(workspace: Workspace, analysis: Analysis, document: TextDocument, d: Diagnostic, span: Span): LspDiagnostic {
  const details = [
    ...(d.primary?.message ? [`${d.primary.message}`] : []),
    ...d.notes.map((n) => `note: ${n}`),
    ...(d.help ? [`help: ${d.help}`] : []),
  ];
  const related: DiagnosticRelatedInformation[] = [];
  for (const label of d.related) {
    const other = workspace.textDocument(label.span.file, analysis);
    if (other) related.push({ location: { uri: workspace.paths.toUri(label.span.file), range: rangeOf(other, label.span) }, message: label.message ?? d.message });
  }
  return {
    range: rangeOf(document, span),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'flyimgc',
    message: details.length > 0 ? `${d.message}\n${details.join('\n')}` : d.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}
