/**
 * A canonical, typed, length-prefixed encoding of plain data, the preimage of every tag. Each value carries
 * its type and its length, so `("ab","c")` and `("a","bc")`, or an apt package and a pip package of the
 * same name, can never encode alike; object keys are sorted, so field order never matters.
 */

export type Canonical = string | number | boolean | null | undefined | readonly Canonical[] | { readonly [key: string]: Canonical };

export function encodeCanonical(value: Canonical): string {
  return write(value, '', new Map());
}

/**
 * Appends `value`'s encoding to `out`. One growing string rather than a list of pieces joined at the end,
 * and each object key encoded once per call (`keys`): a tag's preimage lists every file of its context,
 * and at 20,000 files the pieces were most of the hashing of a warm run.
 */
function write(value: Canonical, out: string, keys: Map<string, string>): string {
  if (value === null || value === undefined) return `${out}n`;
  if (typeof value === 'string') return `${out}s${utf8Length(value)}:${value}`;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`only integers can be hashed, got ${value}`);
    return `${out}i${value};`;
  }
  if (typeof value === 'boolean') return out + (value ? 't' : 'f');
  if (Array.isArray(value)) {
    out += `l${value.length}:`;
    for (const item of value as readonly Canonical[]) out = write(item, out, keys);
    return out;
  }
  const record = value as { readonly [key: string]: Canonical };
  const present: string[] = [];
  for (const key of Object.keys(record)) if (record[key] !== undefined) present.push(key);
  present.sort();
  out += `d${present.length}:`;
  for (const key of present) {
    let encoded = keys.get(key);
    if (encoded === undefined) keys.set(key, (encoded = write(key, '', keys)));
    out = write(record[key], out + encoded, keys);
  }
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;

function utf8Length(text: string): number {
  return ASCII.test(text) ? text.length : Buffer.byteLength(text, 'utf8');
}
