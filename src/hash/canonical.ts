/**
 * A canonical, typed, length-prefixed encoding of plain data, the preimage of every tag. Each value carries
 * its type and its length, so `("ab","c")` and `("a","bc")`, or an apt package and a pip package of the
 * same name, can never encode alike; object keys are sorted, so field order never matters.
 */

export type Canonical = string | number | boolean | null | undefined | readonly Canonical[] | { readonly [key: string]: Canonical };

export function encodeCanonical(value: Canonical): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: Canonical, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('n');
  } else if (typeof value === 'string') {
    out.push(`s${utf8Length(value)}:`, value);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`only integers can be hashed, got ${value}`);
    out.push(`i${value};`);
  } else if (typeof value === 'boolean') {
    out.push(value ? 't' : 'f');
  } else if (Array.isArray(value)) {
    out.push(`l${value.length}:`);
    for (const item of value as readonly Canonical[]) write(item, out);
  } else {
    const record = value as { readonly [key: string]: Canonical };
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push(`d${keys.length}:`);
    for (const key of keys) {
      write(key, out);
      write(record[key], out);
    }
  }
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
