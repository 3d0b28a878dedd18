import type { Span } from '../diagnostics/diagnostic.js';
import type * as Ast from './ast.js';
import { assertNever } from '../util/invariant.js';

/** Calls `visit` on `expr` and every expression inside it, outer first, in source order. */
export function forEachExpr(expr: Ast.Expr, visit: (e: Ast.Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'Name':
    case 'Str':
    case 'Num':
    case 'Bool':
    case 'None':
    case 'Missing':
      return;
    case 'Member':
      return forEachExpr(expr.object, visit);
    case 'Call':
      forEachExpr(expr.callee, visit);
      for (const arg of expr.args) forEachExpr(arg.value, visit);
      return;
    case 'PathJoin':
      forEachExpr(expr.left, visit);
      return forEachExpr(expr.right, visit);
    case 'Tuple':
    case 'List':
      for (const item of expr.items) forEachExpr(item, visit);
      return;
    case 'Dict':
      for (const entry of expr.entries) {
        forEachExpr(entry.key, visit);
        forEachExpr(entry.value, visit);
      }
      return;
    default:
      return assertNever(expr);
  }
}

/**
 * Calls `visit` on every span of a statement's tree (a span two nodes share, once per node). Written out
 * per kind, not found by reflection: moving the spans of every statement after an edit (src/incremental/)
 * runs on each keystroke. test/syntax/walk.test.ts checks it finds every span a generic walk finds.
 */
export function forEachSpan(statement: Ast.Statement, visit: (span: Span) => void): void {
  visit(statement.span);
  if (statement.kind === 'Import') return spansOfExpr(statement.path, visit);
  visit(statement.name.span);
  spansOfExpr(statement.value, visit);
}

function spansOfExpr(expr: Ast.Expr, visit: (span: Span) => void): void {
  visit(expr.span);
  switch (expr.kind) {
    case 'Name':
    case 'Num':
    case 'Bool':
    case 'None':
    case 'Missing':
      return;
    case 'Str':
      if (expr.unsupportedPrefix) visit(expr.unsupportedPrefix.span);
      return;
    case 'Member':
      spansOfExpr(expr.object, visit);
      return visit(expr.property.span);
    case 'Call':
      spansOfExpr(expr.callee, visit);
      for (const arg of expr.args) {
        visit(arg.span);
        if (arg.kind === 'Keyword') visit(arg.name.span);
        spansOfExpr(arg.value, visit);
      }
      return;
    case 'PathJoin':
      spansOfExpr(expr.left, visit);
      return spansOfExpr(expr.right, visit);
    case 'Tuple':
    case 'List':
      for (const item of expr.items) spansOfExpr(item, visit);
      return;
    case 'Dict':
      for (const entry of expr.entries) {
        visit(entry.span);
        spansOfExpr(entry.key, visit);
        spansOfExpr(entry.value, visit);
      }
      return;
    default:
      return assertNever(expr);
  }
}

const namesOfBinding = new WeakMap<Ast.Binding, readonly Ast.Name[]>();

/**
 * The names a binding's value uses, in the order `forEachExpr` meets them. Remembered per binding: a
 * tree is not restructured once made, and after an edit the incremental analysis keeps the trees of
 * the statements it did not touch, so name resolution does not walk them again.
 */
export function namesIn(binding: Ast.Binding): readonly Ast.Name[] {
  let found = namesOfBinding.get(binding);
  if (!found) {
    const list: Ast.Name[] = [];
    forEachExpr(binding.value, (e) => void (e.kind === 'Name' && list.push(e)));
    namesOfBinding.set(binding, (found = list));
  }
  return found;
}
