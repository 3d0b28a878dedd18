/** Python string literal → its value, the way Python reads it (escapes, raw strings, triple quotes). */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';

export interface DecodedString {
  readonly value: string;
  /** The literal's prefix letters, lower-cased (`f`, `b`, `r`, `rb`...); the checker decides what they may mean. */
  readonly prefix: string;
  readonly diagnostics: readonly Diagnostic[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * `image` is the literal as written (prefix and quotes included), `offset` where it starts in `file`.
 * `terminated` is false for an unterminated literal, whose value is everything after the opening quote.
 */
export function decodeStringLiteral(image: string, file: string, offset: number, terminated: boolean): DecodedString {
  // Most strings: no prefix, one quote each side, no backslash (checked by hand: this runs for every string of a file).
  const first = image.charCodeAt(0);
  if (terminated && (first === 34 || first === 39) && image.length >= 2 && (image.length === 2 || image.charCodeAt(1) !== first) && !image.includes('\\')) {
    return { value: image.slice(1, -1), prefix: '', diagnostics: [] };
  }
  const prefixLength = /^[rRuUfFbB]*/.exec(image)![0].length;
  const prefix = image.slice(0, prefixLength);
  const quote = image.startsWith('"""', prefixLength) || image.startsWith("'''", prefixLength) ? image.slice(prefixLength, prefixLength + 3) : image.charAt(prefixLength);
  const bodyStart = prefixLength + quote.length;
  const bodyEnd = terminated ? image.length - quote.length : image.length;
  const body = image.slice(bodyStart, Math.max(bodyStart, bodyEnd));
  const diagnostics: Diagnostic[] = [];
  const lowered = prefix.toLowerCase();
  // Raw, or nothing to decode (most strings): the body as written.
  if (/[rR]/.test(prefix) || !body.includes('\\')) return { value: body, prefix: lowered, diagnostics };

  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) {
      value += c;
      continue;
    }
    const at = offset + bodyStart + i;
    if (next === '\n' || next === '\r') {
      // A backslash before a line break joins the lines inside a string.
      i += next === '\r' && body[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i++;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const digits = body.slice(i + 2, i + 2 + hexLength);
      const cp = /^[0-9a-fA-F]+$/.test(digits) && digits.length === hexLength ? parseInt(digits, 16) : NaN;
      if (Number.isNaN(cp) || cp > 0x10ffff) {
        diagnostics.push(diag.invalidEscape({ file, start: at, end: at + 2 + digits.length }, `\\${next}${digits}`));
        value += `\\${next}`;
        i++;
      } else {
        value += String.fromCodePoint(cp);
        i += 1 + hexLength;
      }
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      value += String.fromCodePoint(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    diagnostics.push(diag.invalidEscape({ file, start: at, end: at + 2 }, `\\${next}`));
    value += c;
  }
  return { value, prefix: lowered, diagnostics };
}
