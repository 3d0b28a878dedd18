/**
 * Concrete syntax tree of one statement → AST. Written defensively: after error recovery any child may be
 * absent, and a gap becomes a `Missing` node (the syntax error itself was already reported).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type * as Ast from './ast.js';
import { decodeStringLiteral } from './strings.js';
import { False, NumberLiteral, True, UnterminatedString, tokenEnd } from './tokens.js';

/** Chains and nesting deeper than this are refused, so no later recursive pass can run out of stack. */
export const MAX_EXPRESSION_DEPTH = 1000;

export interface AstContext {
  readonly file: string;
  /** Used where recovery left no position at all. */
  readonly fallback: Span;
  readonly diagnostics: Diagnostic[];
  tooDeepReported: boolean;
}

export function statementToAst(cst: CstNode, ctx: AstContext): Ast.Statement | undefined {
  const importToken = firstToken(cst.children['Import']);
  if (importToken) {
    const literal = firstNode(cst.children['stringLiteral']);
    if (literal) {
      const path = stringLiteral(literal, ctx);
      return { kind: 'Import', span: spanFrom(ctx, tokenSpan(ctx, importToken), path.span), path };
    }
    // `import flyte` lines are recognised before parsing (python.ts); what reaches here did not parse.
    return undefined;
  }
  const targetCst = firstNode(cst.children['target']);
  if (!targetCst) return undefined;
  const target = expression(targetCst, ctx, 0);
  const equals = firstToken(cst.children['Equals']);
  if (!equals) {
    if (target.kind !== 'Missing') ctx.diagnostics.push(diag.expectedBinding(target.span));
    return undefined;
  }
  const valueCst = firstNode(cst.children['value']);
  const value: Ast.Expr = valueCst ? expression(valueCst, ctx, 0) : missing(ctx, tokenSpan(ctx, equals).end);
  if (target.kind !== 'Name') {
    if (target.kind !== 'Missing') {
      ctx.diagnostics.push(diag.unsupportedSyntax(target.span, 'assigning to anything but a plain name', 'bind a plain name, e.g. `app = ...`'));
    }
    return undefined;
  }
  const name: Ast.Identifier = { kind: 'Identifier', span: target.span, name: target.name };
  return { kind: 'Binding', span: spanFrom(ctx, target.span, value.span), name, value };
}

function expression(cst: CstNode, ctx: AstContext, depth: number): Ast.Expr {
  const parts = nodes(cst.children['postfix']);
  const first = parts[0];
  if (!first) return missing(ctx, nodeSpan(ctx, cst).start);
  let result = postfix(first, ctx, depth);
  for (const part of parts.slice(1)) {
    depth++;
    if (depth > MAX_EXPRESSION_DEPTH) return tooDeep(ctx, nodeSpan(ctx, cst));
    const right = postfix(part, ctx, depth);
    result = { kind: 'PathJoin', span: spanFrom(ctx, result.span, right.span), left: result, right };
  }
  return result;
}

function postfix(cst: CstNode, ctx: AstContext, depth: number): Ast.Expr {
  const primaryCst = firstNode(cst.children['primary']);
  let result: Ast.Expr = primaryCst ? primary(primaryCst, ctx, depth + 1) : missing(ctx, nodeSpan(ctx, cst).start);
  for (const trailerCst of nodes(cst.children['trailer'])) {
    depth++;
    if (depth > MAX_EXPRESSION_DEPTH) return tooDeep(ctx, nodeSpan(ctx, cst));
    const span = spanFrom(ctx, result.span, nodeSpan(ctx, trailerCst));
    const name = firstToken(trailerCst.children['Identifier']);
    if (firstToken(trailerCst.children['Dot'])) {
      const property: Ast.Identifier = name && !name.isInsertedInRecovery
        ? { kind: 'Identifier', span: tokenSpan(ctx, name), name: name.image }
        : { kind: 'Identifier', span: { file: ctx.file, start: span.end, end: span.end }, name: '' };
      result = { kind: 'Member', span, object: result, property };
    } else if (firstToken(trailerCst.children['LParen'])) {
      const argsCst = firstNode(trailerCst.children['arguments']);
      result = { kind: 'Call', span, callee: result, args: argsCst ? argumentList(argsCst, ctx, depth + 1) : [] };
    } else {
      const bracket = firstToken(trailerCst.children['subscript']);
      ctx.diagnostics.push(
        diag.unsupportedSyntax(bracket ? spanFrom(ctx, tokenSpan(ctx, bracket), nodeSpan(ctx, trailerCst)) : span, 'indexing with `[...]`', 'write the value itself'),
      );
      result = { kind: 'Missing', span };
    }
  }
  return result;
}

