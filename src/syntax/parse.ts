/** Source text → AST and syntax diagnostics. The only entry point of the `syntax/` folder. */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { SourceFile } from '../source.js';
import type * as Ast from './ast.js';
import { lex } from './lexer.js';
import { parseStatement } from './parser.js';
import { statementToAst } from './toAst.js';
import { Identifier, Import, NumberLiteral, StringLiteral, UnterminatedString, tokenEnd } from './tokens.js';

export interface Parsed {
  readonly ast: Ast.FileNode;
  readonly diagnostics: readonly Diagnostic[];
}

/** Python statements that people paste by accident, named in the message. */
const PYTHON_STATEMENTS = new Set(['def', 'class', 'for', 'while', 'if', 'with', 'return', 'lambda', 'try', 'async', 'assert', 'del', 'global', 'print']);

export function parseSource(source: SourceFile): Parsed {
  const file = source.path;
  const lexed = lex(source);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const lexicalProblemAt = [...lexed.diagnostics].map((d) => d.primary?.span.start ?? -1);
  const statements: Ast.Statement[] = [];

  for (const { tokens, poisoned } of lexed.statements) {
    const first = tokens[0]!;
    const last = tokens[tokens.length - 1]!;
    const span: Span = { file, start: first.startOffset, end: Math.max(first.startOffset, tokenEnd(last)) };
    if (poisoned) continue;
    if (first.tokenType === Identifier && first.image === 'from' && tokens.some((t) => t.tokenType === Import)) {
      diagnostics.push(diag.pythonImport(span));
      continue;
    }
    if (first.tokenType === Identifier && PYTHON_STATEMENTS.has(first.image) && tokens[1]?.tokenType !== undefined && tokens[1].image !== '=') {
      diagnostics.push(diag.unsupportedSyntax(span, `a Python \`${first.image}\` statement`, 'a .flyimg file holds only `name = ...` bindings and `import "file.flyimg"` lines'));
      continue;
    }
    const parsed = parseStatement(tokens);
    const explained = lexicalProblemAt.some((at) => at >= span.start && at <= span.end) || tokens.some((t) => lexed.synthetic.has(t) || t.tokenType === UnterminatedString);
    const firstError = parsed.errors[0];
    if (firstError && !explained) diagnostics.push(syntaxError(firstError, file, span, lexed.synthetic));
    const ctx = { file, fallback: span, diagnostics, tooDeepReported: false };
    const statement = statementToAst(parsed.cst, ctx);
    if (statement) statements.push(statement);
  }

  const comments: Ast.Comment[] = lexed.comments.map((t) => ({ kind: 'Comment', span: { file, start: t.startOffset, end: tokenEnd(t) }, text: t.image.slice(1) }));
  const ast: Ast.FileNode = { kind: 'File', span: { file, start: 0, end: source.text.length }, statements, comments };
  return { ast, diagnostics };
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
