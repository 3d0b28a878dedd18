/**
 * `flyimgc fmt`: source text → the same file in the one canonical layout (docs/formatting.md).
 * A file with syntax errors is never formatted. The result is re-parsed and must give the same statements
 * and the same comments; anything else is a formatter bug and throws.
 */
import type * as Ast from '../syntax/ast.js';
import { lex } from '../syntax/lexer.js';
import { parseSource } from '../syntax/parse.js';
import { InternalError } from '../util/invariant.js';
import { printFile, type TopLevel, type VerbatimStatement } from './printer.js';
import { SourceIndex } from './sourceIndex.js';

export type FormatResult = { readonly ok: true; readonly text: string } | { readonly ok: false };

export function formatSource(text: string, path: string): FormatResult {
  const source = { path, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  const parsed = parseSource(source);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { ok: false };
  const index = new SourceIndex(source.text, lex(source).statements, parsed.ast.comments);
  const verbatim = skippedStatements(parsed.ast, index);
  const statements: TopLevel[] = [...parsed.ast.statements, ...verbatim].sort((a, b) => a.span.start - b.span.start);
  // A skipped statement is written as it is, comments included, so those comments are not placed again.
  const comments = parsed.ast.comments.filter((c) => !verbatim.some((v) => c.span.start >= v.span.start && c.span.start < v.span.end));
  const formatted = printFile(statements, index, comments);
  checkSameMeaning(parsed.ast, verbatim, formatted, path);
  return { ok: true, text: formatted };
}

/** Statements the parser skipped with a warning (a pasted `from flyte import Image`): kept verbatim. */
function skippedStatements(ast: Ast.FileNode, index: SourceIndex): VerbatimStatement[] {
  return index
    .statementRanges()
    .filter((range) => !ast.statements.some((s) => s.span.start >= range.start && s.span.start < range.end))
    .map((range) => ({ kind: 'Verbatim', span: range, text: index.text.slice(range.start, range.end) }));
}

function checkSameMeaning(before: Ast.FileNode, verbatim: readonly VerbatimStatement[], formatted: string, path: string): void {
  const after = parseSource({ path, text: formatted });
  const errors = after.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InternalError(`the formatter produced invalid code in ${path}: ${errors[0]!.message}`);
  if (shape(after.ast.statements) !== shape(before.statements)) throw new InternalError(`the formatter changed the meaning of ${path}`);
  const texts = (comments: readonly Ast.Comment[]) => comments.map((c) => c.text.trimEnd()).sort();
  const kept = [...texts(before.comments)];
  if (JSON.stringify(texts(after.ast.comments)) !== JSON.stringify(kept)) throw new InternalError(`the formatter lost or duplicated a comment in ${path}`);
  const stillSkipped = skippedStatements(after.ast, new SourceIndex(formatted, lex({ path, text: formatted }).statements, after.ast.comments));
  if (stillSkipped.map((v) => v.text).join('\n') !== verbatim.map((v) => v.text).join('\n')) throw new InternalError(`the formatter changed a skipped statement in ${path}`);
}

/** The tree without positions: what must not change. */
export function shape(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'span' ? undefined : v));
}
