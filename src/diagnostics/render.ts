/** Diagnostics → rustc-style text. Pure: colour is an option, the CLI decides it. */
import type { Diagnostic, Label, Span } from './diagnostic.js';
import { lineText, positionAt, type SourceFile } from '../source.js';

export interface RenderOptions {
  readonly color: boolean;
}

type Style = 'error' | 'warning' | 'gutter' | 'bold' | 'related';
const SGR: Record<Style, string> = { error: '1;31', warning: '1;33', gutter: '1;34', bold: '1', related: '1;34' };

export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, options: RenderOptions): string {
  return diagnostics.map((d) => renderDiagnostic(d, sources, options)).join('\n');
}

interface Marked {
  readonly label: Label;
  readonly primary: boolean;
  readonly line: number;
  readonly startColumn: number;
  readonly endColumn: number;
}

export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>, options: RenderOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
  const out: string[] = [];
  out.push(`${paint(d.severity, `${d.severity}[${d.code}]`)}${paint('bold', `: ${d.message}`)}`);

  const labels: Array<{ label: Label; primary: boolean }> = [];
  if (d.primary) labels.push({ label: d.primary, primary: true });
  for (const label of d.related) labels.push({ label, primary: false });
  const files = [...new Set(labels.map((l) => l.label.span.file))];
  const marked = labels.map(({ label, primary }) => mark(label, primary, sources));
  const allLines = marked.flatMap((m) => (m ? [m.line] : []));
  const gutterWidth = String(Math.max(1, ...allLines)).length;
  const pad = ' '.repeat(gutterWidth);
  const bar = paint('gutter', `${pad} |`);

  files.forEach((file, fileIndex) => {
    const source = sources.get(file);
    const inFile = marked.filter((m): m is Marked => m !== undefined && m.label.span.file === file);
    const anchor = inFile.find((m) => m.primary) ?? inFile[0];
    const arrow = fileIndex === 0 ? '-->' : ':::';
    const where = anchor ? `${file}:${anchor.line}:${anchor.startColumn}` : file;
    out.push(`${pad}${paint('gutter', arrow)} ${where}`);
    if (!source || inFile.length === 0) return;
    out.push(bar);
    const lines = [...new Set(inFile.map((m) => m.line))].sort((a, b) => a - b);
    let previous: number | undefined;
    for (const line of lines) {
      if (previous !== undefined && line > previous + 1) out.push(paint('gutter', '...'));
      previous = line;
      const text = expandTabs(lineText(source, line));
      out.push(`${paint('gutter', `${String(line).padStart(gutterWidth)} |`)}${text ? ` ${text}` : ''}`);
      const onLine = inFile.filter((m) => m.line === line).sort((a, b) => a.startColumn - b.startColumn);
      for (const m of onLine) {
        const width = Math.max(1, m.endColumn - m.startColumn);
        const marker = (m.primary ? '^' : '-').repeat(width);
        const message = m.label.message ? ` ${m.label.message}` : '';
        const style: Style = m.primary ? d.severity : 'related';
        out.push(`${bar} ${' '.repeat(m.startColumn - 1)}${paint(style, marker + message)}`);
      }
    }
  });
  if (d.notes.length > 0 || d.help) {
    if (labels.length > 0) out.push(bar);
    for (const note of d.notes) out.push(`${pad} ${paint('bold', '=')} note: ${indentContinuation(note, gutterWidth + 9)}`);
    if (d.help) out.push(`${pad} ${paint('bold', '=')} help: ${indentContinuation(d.help, gutterWidth + 9)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Where a label sits on screen: 1-based line, and display columns with tabs expanded to 4 spaces. */
function mark(label: Label, primary: boolean, sources: ReadonlyMap<string, SourceFile>): Marked | undefined {
  const source = sources.get(label.span.file);
  if (!source) return undefined;
  const start = positionAt(source, label.span.start);
  const end = positionAt(source, label.span.end);
  const text = lineText(source, start.line);
  const startColumn = displayWidth(text.slice(0, start.column - 1)) + 1;
  const endOnLine = end.line === start.line ? end.column - 1 : text.length;
  const endColumn = displayWidth(text.slice(0, Math.max(endOnLine, start.column - 1))) + 1;
  return { label, primary, line: start.line, startColumn, endColumn };
}

/** Line and column of a span's start, for JSON output and summaries. */
export function locate(span: Span, sources: ReadonlyMap<string, SourceFile>): { line: number; column: number; endLine: number; endColumn: number } | undefined {
  const source = sources.get(span.file);
  if (!source) return undefined;
  const start = positionAt(source, span.start);
  const end = positionAt(source, span.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function expandTabs(text: string): string {
  return text.replace(/\t/g, '    ');
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char === '\t' ? 4 : 1;
  return width;
}

function indentContinuation(text: string, indent: number): string {
  return text.split('\n').join(`\n${' '.repeat(indent)}`);
}
