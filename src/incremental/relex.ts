/**
 * Lexing after an edit without lexing the whole file again: only a window of whole lines around the
 * change is lexed; the statements before it are kept, and those after it are kept with their tokens
 * moved. The result is what `lex` gives for the new text, under conditions checked here:
 *
 * - the old lexing was clean (no bracket problem, nothing poisoned, no unterminated string), so every
 *   statement ended at a line break outside brackets and lexing was in its initial state at each line
 *   where a statement starts;
 * - the window starts at the line of the statement before the first one the change touches (the change
 *   may join a line to it) and ends at the line of a statement that starts after the change;
 * - the window lexed on its own is clean and does not end with a line continuation: so no token and no
 *   bracket runs past its end, and the full lexer is in its initial state where the window ends, before
 *   the same text as before (whose first token, starting a statement before, is no `.` continuation).
 *
 * Otherwise undefined: the caller lexes the whole file.
 */
import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source.js';
import { lex, lineStart, type Lexed, type LexedStatement } from '../syntax/lexer.js';
import { UnterminatedString, tokenEnd } from '../syntax/tokens.js';
import { SpanRemapper } from './remap.js';
import type { TextChange } from './textChange.js';

/** Whether lexing ended every statement at a line break outside brackets, with no string left open. */
export function isCleanLexing(lexed: Lexed): boolean {
  if (lexed.synthetic.size > 0) return false;
  for (const statement of lexed.statements) {
    if (statement.poisoned || statement.diagnostics.length > 0 || statement.tokens.length === 0) return false;
    for (const token of statement.tokens) if (token.tokenType === UnterminatedString) return false;
  }
  return true;
}

/**
 * The lexing of `source` (the new text) from the clean lexing `previous` of `before` (the old text).
 * The tokens of the statements after the window are moved in place: `previous` is used up.
 */
export function relex(previous: Lexed, before: string, source: SourceFile, change: TextChange, remapper: SpanRemapper): Lexed | undefined {
  const text = source.text;
  const old = previous.statements;
  // The first statement the change touches (a token ending at the change could grow), and the one before it.
  const touched = firstIndex(old, (s) => tokenEnd(s.tokens[s.tokens.length - 1]!) >= change.start);
  const first = Math.max(0, touched - 1);
  const firstToken = old[first]?.tokens[0];
  const windowStart = touched === 0 || !firstToken ? 0 : lineStart(text, firstToken.startOffset);
  // The first statement after the change whose whole line is after it.
  let after = firstIndex(old, (s) => s.tokens[0]!.startOffset > change.oldEnd);
  while (after < old.length && lineStart(before, old[after]!.tokens[0]!.startOffset) < change.oldEnd) after++;
  const oldWindowEnd = after < old.length ? lineStart(before, old[after]!.tokens[0]!.startOffset) : before.length;
  const windowEnd = oldWindowEnd + change.delta;
  const window = text.slice(windowStart, windowEnd);
  if (/\\(?:\r\n|\r|\n)$/.test(window)) return undefined;
  const lexedWindow = lex({ path: source.path, text: window });
  if (!isCleanLexing(lexedWindow)) return undefined;

  // Tokens carry offsets only (lexer.ts); a statement's column is the same in the window, which starts a line.
  const placeWindowToken = (t: IToken) => {
    t.startOffset += windowStart;
    if (t.endOffset !== undefined) t.endOffset += windowStart;
  };
  for (const statement of lexedWindow.statements) for (const t of statement.tokens) placeWindowToken(t);
  for (const t of lexedWindow.comments) placeWindowToken(t);
  const move = (t: IToken) => {
    t.startOffset += change.delta;
    if (t.endOffset !== undefined) t.endOffset += change.delta;
  };
  const suffix: LexedStatement[] = old.slice(after);
  if (change.delta !== 0) for (const statement of suffix) for (const t of statement.tokens) move(t);

  const commentsBefore = firstIndex(previous.comments, (t) => t.startOffset >= windowStart);
  const commentsAfter = firstIndex(previous.comments, (t) => t.startOffset >= oldWindowEnd);
  const commentsMoved = previous.comments.slice(commentsAfter);
  if (change.delta !== 0) for (const t of commentsMoved) move(t);

  const at = (d: Diagnostic) => d.primary?.span.start ?? -1;
  const inWindow = new SpanRemapper({ file: source.path, start: 0, oldEnd: 0, newEnd: windowStart, delta: windowStart });
  return {
    statements: [...old.slice(0, first), ...lexedWindow.statements, ...suffix],
    comments: [...previous.comments.slice(0, commentsBefore), ...lexedWindow.comments, ...commentsMoved],
    diagnostics: [
      ...previous.diagnostics.filter((d) => at(d) < windowStart),
      ...inWindow.remapTree(lexedWindow.diagnostics),
      ...remapper.remapTree(previous.diagnostics.filter((d) => at(d) >= oldWindowEnd)),
    ],
    synthetic: new Set(),
  };
}

/** The first index whose item satisfies `test`, for a test that is false, then true, along the list. */
function firstIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(items[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
