/**
 * One string literal → the same literal in canonical quotes: double quotes, unless the text holds a `"`
 * (then single quotes, so nothing needs escaping). The value never changes; prefixes are kept as written.
 */
export function canonicalQuotes(literal: string): string {
  const prefix = /^[rRuUfFbB]*/.exec(literal)![0];
  const raw = /[rR]/.test(prefix);
  const rest = literal.slice(prefix.length);
  if (rest.startsWith("'''")) {
    const body = rest.slice(3, -3);
    // A `"` anywhere could meet the new delimiters; leave such strings as written.
    return body.includes('"') ? literal : `${prefix}"""${body}"""`;
  }
  if (rest.startsWith('"""')) return literal;
  const quote = rest[0];
  const body = rest.slice(1, -1);
  if (quote === "'") {
    if (body.includes('"')) return literal;
    return `${prefix}"${raw ? body : replaceEscapedQuote(body, "'")}"`;
  }
  // Double-quoted with escaped double quotes: single quotes read better, when that needs no escape.
  if (!raw && body.includes('\\"') && !body.includes("'")) return `${prefix}'${replaceEscapedQuote(body, '"')}'`;
  return literal;
}

/** `\'` → `'` (or `\"` → `"`), walking escapes in pairs so that `\\` is never split. */
function replaceEscapedQuote(body: string, quote: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const next = body[i + 1]!;
    out += next === quote ? quote : c + next;
    i++;
  }
  return out;
}
