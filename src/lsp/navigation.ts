/**
 * Go to definition, find references and document symbols, from name resolution (`resolution.referents`
 * maps every `Name` to the binding it means, across imports).
 */
import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver';
import type { Analysis } from '../analyze.js';
import type * as Ast from '../syntax/ast.js';
import { printExpr } from '../syntax/print.js';
import { forEachExpr } from '../syntax/walk.js';
import { rangeOf } from './diagnostics.js';
import { nodePathAt } from './nodeAt.js';
import type { Workspace } from './workspace.js';

interface Target {
  readonly file: string;
  readonly binding: Ast.Binding;
}

/** The binding the cursor is on: its name where it is defined, or a use of it. */
function targetAt(analysis: Analysis, path: string, offset: number): Target | undefined {
  const file = analysis.program.files.get(path);
  if (!file) return undefined;
  const nodes = nodePathAt(file.ast, offset);
  const node = nodes[nodes.length - 1];
  const parent = nodes[nodes.length - 2];
  if (node?.kind === 'Identifier' && parent?.kind === 'Binding') return { file: path, binding: parent };
  if (node?.kind === 'Name') {
    const referent = analysis.resolution.referents.get(node);
    if (referent?.kind === 'binding') return { file: referent.file, binding: referent.binding };
  }
  return undefined;
}

function location(workspace: Workspace, analysis: Analysis, file: string, span: Ast.Identifier['span']): Location | undefined {
  const document = workspace.textDocument(file, analysis);
  return document ? { uri: workspace.paths.toUri(file), range: rangeOf(document, span) } : undefined;
}

export function definition(workspace: Workspace, path: string, offset: number): Location | null {
  const analysis = workspace.analysis(path);
  const file = analysis.program.files.get(path);
  if (!file) return null;
  // An import's path leads to the imported file.
  const nodes = nodePathAt(file.ast, offset);
  const statement = nodes[0];
  if (statement?.kind === 'Import' && nodes.length > 1) {
    const target = file.imports.find((i) => i.node === statement)?.target;
    return target ? { uri: workspace.paths.toUri(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
  }
  const target = targetAt(analysis, path, offset);
  return target ? (location(workspace, analysis, target.file, target.binding.name.span) ?? null) : null;
}

/** Every use of the binding in every file of the workspace (and the open documents), across imports. */
export function references(workspace: Workspace, path: string, offset: number, includeDeclaration: boolean): Location[] {
  const analysis = workspace.workspaceAnalysis();
  const target = targetAt(analysis, path, offset);
  if (!target) return [];
  const found: Location[] = [];
  if (includeDeclaration) {
    const declaration = location(workspace, analysis, target.file, target.binding.name.span);
    if (declaration) found.push(declaration);
  }
  for (const file of analysis.program.files.values()) {
    for (const statement of file.ast.statements) {
      if (statement.kind !== 'Binding') continue;
      forEachExpr(statement.value, (e) => {
        if (e.kind !== 'Name') return;
        const referent = analysis.resolution.referents.get(e);
        if (referent?.kind !== 'binding' || referent.binding !== target.binding) return;
        const use = location(workspace, analysis, file.path, e.span);
        if (use) found.push(use);
      });
    }
  }
  return found;
}

export function documentSymbols(workspace: Workspace, path: string): DocumentSymbol[] {
  const analysis = workspace.analysis(path);
  const file = analysis.program.files.get(path);
  const document = workspace.textDocument(path, analysis);
  if (!file || !document) return [];
  return file.ast.statements.map((statement): DocumentSymbol => {
    if (statement.kind === 'Import') {
      return { name: `import "${statement.path.value}"`, kind: SymbolKind.Module, range: rangeOf(document, statement.span), selectionRange: rangeOf(document, statement.path.span) };
    }
    const value = analysis.model.values.get(statement);
    const image = value?.kind === 'image' ? value.image : undefined;
    const shown = printExpr(statement.value);
    return {
      name: statement.name.name,
      detail: image ? `image (${image.origin.kind})` : shown.length > 60 ? `${shown.slice(0, 60)}…` : shown,
      kind: image ? SymbolKind.Class : SymbolKind.Constant,
      range: rangeOf(document, statement.span),
      selectionRange: rangeOf(document, statement.name.span),
    };
  });
}