function argumentList(cst: CstNode, ctx: AstContext, depth: number): Ast.Arg[] {
  const args: Ast.Arg[] = [];
  let firstKeyword: Span | undefined;
  for (const argCst of nodes(cst.children['argument'])) {
    const span = nodeSpan(ctx, argCst);
    const keyword = firstToken(argCst.children['keyword']);
    const valueCst = firstNode(argCst.children['expression']);
    const value = valueCst ? expression(valueCst, ctx, depth) : missing(ctx, span.end);
    if (keyword) {
      const name: Ast.Identifier = { kind: 'Identifier', span: tokenSpan(ctx, keyword), name: keyword.image };
      firstKeyword ??= name.span;
      args.push({ kind: 'Keyword', span, name, value });
      continue;
    }
    const star = firstToken(argCst.children['Star']);
    if (star) {
      ctx.diagnostics.push(diag.unsupportedSyntax(spanFrom(ctx, tokenSpan(ctx, star), value.span), `argument unpacking with \`${star.image}\``, 'pass the items as separate arguments'));
      args.push({ kind: 'Positional', span, value: { kind: 'Missing', span } });
      continue;
    }
    if (firstKeyword && value.kind !== 'Missing') ctx.diagnostics.push(diag.positionalAfterKeyword(span, firstKeyword));
    args.push({ kind: 'Positional', span, value });
  }
  return args;
}

function primary(cst: CstNode, ctx: AstContext, depth: number): Ast.Expr {
  const span = nodeSpan(ctx, cst);
  const identifier = firstToken(cst.children['Identifier']);
  if (identifier) return identifier.isInsertedInRecovery ? missing(ctx, span.start) : { kind: 'Name', span: tokenSpan(ctx, identifier), name: identifier.image };
  const str = firstNode(cst.children['stringLiteral']);
  if (str) return stringLiteral(str, ctx);
  const num = firstToken(cst.children[NumberLiteral.name]);
  if (num) {
    if (num.isInsertedInRecovery) return missing(ctx, span.start);
    const isInteger = !num.image.includes('.');
    return { kind: 'Num', span: tokenSpan(ctx, num), value: Number(num.image), text: num.image, isInteger };
  }
  const t = firstToken(cst.children[True.name]) ?? firstToken(cst.children[False.name]);
  if (t) return { kind: 'Bool', span: tokenSpan(ctx, t), value: t.tokenType === True };
  const none = firstToken(cst.children['None']);
  if (none) return { kind: 'None', span: tokenSpan(ctx, none) };
  const paren = firstNode(cst.children['parenthesized']);
  if (paren) {
    const itemsCst = firstNode(paren.children['items']);
    const items = itemsCst ? itemList(itemsCst, ctx, depth) : [];
    const isTuple = !itemsCst || items.length !== 1 || firstToken(itemsCst.children['trailingComma']) !== undefined;
    if (isTuple) return { kind: 'Tuple', span: nodeSpan(ctx, paren), items };
    return items[0]!;
  }
  const list = firstNode(cst.children['list']);
  if (list) {
    const itemsCst = firstNode(list.children['items']);
    return { kind: 'List', span: nodeSpan(ctx, list), items: itemsCst ? itemList(itemsCst, ctx, depth) : [] };
  }
  const dict = firstNode(cst.children['dict']);
  if (dict) {
    const entries = nodes(dict.children['entry']).map((entryCst): Ast.DictEntry => {
      const keyCst = firstNode(entryCst.children['key']);
      const valueCst = firstNode(entryCst.children['value']);
      const entrySpan = nodeSpan(ctx, entryCst);
      return {
        span: entrySpan,
        key: keyCst ? expression(keyCst, ctx, depth + 1) : missing(ctx, entrySpan.start),
        value: valueCst ? expression(valueCst, ctx, depth + 1) : missing(ctx, entrySpan.end),
      };
    });
    return { kind: 'Dict', span: nodeSpan(ctx, dict), entries };
  }
  return missing(ctx, span.start);
}

