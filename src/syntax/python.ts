/**
 * Pasted Python that is not part of the language, recognised on the layout pass's statements before
 * parsing: Python import lines (which bind names) and Python code (functions, decorators, blocks...),
 * which is reported once per file instead of line by line.
 */
import type { IToken } from 'chevrotain';
import type { Span } from '../diagnostics/diagnostic.js';
import type * as Ast from './ast.js';
import type { LexedStatement } from './lexer.js';
import { FLYTE_RUNTIME_FUNCTIONS } from './builtins.js';
import { CLOSING as CLOSERS, Colon, Comma, Dot, Equals, Identifier, Import, LParen, OPENING, Operator, RParen, Star, StringLiteral, tokenEnd } from './tokens.js';

const OPENERS: ReadonlySet<unknown> = new Set(OPENING.keys());

/** Python's hard keywords that `.flyimg` has no use for (`True`, `False`, `None` and `import` are tokens). */
const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from',
  'global', 'if', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);
/** Statements that open a block; `@decorator` lines attach to the next one. */
const BLOCK_KEYWORDS: ReadonlySet<string> = new Set(['def', 'class', 'if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async']);
/** Clauses that continue a block at its own indentation. */
const CLAUSE_KEYWORDS: ReadonlySet<string> = new Set(['elif', 'else', 'except', 'finally']);

const BLOCK_NAMES: Readonly<Record<string, string>> = { if: 'an `if` block', for: 'a `for` loop', while: 'a `while` loop', with: 'a `with` block', try: 'a `try` block' };

/** `import a.b as c, d` or `from a.b import (x as y, z)`; undefined when the line is not a Python import. */
export function pythonImport(tokens: readonly IToken[], file: string): Ast.PythonImport[] | undefined {
  const first = tokens[0];
  if (!first) return undefined;
  const span = (from: IToken, to: IToken): Span => ({ file, start: from.startOffset, end: tokenEnd(to) });
  const whole = span(first, tokens[tokens.length - 1]!);
  let i = 0;
  const dotted = (): string | undefined => {
    let text = '';
    while (tokens[i]?.tokenType === Dot) text += tokens[i++]!.image;
    if (tokens[i]?.tokenType !== Identifier) return text !== '' ? text : undefined;
    text += tokens[i++]!.image;
    while (tokens[i]?.tokenType === Dot && tokens[i + 1]?.tokenType === Identifier) {
      text += `.${tokens[i + 1]!.image}`;
      i += 2;
    }
    return text;
  };
  const alias = (): string | undefined => {
    if (tokens[i]?.image !== 'as' || tokens[i + 1]?.tokenType !== Identifier) return undefined;
    const name = tokens[i + 1]!.image;
    i += 2;
    return name;
  };
  if (first.tokenType === Import && tokens[1]?.tokenType === Identifier) {
    i = 1;
    const imports: Ast.PythonImport[] = [];
    for (;;) {
      const start = tokens[i]!;
      const module = dotted();
      if (!module) return undefined;
      const as = alias();
      const bound = as ?? module.split('.')[0]!;
      imports.push({ kind: 'PythonImport', span: whole, module, names: [{ imported: module, bound, span: span(start, tokens[i - 1]!) }], from: false });
      if (tokens[i]?.tokenType !== Comma) break;
      i++;
    }
    return i === tokens.length ? imports : undefined;
  }
  if (first.tokenType !== Identifier || first.image !== 'from') return undefined;
  i = 1;
  const module = dotted();
  if (!module || tokens[i]?.tokenType !== Import) return undefined;
  i++;
  const names: { imported: string; bound: string; span: Span }[] = [];
  const parenthesised = tokens[i]?.tokenType === LParen;
  if (parenthesised) i++;
  if (tokens[i]?.tokenType === Star) {
    names.push({ imported: '*', bound: '*', span: span(tokens[i]!, tokens[i]!) });
    i++;
  } else {
    while (tokens[i]?.tokenType === Identifier) {
      const start = tokens[i++]!;
      const as = alias();
      names.push({ imported: start.image, bound: as ?? start.image, span: span(start, tokens[i - 1]!) });
      if (tokens[i]?.tokenType !== Comma) break;
      i++;
    }
  }
  if (parenthesised && tokens[i]?.tokenType === RParen && tokens[i]!.image !== '') i++;
  if (names.length === 0 || i !== tokens.length) return undefined;
  return [{ kind: 'PythonImport', span: whole, module, names, from: true }];
}

