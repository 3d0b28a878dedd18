/** Source text → AST and syntax diagnostics. The only entry point of the `syntax/` folder. */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { SourceFile } from '../source.js';
import type * as Ast from './ast.js';
import { CleanStatements, lex, type Lexed, type LexedStatement } from './lexer.js';
import { DECLINED, END } from './directLexer.js';
import { parseStatement } from './parser.js';
import { parseDirectly } from './directParser.js';
import { statementToAst } from './toAst.js';
import { isDocstring, isPythonCode, pythonImport, pythonRegions, type PythonRegion } from './python.js';
import { Identifier, NumberLiteral, Operator, StringLiteral, UnterminatedString, tokenEnd } from './tokens.js';
import { positionAt } from '../source.js';
import { isKnownModule } from './builtins.js';
import { pushAll } from '../util/pushAll.js';

export interface Parsed {
  readonly ast: Ast.FileNode;
  readonly diagnostics: readonly Diagnostic[];
}

/** One statement's syntax: its AST (absent when nothing could be made of it) and the problems found in it. */
export interface ParsedStatement {
  readonly statement: Ast.Statement | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * How a statement is parsed: `parse` does it; an incremental caller may instead return what it parsed
 * before from the same tokens (its spans moved), which is what `parse` would return (see src/incremental/).
 * `explained` says that the statement's problems were already reported (its syntax error is not).
 */
export type StatementParser = (tokens: readonly IToken[], explained: boolean, synthetic: ReadonlySet<IToken>, parse: () => ParsedStatement) => ParsedStatement;

const parseEveryStatement: StatementParser = (_tokens, _explained, _synthetic, parse) => parse();

/**
 * `lexed` is `lex(source)`, or what an incremental caller made equal to it (src/incremental/relex.ts).
 * Without it, a text in which lexing and layout find no problem and that holds no Python code (nearly every
 * file) is lexed and parsed statement by statement (`parseCleanText`); any other is lexed whole first.
 */
export function parseSource(source: SourceFile, parseOne: StatementParser = parseEveryStatement, lexed?: Lexed): Parsed {
  if (lexed) return parseLexed(source, parseOne, lexed);
  return parseCleanText(source, parseOne) ?? parseLexed(source, parseOne, lex(source));
}

/** What parsing a file collects, statement by statement. */
interface Collected {
  readonly file: string;
  readonly parseOne: StatementParser;
  readonly synthetic: ReadonlySet<IToken>;
  /** Where the lexer reported a problem, sorted. */
  readonly lexicalProblemAt: readonly number[];
  readonly diagnostics: Diagnostic[];
  readonly statements: Ast.Statement[];
  readonly pythonImports: Ast.PythonImport[];
}

const NO_TOKENS: ReadonlySet<IToken> = new Set();

/**
 * `parseSource` of a text `CleanStatements` takes, each statement's tokens made, parsed and let go in turn;
 * undefined when the text has a lexical or bracket problem, or Python code (whose regions are found over the
 * whole file first). What it returns is what `parseLexed` returns for `lex(source)` (test/syntax/parse.test.ts).
 */
export function parseCleanText(source: SourceFile, parseOne: StatementParser = parseEveryStatement): Parsed | undefined {
  const reader = new CleanStatements(source.text);
  const into: Collected = { file: source.path, parseOne, synthetic: NO_TOKENS, lexicalProblemAt: [], diagnostics: [], statements: [], pythonImports: [] };
  for (let statement = reader.next(); statement !== END; statement = reader.next()) {
    // Python code starts a region that can reach over the statements after it: those go the whole-file way.
    if (statement === DECLINED || isPythonCode(statement.tokens)) return undefined;
    takeStatement(statement, into);
  }
  return finish(source, into, reader.comments);
}

function parseLexed(source: SourceFile, parseOne: StatementParser, lexed: Lexed): Parsed {
  const file = source.path;
  const regions = pythonRegions(lexed.statements, file);
  // A region reaches up to the next statement: characters the lexer dropped at the end of its last line are in it.
  // Regions are in order and do not overlap: a binary search keeps this linear in hostile input.
  const reach = regions.map((r) => ({ start: r.span.start, end: lexed.statements[r.end]?.tokens[0]?.startOffset ?? Infinity }));
  const starts = reach.map((r) => r.start);
  const inRegion = (at: number) => {
    const k = lastAtOrBefore(starts, at);
    return k >= 0 && at < reach[k]!.end;
  };
  // Characters that only Python code uses are not reported one by one inside Python code.
  const diagnostics: Diagnostic[] = lexed.diagnostics.filter((d) => d.code !== 'FLY0003' || !inRegion(d.primary?.span.start ?? -1));
  const lexicalProblemAt = lexed.diagnostics.map((d) => d.primary?.span.start ?? -1).sort((a, b) => a - b);
  const into: Collected = { file, parseOne, synthetic: lexed.synthetic, lexicalProblemAt, diagnostics, statements: [], pythonImports: [] };

  if (regions.length > 0) diagnostics.push(pythonCodeDiagnostic(regions, source));
  let region = 0;
  // Each statement's tokens are let go once it is parsed, so a large file's tokens and its whole AST never
  // live side by side (at 110,000 lines: ~90 MiB of tokens).
  const pending = lexed.statements;
  pending.forEach((statement, index) => {
    pending[index] = PARSED;
    while (region < regions.length && regions[region]!.end <= index) region++;
    if (region < regions.length && regions[region]!.first <= index) return;
    takeStatement(statement, into);
  });
  return finish(source, into, lexed.comments);
}

/** One statement outside Python code: its AST (or Python import lines) and its problems, into `into`. */
function takeStatement({ tokens: written, poisoned, diagnostics: layout }: LexedStatement, into: Collected): void {
  const { file, diagnostics } = into;
  pushAll(diagnostics, layout);
  if (poisoned || written.length === 0) return;
  if (isDocstring(written)) return;
  const imported = pythonImport(written, file);
  if (imported) {
    for (const line of imported) {
      into.pythonImports.push(line);
      if (!isKnownModule(line.module)) diagnostics.push(diag.pythonImport(line.span, line.module, flyimgPathFor(line)));
    }
    return;
  }
  // Operators no construct uses: each is an unexpected character, and the statement is parsed without it.
  // (Copied only when there is one: this runs for every statement of the file on every keystroke.)
  const tokens = !written.some((t) => t.tokenType === Operator)
    ? written
    : written.filter((t) => {
        if (t.tokenType !== Operator) return true;
        diagnostics.push(diag.unexpectedCharacter({ file, start: t.startOffset, end: tokenEnd(t) }, t.image));
        return false;
      });
  if (tokens.length === 0) return;
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const span: Span = { file, start: first.startOffset, end: Math.max(first.startOffset, tokenEnd(last)) };
  const synthetic = into.synthetic;
  const explained =
    layout.length > 0 || written.length !== tokens.length || anyWithin(into.lexicalProblemAt, span.start, span.end) || tokens.some((t) => synthetic.has(t) || t.tokenType === UnterminatedString);
  const result = into.parseOne(tokens, explained, synthetic, () => {
    // Most statements have no mistake: those are parsed straight to their AST (directParser.ts).
    const direct = parseDirectly(tokens, file);
    if (direct) return { statement: direct, diagnostics: [] };
    const found: Diagnostic[] = [];
    const parsed = parseStatement(tokens);
    const firstError = parsed.errors[0];
    if (firstError && !explained) found.push(syntaxError(firstError, file, span, synthetic));
    const ctx = { file, fallback: span, diagnostics: found, tooDeepReported: false };
    return { statement: statementToAst(parsed.cst, ctx), diagnostics: found };
  });
  pushAll(diagnostics, result.diagnostics);
  if (result.statement) into.statements.push(result.statement);
}

function finish(source: SourceFile, into: Collected, commentTokens: readonly IToken[]): Parsed {
  const { file, statements, pythonImports } = into;
  const comments: Ast.Comment[] = commentTokens.map((t) => ({ kind: 'Comment', span: { file, start: t.startOffset, end: tokenEnd(t) }, text: t.image.slice(1) }));
  const ast: Ast.FileNode = { kind: 'File', span: { file, start: 0, end: source.text.length }, statements, comments, ...(pythonImports.length > 0 ? { pythonImports } : {}) };
  return { ast, diagnostics: into.diagnostics };
}

const PARSED: LexedStatement = { tokens: [], poisoned: true, diagnostics: [], column: Number.MAX_SAFE_INTEGER };

/** One diagnostic for all the Python code of a file, at the first piece, naming the others. */
function pythonCodeDiagnostic(regions: readonly PythonRegion[], source: SourceFile): Diagnostic {
  const first = regions[0]!;
  const line = (at: number) => positionAt(source, at).line;
  const lines = (r: PythonRegion) => (line(r.span.start) === line(r.span.end) ? `line ${line(r.span.start)}` : `lines ${line(r.span.start)}–${line(r.span.end)}`);
  const all = [...regions.slice(0, 5).map(lines), ...(regions.length > 5 ? [`and ${regions.length - 5} more`] : [])].join(', ');
  const help = `a .flyimg file keeps only image definitions: the \`name = flyte.Image...\` and \`name = flyte.TaskEnvironment(...)\` bindings, the values they use, and imports. Delete the Python code (${all})`;
  const flattened = regions.find((r) => r.flattened);
  return diag.pythonCode(first.header, first.what, help, regions.slice(1, 6).map((r) => r.header), flattened ? line(flattened.span.start) : undefined);
}

/** `from workflow_code.envs import x` → `workflow_code/envs.flyimg`, for the help text. */
function flyimgPathFor(line: Ast.PythonImport): string {
  const dots = /^\.*/.exec(line.module)![0].length;
  const rest = line.module.slice(dots).split('.').filter((p) => p !== '');
  const parts = rest.length > 0 ? rest : line.from ? [line.names[0]?.imported ?? 'other'] : ['other'];
  const up = dots > 1 ? '../'.repeat(dots - 1) : '';
  return `${up}${parts.join('/')}.flyimg`;
}

/** The index of the last value of a sorted list that is at most `at`, or -1. */
function lastAtOrBefore(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Whether a sorted list holds a value in [from, to]. */
function anyWithin(sorted: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= to;
}

function syntaxError(error: IRecognitionException, file: string, statement: Span, synthetic: ReadonlySet<IToken>): Diagnostic {
  const token = error.token;
  const atEnd = !Number.isFinite(token.startOffset) || token.image === '' || synthetic.has(token);
  if (atEnd) {
    const previous = (error as { previousToken?: IToken }).previousToken;
    const at = previous && Number.isFinite(previous.startOffset) ? tokenEnd(previous) : statement.end;
    const found = synthetic.has(token) ? 'the end of the brackets' : 'the end of the line';
    return diag.unexpectedToken({ file, start: at, end: at }, found, error.message);
  }
  return diag.unexpectedToken({ file, start: token.startOffset, end: tokenEnd(token) }, describeToken(token), error.message);
}

function describeToken(token: IToken): string {
  const type = token.tokenType;
  if (type === StringLiteral || type === UnterminatedString) return 'a string';
  if (type === Identifier) return `\`${token.image}\``;
  if (type === NumberLiteral) return `the number \`${token.image}\``;
  return `\`${token.image}\``;
}
