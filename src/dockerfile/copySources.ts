/**
 * The build-context paths a user's Dockerfile copies (`COPY`/`ADD` sources, not `--from` a stage or image),
 * read with a real Dockerfile parser (dockerfile-ast), each with where it is written. And whether a source
 * is in a context, the way BuildKit resolves it: relative to the context root (a leading `/` or `./` changes
 * nothing), a directory stands for everything below it, `*`, `?` and `[...]` match within one path part.
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import type * as DockerfileAst from 'dockerfile-ast';

/** Loaded on first use: only projects with a user Dockerfile pay for the parser. */
let parser: typeof DockerfileAst.DockerfileParser | undefined;
function dockerfileParser(): typeof DockerfileAst.DockerfileParser {
  parser ??= (createRequire(import.meta.url)('dockerfile-ast') as typeof DockerfileAst).DockerfileParser;
  return parser;
}

export interface CopySource {
  /** As written (after JSON decoding for the exec form). */
  readonly source: string;
  /** Offsets in the Dockerfile text (UTF-16 code units). */
  readonly start: number;
  readonly end: number;
}

export function copySources(text: string): CopySource[] {
  const starts = lineOffsets(text);
  const offset = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const out: CopySource[] = [];
  for (const instruction of dockerfileParser().parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'COPY' && keyword !== 'ADD') continue;
    const flags = 'getFlags' in instruction && typeof instruction.getFlags === 'function' ? (instruction.getFlags() as Array<{ getName(): string }>) : [];
    if (flags.some((f) => f.getName() === 'from')) continue;
    const json = 'getJSONStrings' in instruction && typeof instruction.getJSONStrings === 'function' ? (instruction.getJSONStrings() as Array<{ getRange(): { start: { line: number; character: number }; end: { line: number; character: number } } }>) : [];
    const args =
      json.length > 0
        ? json.map((j) => {
            const range = j.getRange();
            const start = offset(range.start);
            const end = offset(range.end);
            return { value: decodeJson(text.slice(start, end)), start, end };
          })
        : instruction.getArguments().map((a) => ({ value: a.getValue(), start: offset(a.getRange().start), end: offset(a.getRange().end) }));
    for (const arg of args.slice(0, -1)) {
      if (arg.value === undefined || !isContextPath(arg.value)) continue;
      out.push({ source: arg.value, start: arg.start, end: arg.end });
    }
  }
  return out;
}

/** Sources flyimgc cannot resolve before the build are left to it: variables, URLs, git, heredocs. */
function isContextPath(source: string): boolean {
  return !(source.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@') || source.startsWith('<<'));
}

/**
 * Whether `source` names something in a context holding `files` (context paths, sorted or not) and the
 * directories `isDirectory` answers for (an empty directory holds no file but can be copied).
 */
export function inContext(source: string, files: readonly string[], isDirectory: (path: string) => boolean): boolean {
  const path = posix.normalize(`/${source}`).slice(1).replace(/\/+$/, '');
  if (path === '' || path === '.') return true;
  if (!/[*?[]/.test(path)) return files.some((f) => f === path || f.startsWith(`${path}/`)) || isDirectory(path);
  const parts = path.split('/').map(globPart);
  return files.some((file) => {
    const names = file.split('/');
    return names.length >= parts.length && parts.every((re, i) => re.test(names[i]!));
  });
}

function globPart(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = part.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${part.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function decodeJson(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}
