/**
 * The smallest file that defines one binding: the file's imports and the bindings it needs, as written.
 * Hover compiles it when the whole file does not compile (while the user is typing, something usually
 * does not), so an image's tag is shown as long as the image itself is correct. Tags do not depend on the
 * .flyimg file's name, so the slice, written beside the file, gives the same tag.
 */
import type { Analysis } from '../analyze.js';
import type * as Ast from '../syntax/ast.js';
import { lex } from '../syntax/lexer.js';
import { tokenEnd } from '../syntax/tokens.js';
import { forEachExpr } from '../syntax/walk.js';

export function bindingSlice(analysis: Analysis, path: string, binding: Ast.Binding): string | undefined {
  const file = analysis.program.files.get(path);
  if (!file) return undefined;
  const needed = new Set<Ast.Binding>([binding]);
  const pending = [binding];
  for (let next = pending.pop(); next; next = pending.pop()) {
    forEachExpr(next.value, (e) => {
      if (e.kind !== 'Name') return;
      const referent = analysis.resolution.referents.get(e);
      if (referent?.kind === 'binding' && referent.file === path && !needed.has(referent.binding)) {
        needed.add(referent.binding);
        pending.push(referent.binding);
      }
    });
  }
  // Statement ranges from the lexer: a binding's span ends before a closing `)` that only groups.
  const ranges = lex(file.source)
    .statements.map((s) => s.tokens.filter((t) => t.image !== '' && Number.isFinite(t.startOffset)))
    .filter((tokens) => tokens.length > 0)
    .map((tokens) => ({ start: tokens[0]!.startOffset, end: tokenEnd(tokens[tokens.length - 1]!) }));
  const pieces = file.ast.statements
    .filter((s) => s.kind === 'Import' || needed.has(s))
    .map((s) => ranges.find((r) => r.start <= s.span.start && s.span.start < r.end))
    .filter((r): r is { start: number; end: number } => r !== undefined)
    .map((r) => file.source.text.slice(r.start, r.end));
  return `${pieces.join('\n')}\n`;
}