/** A run of statements that is Python code, and what to call it in the message. */
export interface PythonRegion {
  /** Indexes into the statements: [first, end). */
  readonly first: number;
  readonly end: number;
  /** The first statement (the header: decorators and `def ...:`), where the diagnostic points. */
  readonly header: Span;
  /** The whole region. */
  readonly span: Span;
  readonly what: string;
  /** Set when the block's body is not indented: the region then runs to the end of the file. */
  readonly flattened: boolean;
}

/** Every Python code region, in order. Statements inside one are not parsed. */
export function pythonRegions(statements: readonly LexedStatement[], file: string): PythonRegion[] {
  const regions: PythonRegion[] = [];
  // A statement with no tokens (only a stray closing bracket) never ends a block.
  const column = (k: number) => statements[k]!.column;
  for (let i = 0; i < statements.length; ) {
    if (!isPythonCode(statements[i]!.tokens)) {
      i++;
      continue;
    }
    const first = i;
    const indent = column(i);
    let flattened = false;
    let headerEnd = i;
    let j = i;
    for (;;) {
      const tokens = statements[j]!.tokens;
      const decorator = isDecorator(tokens);
      if (j === first || decorator) headerEnd = j;
      j++;
      if (decorator && j < statements.length) continue;
      if (!opensBlock(tokens) || j >= statements.length) break;
      if (column(j) > indent) {
        while (j < statements.length && column(j) > indent) j++;
      } else {
        flattened = true;
        j = statements.length;
        break;
      }
      if (j < statements.length && column(j) === indent && isClause(statements[j]!.tokens)) continue;
      break;
    }
    // The header ends at the decorated definition, if any.
    if (isDecorator(statements[headerEnd]!.tokens) && headerEnd + 1 < j) headerEnd++;
    regions.push({
      first,
      end: j,
      header: spanOf(statements, first, headerEnd + 1, file),
      span: spanOf(statements, first, j, file),
      what: describe(statements, first, headerEnd),
      flattened,
    });
    i = j;
  }
  return regions;
}

/** A statement (docstring) that is only string literals: Python evaluates it to nothing, and so does flyimgc. */
export function isDocstring(tokens: readonly IToken[]): boolean {
  return tokens.length > 0 && tokens.every((t) => t.tokenType === StringLiteral);
}

export function isPythonCode(tokens: readonly IToken[]): boolean {
  const first = tokens[0];
  if (!first) return false;
  if (isDecorator(tokens)) return true;
  if (pythonImport(tokens, '') !== undefined) return false;
  // `print = ...` or `pass = ...` would be a (strange) binding: Python refuses the keywords, not flyimgc.
  if (first.tokenType === Identifier && (PYTHON_KEYWORDS.has(first.image) || first.image === 'print') && tokens[1]?.tokenType !== Equals) return first.image !== 'print' || tokens[1]?.tokenType === LParen;
  if (tokens.some((t) => t.tokenType === Identifier && PYTHON_KEYWORDS.has(t.image) && t.image !== 'from')) return true;
  return isPythonCall(tokens) || callsFlyteRuntime(tokens);
}

