/**
 * Completion from the API table: constructors after `Image.`, methods after an image, keyword arguments
 * inside a call, and names where a value starts. The text being typed rarely parses, so the context comes
 * from the tokens before the cursor; which names are images comes from the last analysis.
 */
import type { IToken } from 'chevrotain';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Analysis } from '../analyze.js';
import { CONSTRUCTORS, CONSTRUCTOR_NAMES, METHODS, METHOD_NAMES, PATH, formatSignature, type Signature } from '../check/api.js';
import { BUILTIN_NAMES } from '../syntax/builtins.js';
import type * as Ast from '../syntax/ast.js';
import { lex } from '../syntax/lexer.js';
import { CLOSING, Comma, Dot, Equals, Identifier, LBrace, LBracket, LParen, OPENING, RParen, UnterminatedString, StringLiteral, tokenEnd } from '../syntax/tokens.js';
import { callableNamed, paramLabel } from './signatures.js';
import type { Workspace } from './workspace.js';

export function complete(workspace: Workspace, path: string, offset: number): CompletionItem[] {
  const document = workspace.document(path);
  if (!document) return [];
  const prefix = document.getText().slice(0, offset);
  const lexed = lex({ path, text: prefix });
  if (lexed.comments.some((c) => tokenEnd(c) >= offset)) return [];
  // Only the statement being written: an earlier one left unclosed was cut off by the lexer already.
  const tokens = (lexed.statements[lexed.statements.length - 1]?.tokens ?? []).filter((t) => t.image !== '');
  let last = tokens[tokens.length - 1];
  if (last && (last.tokenType === UnterminatedString || (last.tokenType === StringLiteral && tokenEnd(last) === offset))) return [];
  // The word being typed is replaced by the completion; the context is what comes before it.
  if (last && /^[A-Za-z_]\w*$/.test(last.image) && tokenEnd(last) === offset) {
    tokens.pop();
    last = tokens[tokens.length - 1];
  }
  const analysis = workspace.analysis(path);
  if (last?.tokenType === Dot) return afterDot(tokens, tokens.length - 2, analysis, path);
  const items: CompletionItem[] = [];
  const call = enclosingCall(tokens);
  if (call && (last?.tokenType === LParen || last?.tokenType === Comma)) items.push(...keywordItems(call, tokens));
  if (!last || startsValue(last)) items.push(...nameItems(analysis, path));
  return items;
}

function afterDot(tokens: readonly IToken[], at: number, analysis: Analysis, path: string): CompletionItem[] {
  const before = tokens[at];
  if (!before) return [];
  if (before.tokenType === Identifier) {
    if (before.image === 'Image') return CONSTRUCTORS.map((s) => signatureItem(s, 'Image', CompletionItemKind.Constructor));
    if (before.image === 'pathlib') return [signatureItem(PATH, 'pathlib', CompletionItemKind.Class)];
    const binding = visibleBindings(analysis, path).get(before.image);
    const value = binding ? analysis.model.values.get(binding) : undefined;
    return value?.kind === 'image' ? methodItems() : [];
  }
  if (before.tokenType === RParen) {
    const open = matchingOpen(tokens, at);
    const callee = tokens[open - 1];
    const dot = tokens[open - 2];
    if (callee?.tokenType === Identifier && dot?.tokenType === Dot && (CONSTRUCTOR_NAMES.includes(callee.image) || METHOD_NAMES.includes(callee.image))) return methodItems();
    // A call the compiler rejects (a misspelt method, bad arguments) still continues an image chain.
    if (callee?.tokenType === Identifier && dot?.tokenType === Dot && chainIsImage(tokens, open - 2, analysis, path)) return methodItems();
  }
  return [];
}

/** Whether the chain ending with the `.` at `dot` starts at `Image` or at an image binding. */
function chainIsImage(tokens: readonly IToken[], dot: number, analysis: Analysis, path: string): boolean {
  let at = dot - 1;
  for (;;) {
    const token = tokens[at];
    if (!token) return false;
    if (token.tokenType === RParen) {
      at = matchingOpen(tokens, at) - 1;
      continue;
    }
    if (token.tokenType !== Identifier) return false;
    if (tokens[at - 1]?.tokenType === Dot) {
      at -= 2;
      continue;
    }
    if (token.image === 'Image') return true;
    const binding = visibleBindings(analysis, path).get(token.image);
    // A binding whose own chain has an error has no value yet; it is taken for the image it is written as.
    const value = binding ? analysis.model.values.get(binding) : undefined;
    return binding !== undefined && (value === undefined || value.kind === 'image');
  }
}

