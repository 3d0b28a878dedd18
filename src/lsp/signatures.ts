/** Which entry of the API table (src/check/api.ts) a call is, and how hover and completion show it. */
import { PATH, SECRET, findConstructor, findMethod, formatSignature, type Param, type Signature } from '../check/api.js';
import type { Resolution } from '../names/resolve.js';
import type * as Ast from '../syntax/ast.js';

export interface Callable {
  readonly signature: Signature;
  /** `Image` for constructors, for `Image.from_base(...)`-style display. */
  readonly owner?: string;
}

export function callableOf(callee: Ast.Expr, resolution: Resolution | undefined): Callable | undefined {
  if (callee.kind === 'Name') return builtinCallable(callee.name, isBuiltin(callee, resolution));
  if (callee.kind !== 'Member') return undefined;
  const name = callee.property.name;
  const object = callee.object;
  if (object.kind === 'Name' && object.name === 'Image' && isBuiltin(object, resolution)) {
    const signature = findConstructor(name);
    return signature ? { signature, owner: 'Image' } : undefined;
  }
  if (object.kind === 'Name' && object.name === 'pathlib' && name === 'Path') return { signature: PATH, owner: 'pathlib' };
  const signature = findMethod(name);
  return signature ? { signature } : undefined;
}

/** By name alone, for completion in text that does not parse yet. */
export function callableNamed(name: string, afterDot: boolean, objectName: string | undefined): Callable | undefined {
  if (!afterDot) return builtinCallable(name, true);
  if (objectName === 'Image') {
    const signature = findConstructor(name);
    return signature ? { signature, owner: 'Image' } : undefined;
  }
  if (objectName === 'pathlib' && name === 'Path') return { signature: PATH, owner: 'pathlib' };
  const signature = findMethod(name);
  return signature ? { signature } : undefined;
}

function builtinCallable(name: string, builtin: boolean): Callable | undefined {
  if (!builtin) return undefined;
  if (name === 'Secret') return { signature: SECRET };
  if (name === 'Path') return { signature: PATH };
  return undefined;
}

/** A name that is not shadowed by a binding (resolution unknown: assume the builtin). */
function isBuiltin(name: Ast.Name, resolution: Resolution | undefined): boolean {
  const referent = resolution?.referents.get(name);
  return referent === undefined || referent.kind === 'builtin';
}

export function signatureMarkdown(callable: Callable, highlight?: string): string {
  const { signature } = callable;
  const params = signature.params.map((p) => {
    const text = `\`${paramLabel(p)}\`: ${p.doc}`;
    return `- ${p.name === highlight ? `**${text}**` : text}`;
  });
  const parts = [codeBlock(formatSignature(signature, callable.owner)), signature.doc];
  if (params.length > 0) parts.push(params.join('\n'));
  return parts.join('\n\n');
}

export function paramMarkdown(callable: Callable, param: Param): string {
  return [codeBlock(`${paramLabel(param)}`), param.doc, `Parameter of \`${formatSignature(callable.signature, callable.owner)}\`: ${kindText(param)}.`].join('\n\n');
}

export function paramLabel(p: Param): string {
  if (p.kind === 'varargs') return `*${p.name}`;
  return p.default !== undefined ? `${p.name}=${p.default}` : p.name;
}

function kindText(p: Param): string {
  if (p.kind === 'varargs') return 'any number of positional arguments';
  if (p.kind === 'keyword-only') return `keyword only, ${p.default !== undefined ? 'optional' : 'required'}`;
  return p.default !== undefined ? 'optional' : 'required';
}

export function codeBlock(text: string, language = 'python'): string {
  return `\`\`\`${language}\n${text}\n\`\`\``;
}
