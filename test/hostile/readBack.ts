/**
 * Reading an emitted Dockerfile back as a builder does: instructions and flags from dockerfile-ast (a real
 * Dockerfile parser, with BuildKit's continuation and heredoc rules), and each argument word decoded by
 * BuildKit's word rules (quotes and escapes; `$VAR` left as written, since expansion is meant).
 */
import { DockerfileParser } from 'dockerfile-ast';

export interface Read {
  readonly keyword: string;
  readonly flags: readonly string[];
  /** The arguments as the builder gets them: argv for RUN, paths for COPY, [key, value] for ENV/LABEL, … */
  readonly args: readonly string[];
  /** How RUN was written: exec form or shell form. */
  readonly form?: 'exec' | 'shell';
}

/** BuildKit's word processing (`shell.Lex` with escape `\`), without variable expansion. */
export function buildkitWord(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      if (i + 1 < raw.length) out += raw[++i];
    } else if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in ${JSON.stringify(raw)}`);
      out += raw.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < raw.length && raw[j] !== '"'; j++) {
        if (raw[j] === '\\' && j + 1 < raw.length && '"$\\'.includes(raw[j + 1]!)) j++;
        else if (raw[j] === '\\' && j + 1 < raw.length) out += '\\', j++;
        out += raw[j];
      }
      if (j >= raw.length) throw new Error(`unterminated double quote in ${JSON.stringify(raw)}`);
      i = j;
    } else out += c;
  }
  return out;
}

/** Splits on unquoted white space, keeping each word raw (for buildkitWord). */
function rawWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      word += c;
      if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else if (c === quote) quote = undefined;
    } else if (c === '\\' && i + 1 < text.length) word += c + text[++i];
    else if (c === '"' || c === "'") (quote = c), (word += c);
    else if (/\s/.test(c)) {
      if (word) words.push(word);
      word = '';
    } else word += c;
  }
  if (word) words.push(word);
  return words;
}

export function readDockerfile(text: string): Read[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i): Read => {
      const keyword = i.getKeyword();
      const flags = 'getFlags' in i ? (i as unknown as { getFlags(): Array<{ toString(): string }> }).getFlags().map((f) => f.toString()) : [];
      let content = i.getArgumentsContent() ?? '';
      // Flags are part of the content dockerfile-ast gives for some instructions: drop them.
      for (const f of flags) if (content.startsWith(f)) content = content.slice(f.length).trimStart();
      switch (keyword) {
        case 'RUN':
          return content.startsWith('[') ? { keyword, flags, args: JSON.parse(content) as string[], form: 'exec' } : { keyword, flags, args: ['/bin/sh', '-c', content], form: 'shell' };
        case 'COPY':
          return { keyword, flags, args: content.startsWith('[') ? (JSON.parse(content) as string[]) : rawWords(content).map(buildkitWord) };
        case 'ENV':
        case 'LABEL': {
          const words = rawWords(content);
          return { keyword, flags, args: words.flatMap((w) => { const eq = w.indexOf('='); return [w.slice(0, eq), buildkitWord(w.slice(eq + 1))]; }) };
        }
        case 'WORKDIR':
          return { keyword, flags, args: [buildkitWord(content)] };
        default:
          return { keyword, flags, args: rawWords(content) };
      }
    });
}