/** `run = flyte.with_runcontext(...)...`: a binding to a call of flyte's runtime (init, run, deploy...). */
function callsFlyteRuntime(tokens: readonly IToken[]): boolean {
  const [name, equals, module, dot, member, paren] = tokens;
  return (
    name?.tokenType === Identifier && equals?.tokenType === Equals && module?.image === 'flyte' && dot?.tokenType === Dot &&
    member?.tokenType === Identifier && FLYTE_RUNTIME_FUNCTIONS.includes(member.image) && paren?.tokenType === LParen
  );
}

/**
 * A call on its own that is not an image (`flyte.init_from_config(...)`, `run.wait()`): code that does
 * something. An unbound `Image...` chain is left to the parser, which says to give it a name (FLY1005).
 */
function isPythonCall(tokens: readonly IToken[]): boolean {
  const first = tokens[0]!;
  if (first.tokenType !== Identifier || first.image === 'Image') return false;
  if (first.image === 'flyte' && tokens[1]?.tokenType === Dot && tokens[2]?.image === 'Image') return false;
  let depth = 0;
  let calls = false;
  for (const t of tokens) {
    if (OPENERS.has(t.tokenType)) depth++;
    else if (CLOSERS.has(t.tokenType)) depth--;
    else if (depth === 0 && t.tokenType === Equals) return false;
    if (t.tokenType === LParen) calls = true;
  }
  return calls;
}

function isDecorator(tokens: readonly IToken[]): boolean {
  return tokens[0]?.tokenType === Operator && tokens[0].image === '@';
}

function opensBlock(tokens: readonly IToken[]): boolean {
  const first = tokens[0];
  // An empty statement (a lone decorator's successor, found by the fuzz test) opens nothing.
  if (!first) return false;
  const last = [...tokens].reverse().find((t) => t.image !== '');
  return first.tokenType === Identifier && BLOCK_KEYWORDS.has(first.image) && last?.tokenType === Colon;
}

function isClause(tokens: readonly IToken[]): boolean {
  const first = tokens[0];
  return first?.tokenType === Identifier && CLAUSE_KEYWORDS.has(first.image);
}

function spanOf(statements: readonly LexedStatement[], from: number, to: number, file: string): Span {
  const start = statements[from]!.tokens[0]!.startOffset;
  let end = start;
  for (let k = from; k < to; k++) for (const t of statements[k]!.tokens) if (t.image !== '' && Number.isFinite(t.startOffset)) end = Math.max(end, tokenEnd(t));
  return { file, start, end };
}

/** `the function \`train\``, `an \`if\` block`: what the user sees first. */
function describe(statements: readonly LexedStatement[], first: number, header: number): string {
  const tokens = statements[header]!.tokens;
  const decorated = isDecorator(statements[first]!.tokens) ? 'the decorated ' : 'the ';
  const words = tokens.filter((t) => t.tokenType === Identifier).map((t) => t.image);
  const defAt = words.indexOf('def');
  if (defAt >= 0 && words[defAt + 1]) return `${decorated}function \`${words[defAt + 1]}\``;
  const classAt = words.indexOf('class');
  if (classAt >= 0 && words[classAt + 1]) return `${decorated}class \`${words[classAt + 1]}\``;
  if (isDecorator(tokens)) return 'a decorator';
  const keyword = tokens[0]?.tokenType === Identifier ? tokens[0].image : undefined;
  if (keyword && BLOCK_NAMES[keyword]) return BLOCK_NAMES[keyword];
  if (keyword === 'print') return 'a `print(...)` call';
  if (keyword && PYTHON_KEYWORDS.has(keyword)) return `${/^[aeiou]/.test(keyword) ? 'an' : 'a'} \`${keyword}\` statement`;
  const inner = words.find((w) => PYTHON_KEYWORDS.has(w));
  if (inner) return `\`${inner}\``;
  const from = tokens[1]?.tokenType === Equals ? 2 : 0;
  const callee = tokens.slice(from, tokens.findIndex((t) => t.tokenType === LParen)).map((t) => t.image).join('');
  return callee !== '' ? `the call \`${callee}(...)\`` : 'this statement';
}