function methodItems(): CompletionItem[] {
  return METHODS.map((s) => signatureItem(s, undefined, CompletionItemKind.Method));
}

function signatureItem(signature: Signature, owner: string | undefined, kind: CompletionItemKind): CompletionItem {
  return {
    label: signature.name,
    kind,
    detail: formatSignature(signature, owner),
    documentation: { kind: MarkupKind.Markdown, value: signature.doc },
    insertText: `${signature.name}($0)`,
    insertTextFormat: InsertTextFormat.Snippet,
  };
}

interface OpenCall {
  /** Index of the call's `(` in the tokens. */
  readonly open: number;
  readonly name: string;
  readonly afterDot: boolean;
  readonly objectName: string | undefined;
}

/** The call whose parentheses the cursor is in, if the innermost open bracket is a call's. */
function enclosingCall(tokens: readonly IToken[]): OpenCall | undefined {
  const open = innermostOpen(tokens);
  if (open < 0 || tokens[open]!.tokenType !== LParen) return undefined;
  const callee = tokens[open - 1];
  if (callee?.tokenType !== Identifier) return undefined;
  const afterDot = tokens[open - 2]?.tokenType === Dot;
  const object = afterDot ? tokens[open - 3] : undefined;
  return { open, name: callee.image, afterDot, objectName: object?.tokenType === Identifier ? object.image : undefined };
}

function keywordItems(call: OpenCall, tokens: readonly IToken[]): CompletionItem[] {
  const callable = callableNamed(call.name, call.afterDot, call.objectName);
  if (!callable) return [];
  const given = new Set<string>();
  let depth = 0;
  for (let i = call.open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (OPENING.has(t.tokenType)) depth++;
    else if (CLOSING.has(t.tokenType)) depth--;
    else if (depth === 0 && t.tokenType === Identifier && tokens[i + 1]?.tokenType === Equals) given.add(t.image);
  }
  return callable.signature.params
    .filter((p) => p.kind !== 'varargs' && !given.has(p.name))
    .map((p, i) => ({
      label: `${p.name}=`,
      kind: CompletionItemKind.Property,
      detail: paramLabel(p),
      documentation: { kind: MarkupKind.Markdown, value: p.doc },
      filterText: p.name,
      insertText: `${p.name}=`,
      // Parameters first, in the order of the signature.
      sortText: `0${String(i).padStart(3, '0')}`,
    }));
}

function nameItems(analysis: Analysis, path: string): CompletionItem[] {
  const bindings = [...visibleBindings(analysis, path)].map(([name, binding]): CompletionItem => {
    const image = analysis.model.values.get(binding)?.kind === 'image';
    return { label: name, kind: image ? CompletionItemKind.Class : CompletionItemKind.Variable, ...(image ? { detail: 'image' } : {}), sortText: `1${name}` };
  });
  const builtins = BUILTIN_NAMES.map((name): CompletionItem => ({ label: name, kind: CompletionItemKind.Module, detail: 'builtin', sortText: `2${name}` }));
  const constants = ['True', 'False', 'None'].map((name): CompletionItem => ({ label: name, kind: CompletionItemKind.Keyword, sortText: `3${name}` }));
  return [...bindings, ...builtins, ...constants];
}

/** The bindings a file may use: its own and those of the files it imports. */
function visibleBindings(analysis: Analysis, path: string): Map<string, Ast.Binding> {
  const visible = new Map<string, Ast.Binding>();
  const file = analysis.program.files.get(path);
  for (const { target } of file?.imports ?? []) if (target) for (const [name, b] of analysis.resolution.bindings.get(target) ?? []) visible.set(name, b);
  for (const [name, b] of analysis.resolution.bindings.get(path) ?? []) visible.set(name, b);
  return visible;
}

function startsValue(token: IToken): boolean {
  return [Equals, Comma, LParen, LBracket, LBrace].includes(token.tokenType) || token.image === ':' || token.image === '/';
}

/** Index of the last bracket opened and not closed before the cursor, or -1. */
function innermostOpen(tokens: readonly IToken[]): number {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (CLOSING.has(type)) depth++;
    else if (OPENING.has(type)) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function matchingOpen(tokens: readonly IToken[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (CLOSING.has(type)) depth++;
    else if (OPENING.has(type) && --depth === 0) return i;
  }
  return -1;
}