function itemList(cst: CstNode, ctx: AstContext, depth: number): Ast.Expr[] {
  return nodes(cst.children['expression']).map((e) => expression(e, ctx, depth + 1));
}

function stringLiteral(cst: CstNode, ctx: AstContext): Ast.Str {
  const tokens = [...tokensOf(cst.children['StringLiteral']), ...tokensOf(cst.children['UnterminatedString'])]
    .filter((t) => !t.isInsertedInRecovery)
    .sort((a, b) => a.startOffset - b.startOffset);
  let value = '';
  let unsupportedPrefix: Ast.Str['unsupportedPrefix'];
  for (const token of tokens) {
    const decoded = decodeStringLiteral(token.image, ctx.file, token.startOffset, token.tokenType !== UnterminatedString);
    value += decoded.value;
    ctx.diagnostics.push(...decoded.diagnostics);
    if (/[fb]/.test(decoded.prefix)) unsupportedPrefix ??= { prefix: decoded.prefix, span: tokenSpan(ctx, token) };
  }
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const span = first && last ? { file: ctx.file, start: first.startOffset, end: tokenEnd(last) } : nodeSpan(ctx, cst);
  const unterminated = tokens.some((t) => t.tokenType === UnterminatedString);
  return { kind: 'Str', span, value, ...(unsupportedPrefix ? { unsupportedPrefix } : {}), ...(unterminated ? { unterminated } : {}) };
}

function tooDeep(ctx: AstContext, span: Span): Ast.Missing {
  if (!ctx.tooDeepReported) {
    ctx.diagnostics.push(diag.nestingTooDeep(span, 'chain', MAX_EXPRESSION_DEPTH));
    ctx.tooDeepReported = true;
  }
  return { kind: 'Missing', span };
}

function missing(ctx: AstContext, at: number): Ast.Missing {
  const offset = Number.isFinite(at) ? at : ctx.fallback.end;
  return { kind: 'Missing', span: { file: ctx.file, start: offset, end: offset } };
}

function isToken(element: CstElement): element is IToken {
  return 'image' in element;
}

function nodes(elements: CstElement[] | undefined): CstNode[] {
  return (elements ?? []).filter((e): e is CstNode => !isToken(e));
}

function tokensOf(elements: CstElement[] | undefined): IToken[] {
  return (elements ?? []).filter(isToken);
}

function firstNode(elements: CstElement[] | undefined): CstNode | undefined {
  return nodes(elements)[0];
}

function firstToken(elements: CstElement[] | undefined): IToken | undefined {
  return tokensOf(elements)[0];
}

function tokenSpan(ctx: AstContext, token: IToken): Span {
  if (!Number.isFinite(token.startOffset)) return ctx.fallback;
  return { file: ctx.file, start: token.startOffset, end: tokenEnd(token) };
}

function nodeSpan(ctx: AstContext, node: CstNode): Span {
  const location = node.location;
  if (location && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset)) {
    return { file: ctx.file, start: location.startOffset, end: Math.max(location.startOffset, tokenEnd({ startOffset: location.startOffset, endOffset: location.endOffset, image: '' })) };
  }
  return ctx.fallback;
}

function spanFrom(ctx: AstContext, from: Span, to: Span): Span {
  return { file: ctx.file, start: Math.min(from.start, to.start), end: Math.max(from.end, to.end) };
}
