/**
 * Python's argument binding for one call: positional arguments fill parameters in order, `*varargs`
 * takes the rest, keywords go by name. Reports unknown keywords, duplicates, missing and extra arguments.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import { didYouMean } from '../util/didYouMean.js';
import { formatSignature, type Param, type Signature } from './api.js';
import type { Value } from './model.js';

export interface BoundArg {
  readonly value: Value;
  /** The whole argument (`name=value` for a keyword). */
  readonly span: Span;
}

export interface BoundCall {
  readonly args: ReadonlyMap<string, BoundArg>;
  readonly varargs: readonly BoundArg[];
  /** False when binding reported an error: the caller should not build anything from the call. */
  readonly ok: boolean;
}

export interface CallArg {
  readonly keyword?: { readonly name: string; readonly span: Span };
  readonly value: Value;
  readonly span: Span;
}

/** A signature's `*varargs` parameter and the parameters that can be given by position: worked out once per signature. */
const shapes = new WeakMap<Signature, { readonly varParam: Param | undefined; readonly positional: readonly Param[] }>();
function shapeOf(sig: Signature): { readonly varParam: Param | undefined; readonly positional: readonly Param[] } {
  let shape = shapes.get(sig);
  if (!shape) {
    const varParam = sig.params.find((p) => p.kind === 'varargs');
    // As in Python, only parameters before `*varargs` can be filled by position.
    const positional = sig.params.filter((p, i) => p.kind === 'positional-or-keyword' && (!varParam || i < sig.params.indexOf(varParam)));
    shapes.set(sig, (shape = { varParam, positional }));
  }
  return shape;
}

export function bindCall(sig: Signature, callee: string, call: Span, callArgs: readonly CallArg[], diagnostics: Diagnostic[]): BoundCall {
  const args = new Map<string, BoundArg>();
  const varargs: BoundArg[] = [];
  let ok = true;
  // Only messages show it: made when one is reported, not on every call.
  const signature = () => formatSignature(sig, callee.includes('.') ? callee.split('.')[0] : undefined);
  const { varParam, positional } = shapeOf(sig);
  let nextPositional = 0;

  for (const arg of callArgs) {
    if (!arg.keyword) {
      const param = positional[nextPositional];
      if (param) {
        args.set(param.name, { value: arg.value, span: arg.span });
        nextPositional++;
      } else if (varParam) {
        varargs.push({ value: arg.value, span: arg.span });
      } else {
        const keywordOnly = sig.params.filter((p) => p.kind === 'keyword-only').map((p) => p.name);
        diagnostics.push(diag.tooManyArguments(arg.span, callee, positional.length, signature(), keywordOnly));
        ok = false;
      }
      continue;
    }
    const name = arg.keyword.name;
    const param = sig.params.find((p) => p.name === name && p.kind !== 'varargs');
    if (!param) {
      const candidates = sig.params.filter((p) => p.kind !== 'varargs').map((p) => p.name);
      diagnostics.push(diag.unknownKeyword(arg.keyword.span, name, callee, didYouMean(name, candidates), signature()));
      ok = false;
      continue;
    }
    const earlier = args.get(name);
    if (earlier) {
      diagnostics.push(diag.duplicateArgument(arg.span, name, earlier.span));
      ok = false;
      continue;
    }
    args.set(name, { value: arg.value, span: arg.span });
  }

  for (const param of sig.params) {
    // After an unknown keyword or an extra argument, a "missing" one is most likely that same mistake.
    if (!ok) break;
    if (param.kind === 'varargs' || param.default !== undefined || args.has(param.name)) continue;
    diagnostics.push(diag.missingArgument(call, param.name, callee, signature()));
    ok = false;
  }
  return { args, varargs, ok };
}
