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

/** Every expression's span (`forEachExpr`), and the spans of the parts of it that are not expressions. */
function spansOfExpr(expr: Ast.Expr, visit: (span: Span) => void): void {
  forEachExpr(expr, (e) => {
    visit(e.span);
    if (e.kind === 'Str') {
      if (e.unsupportedPrefix) visit(e.unsupportedPrefix.span);
    } else if (e.kind === 'Member') {
      visit(e.property.span);
    } else if (e.kind === 'Call') {
      for (const arg of e.args) {
        visit(arg.span);
        if (arg.kind === 'Keyword') visit(arg.name.span);
      }
    } else if (e.kind === 'Dict') {
      for (const entry of e.entries) visit(entry.span);
    }
  });
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
