/** AST → compact one-line source text. For debugging output, tests and messages; not the formatter. */
import type * as Ast from './ast.js';
import { assertNever } from '../util/invariant.js';

export function printExpr(expr: Ast.Expr): string {
  switch (expr.kind) {
    case 'Name':
      return expr.name;
    case 'Member':
      return `${printExpr(expr.object)}.${expr.property.name}`;
    case 'Call':
      return `${printExpr(expr.callee)}(${expr.args.map(printArg).join(', ')})`;
    case 'PathJoin':
      return `${printExpr(expr.left)} / ${printExpr(expr.right)}`;
    case 'Str':
      return JSON.stringify(expr.value);
    case 'Num':
      return expr.text;
    case 'Bool':
      return expr.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'Tuple':
      return expr.items.length === 1 ? `(${printExpr(expr.items[0]!)},)` : `(${expr.items.map(printExpr).join(', ')})`;
    case 'List':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'Dict':
      return `{${expr.entries.map((e) => `${printExpr(e.key)}: ${printExpr(e.value)}`).join(', ')}}`;
    case 'Missing':
      return '<missing>';
    default:
      return assertNever(expr);
  }
}

function printArg(arg: Ast.Arg): string {
  return arg.kind === 'Keyword' ? `${arg.name.name}=${printExpr(arg.value)}` : printExpr(arg.value);
}

export function printStatement(statement: Ast.Statement): string {
  return statement.kind === 'Import' ? `import ${JSON.stringify(statement.path.value)}` : `${statement.name.name} = ${printExpr(statement.value)}`;
}
