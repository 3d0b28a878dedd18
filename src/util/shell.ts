/** POSIX shell quoting and word splitting, as Python's `shlex.quote` and `shlex.split` do them. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A word the shell reads back as exactly `text`: bare when safe, else in single quotes. */
export function shellQuote(text: string): string {
  if (text !== '' && SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** Splits `text` into words like a POSIX shell (quotes and backslashes, no expansion); undefined if a quote is left open. */
export function shellSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1]!)) j++;
        word += text[j];
      }
      if (j >= text.length) return undefined;
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * `extra_args` as words: flyte-sdk hands the text to the shell, so every quote must be closed. (A trailing
 * backslash splits, but the Dockerfile would read it as a line continuation: check/values.ts refuses it.)
 */
export function splitExtraArgs(text: string): { readonly ok: true; readonly words: string[] } | { readonly ok: false; readonly reason: string } {
  const words = shellSplit(text);
  return words ? { ok: true, words } : { ok: false, reason: 'has a quote that is never closed' };
}
