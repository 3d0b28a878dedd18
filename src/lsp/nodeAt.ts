/** The syntax node under the cursor, with the nodes around it (innermost last). */
import type * as Ast from '../syntax/ast.js';

export type Found = Ast.Statement | Ast.Expr | Ast.Arg | Ast.Identifier;

/** `offset` is inside a node when `start <= offset <= end`, so the cursor right after a name still finds it. */
const covers = (span: { start: number; end: number }, offset: number) => span.start <= offset && offset <= span.end;

export function nodePathAt(file: Ast.FileNode, offset: number): Found[] {
  for (const statement of file.statements) {
    if (!covers(statement.span, offset)) continue;
    if (statement.kind === 'Import') return covers(statement.path.span, offset) ? [statement, statement.path] : [statement];
    if (covers(statement.name.span, offset)) return [statement, statement.name];
    return [statement, ...exprPath(statement.value, offset)];
  }
  return [];
}

function exprPath(e: Ast.Expr, offset: number): Found[] {
  if (!covers(e.span, offset)) return [];
  const inner = (() => {
    switch (e.kind) {
      case 'Member':
        return covers(e.property.span, offset) && e.property.name !== '' ? [e.property] : exprPath(e.object, offset);
      case 'Call': {
        const callee = exprPath(e.callee, offset);
        if (callee.length > 0) return callee;
        for (const arg of e.args) {
          if (!covers(arg.span, offset)) continue;
          if (arg.kind === 'Keyword' && covers(arg.name.span, offset)) return [arg, arg.name];
          return [arg, ...exprPath(arg.value, offset)];
        }
        return [];
      }
      case 'PathJoin':
        return firstNonEmpty(exprPath(e.left, offset), exprPath(e.right, offset));
      case 'Tuple':
      case 'List':
        return firstNonEmpty(...e.items.map((item) => exprPath(item, offset)));
      case 'Dict':
        return firstNonEmpty(...e.entries.flatMap((entry) => [exprPath(entry.key, offset), exprPath(entry.value, offset)]));
      default:
        return [];
    }
  })();
  return [e, ...inner];
}

function firstNonEmpty(...paths: Found[][]): Found[] {
  return paths.find((p) => p.length > 0) ?? [];
}
