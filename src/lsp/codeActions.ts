/**
 * Quick fixes: the compiler's own fixes of each diagnostic under the cursor (did-you-mean replacements,
 * deleting an ignored Python import), plus one the editor can make from the tree: removing an unknown
 * keyword argument with its comma. Computed from the current analysis, so they never apply to stale text.
 */
import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Edit, Fix } from '../diagnostics/diagnostic.js';
import type * as Ast from '../syntax/ast.js';
import { forEachExpr } from '../syntax/walk.js';
import { rangeOf, toLspDiagnostic } from './diagnostics.js';
import type { Workspace } from './workspace.js';

export function codeActions(workspace: Workspace, path: string, start: number, end: number): CodeAction[] {
  const analysis = workspace.analysis(path);
  const document = workspace.textDocument(path, analysis);
  const file = analysis.program.files.get(path);
  if (!document || !file) return [];
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    const span = d.primary?.span;
    if (!span || span.file !== path || span.end < start || span.start > end) continue;
    const fixes = [...(d.fixes ?? []), ...treeFixes(d, file.ast)];
    const lsp = toLspDiagnostic(workspace, analysis, document, d, span);
    fixes.forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        isPreferred: i === 0,
        edit: { changes: { [document.uri]: fix.edits.map((e) => textEdit(document, e)) } },
      });
    });
  }
  return actions;
}

/** A deletion of whole lines takes their line break too, so no blank line is left behind. */
function textEdit(document: TextDocument, edit: Edit): TextEdit {
  const text = document.getText();
  let { start, end } = edit.span;
  const atLineStart = start === 0 || text[start - 1] === '\n';
  if (edit.text === '' && atLineStart && (end === text.length || text[end] === '\n' || text[end] === '\r')) {
    if (text.startsWith('\r\n', end)) end += 2;
    else if (end < text.length) end += 1;
  }
  return { range: rangeOf(document, { start, end }), newText: edit.text };
}

/** Fixes that need the tree around the diagnostic. */
function treeFixes(d: Diagnostic, ast: Ast.FileNode): Fix[] {
  if (d.code !== 'FLY3003' || !d.primary) return [];
  const span = d.primary.span;
  for (const call of calls(ast)) {
    const index = call.args.findIndex((a) => a.kind === 'Keyword' && a.name.span.start === span.start && a.name.span.end === span.end);
    if (index < 0) continue;
    const arg = call.args[index]!;
    const next = call.args[index + 1];
    const previous = call.args[index - 1];
    // `f(a, bad=1, c)` → `f(a, c)`; `f(a, bad=1)` → `f(a)`; `f(bad=1)` → `f()`.
    const removed = next ? { start: arg.span.start, end: next.span.start } : previous ? { start: previous.span.end, end: arg.span.end } : arg.span;
    return [{ title: `remove the argument \`${(arg as Ast.Keyword).name.name}=\``, edits: [{ span: { file: span.file, ...removed }, text: '' }] }];
  }
  return [];
}

function calls(ast: Ast.FileNode): Ast.Call[] {
  const found: Ast.Call[] = [];
  for (const statement of ast.statements) {
    if (statement.kind !== 'Binding') continue;
    forEachExpr(statement.value, (e) => {
      if (e.kind === 'Call') found.push(e);
    });
  }
  return found;
}
