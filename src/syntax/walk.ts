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
