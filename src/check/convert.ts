/**
 * Argument values → the typed data a layer holds, reporting wrong types. One function per parameter
 * type of `api.ts`; each returns undefined after reporting, so the caller simply skips what failed.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import { describeValue, type Located, type SecretValue, type Value } from './model.js';

export class Converter {
  constructor(private readonly diagnostics: Diagnostic[]) {}

  private wrong(value: Value, param: string, expected: string, help?: string): undefined {
    if (value.kind === 'error') return undefined;
    if (value.kind === 'secret') this.diagnostics.push(diag.secretOutsideSecretMounts(value.span, param));
    else this.diagnostics.push(diag.wrongType(value.span, param, expected, describeValue(value), help));
    return undefined;
  }

  str(value: Value, param: string): Located<string> | undefined {
    if (value.kind === 'str') return { value: value.value, span: value.span };
    return this.wrong(value, param, 'a string');
  }

  /** A str or a Path; both are just paths to flyimgc. An empty one, or one with a line break, is refused here. */
  path(value: Value, param: string): (Located<string> & { readonly relativeTo?: string }) | undefined {
    if (value.kind !== 'str' && value.kind !== 'path') return this.wrong(value, param, 'a path (a string or Path(...))');
    if (value.value.trim() === '') {
      this.diagnostics.push(diag.invalidPath(value.span, `\`${param}\``, 'cannot be an empty path'));
      return undefined;
    }
    if (/[\r\n\0]/.test(value.value)) {
      this.diagnostics.push(diag.lineBreakInValue(value.span, 'a path'));
      return undefined;
    }
    return { value: value.value, span: value.span, ...(value.kind === 'path' && value.relativeTo ? { relativeTo: value.relativeTo } : {}) };
  }

  paths(value: Value, param: string): Located<string>[] | undefined {
    if (value.kind === 'list' || value.kind === 'tuple') {
      const out: Located<string>[] = [];
      for (const item of value.items) {
        const one = this.path(item, param);
        if (one) out.push(one);
      }
      return out;
    }
    const one = this.path(value, param);
    return one ? [one] : undefined;
  }

  bool(value: Value, param: string): boolean | undefined {
    if (value.kind === 'bool') return value.value;
    return this.wrong(value, param, '`True` or `False`');
  }

  /** A str, or a list/tuple of str. */
  strs(value: Value, param: string): Located<string>[] | undefined {
    if (value.kind === 'str') return [{ value: value.value, span: value.span }];
    if (value.kind === 'list' || value.kind === 'tuple') {
      const out: Located<string>[] = [];
      for (const item of value.items) {
        const one = this.str(item, param);
        if (one) out.push(one);
      }
      return out;
    }
    return this.wrong(value, param, 'a string or a list of strings');
  }

  choice<T extends string>(value: Value, param: string, choices: readonly T[], suggest: (v: string) => string | undefined): Located<T> | undefined {
    const text = this.str(value, param);
    if (!text) return undefined;
    if ((choices as readonly string[]).includes(text.value)) return text as Located<T>;
    this.diagnostics.push(diag.invalidChoice(text.span, param, text.value, choices, suggest(text.value)));
    return undefined;
  }

  /** `(3, 12)` or `"3.12"`. */
  pythonVersion(value: Value, param: string): { major: number; minor: number; span: Span } | undefined {
    if (value.kind === 'tuple' || value.kind === 'list') {
      const [major, minor] = value.items;
      if (value.items.length === 2 && major?.kind === 'int' && minor?.kind === 'int') return this.checkedPython(major.value, minor.value, value.span, `(${major.value}, ${minor.value})`);
      if (value.items.length >= 2 && major?.kind === 'int' && minor?.kind === 'int') return this.checkedPython(major.value, minor.value, value.span, `(${value.items.length} items)`);
    }
    if (value.kind === 'str') {
      const match = /^(\d+)\.(\d+)$/.exec(value.value);
      if (match) return this.checkedPython(Number(match[1]), Number(match[2]), value.span, value.value);
      this.diagnostics.push(diag.invalidPythonVersion(value.span, value.value));
      return undefined;
    }
    const help = value.kind === 'float' ? `a float cannot tell 3.1 from 3.10: write (${value.text.replace('.', ', ')})` : 'write it as (3, 12)';
    return this.wrong(value, param, 'a tuple like (3, 12)', help);
  }

  private checkedPython(major: number, minor: number, span: Span, written: string) {
    if (major !== 3 || minor < 8 || minor > 14 || written.includes('items')) {
      this.diagnostics.push(diag.invalidPythonVersion(span, written));
      return undefined;
    }
    return { major, minor, span };
  }

  /** `"linux/amd64"` or a tuple/list of them. */
  platforms(value: Value, param: string): (Located<readonly string[]> & { readonly itemSpans: readonly Span[] }) | undefined {
    const items = this.strs(value, param);
    if (!items) return undefined;
    return { value: items.map((i) => i.value), span: value.span, itemSpans: items.map((i) => i.span) };
  }

  /** A dict of str → str (ints are written out as Python would). */
  env(value: Value, param: string): Array<readonly [Located<string>, Located<string>]> | undefined {
    if (value.kind !== 'dict') return this.wrong(value, param, 'a dict of names to values, like {"A": "1"}');
    const out: Array<readonly [Located<string>, Located<string>]> = [];
    for (const [k, v] of value.entries) {
      const key = this.str(k, `${param} key`);
      const val = v.kind === 'int' ? { value: String(v.value), span: v.span } : this.str(v, key ? key.value : param);
      if (key && val) out.push([key, val]);
    }
    return out;
  }

  secret(value: Value, param: string): SecretValue | undefined {
    if (value.kind === 'secret') return value.secret;
    if (value.kind === 'str') return secretFromString(value.value, value.span);
    return this.wrong(value, param, 'a secret key or Secret(...)');
  }

  secrets(value: Value, param: string): SecretValue[] | undefined {
    if (value.kind === 'list' || value.kind === 'tuple') {
      const out: SecretValue[] = [];
      for (const item of value.items) {
        const one = this.secret(item, param);
        if (one) out.push(one);
      }
      return out;
    }
    if (value.kind === 'none') return [];
    const one = this.secret(value, param);
    return one ? [one] : undefined;
  }
}

/** A plain string secret `"KEY"` is `Secret(key="KEY")`. */
export function secretFromString(key: string, span: Span): SecretValue {
  return { key, asEnvVar: defaultSecretEnvVar(key, undefined), fromString: true, span };
}

/** flyte-sdk: with neither mount nor as_env_var, the variable is `GROUP_KEY` (or `KEY`), `-` → `_`, upper-cased. */
export function defaultSecretEnvVar(key: string, group: string | undefined): string {
  return (group ? `${group}_${key}` : key).replace(/-/g, '_').toUpperCase();
}
