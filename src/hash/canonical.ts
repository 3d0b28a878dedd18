/**
 * A canonical, typed, length-prefixed encoding of plain data, the preimage of every tag. Each value carries
 * its type and its length, so `("ab","c")` and `("a","bc")`, or an apt package and a pip package of the
 * same name, can never encode alike; object keys are sorted, so field order never matters.
 */

export type Canonical = string | number | boolean | null | undefined | readonly Canonical[] | { readonly [key: string]: Canonical };

export function encodeCanonical(value: Canonical): string {
  const out: string[] = [];
  write(value, out, new Map());
  return out.join('');
}

/**
 * Pushes `value`'s encoding: one piece per value (its type, length and text together), and each object
 * key encoded once per call (`keys`). A tag's preimage lists every file of its context: at 20,000 files,
 * building the pieces was a large part of a warm run's hashing.
 */
function write(value: Canonical, out: string[], keys: Map<string, string>): void {
  if (value === null || value === undefined) {
    out.push('n');
  } else if (typeof value === 'string') {
    out.push(`s${utf8Length(value)}:${value}`);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`only integers can be hashed, got ${value}`);
    out.push(`i${value};`);
  } else if (typeof value === 'boolean') {
    out.push(value ? 't' : 'f');
  } else if (Array.isArray(value)) {
    out.push(`l${value.length}:`);
    for (const item of value as readonly Canonical[]) write(item, out, keys);
  } else {
    const record = value as { readonly [key: string]: Canonical };
    const present: string[] = [];
    for (const key of Object.keys(record)) if (record[key] !== undefined) present.push(key);
    present.sort();
    out.push(`d${present.length}:`);
    for (const key of present) {
      let encoded = keys.get(key);
      if (encoded === undefined) keys.set(key, (encoded = `s${utf8Length(key)}:${key}`));
      out.push(encoded);
      write(record[key], out, keys);
    }
  }
}

const ASCII = /^[\x00-\x7f]*$/;

function utf8Length(text: string): number {
  return ASCII.test(text) ? text.length : Buffer.byteLength(text, 'utf8');
}
