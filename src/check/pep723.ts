// Reading the PEP 723 `# /// script` block of a uv script.
//
// The block is found line by line rather than with the PEP's reference regex
// because we need the offset of every content line (to map TOML errors and
// dependency strings back into the script) and because the regex, being
// Python's, does not treat CRLF as a line end. Where the PEP's text and its
// regex disagree the text wins, as the PEP itself says; in particular an empty
// block (`# /// script` directly followed by `# ///`) is accepted, as uv does.

import { parse as parseToml, TomlError } from 'smol-toml';
import { checkRequirement, checkVersionSpecifiers } from './pep508.js';
import { InternalError } from '../util/invariant.js';
import { pathKey, tomlPositions, type TomlValue } from '../files/tomlPositions.js';

export interface ScriptMetadata {
  readonly requiresPython?: string;
  readonly dependencies: readonly string[];
  /** [tool] table as parsed, or undefined */
  readonly tool?: Readonly<Record<string, unknown>>;
  /** offset range of the whole `# /// script` … `# ///` block in the input */
  readonly block: { readonly start: number; readonly end: number };
  /**
   * For each dependency, the offset range of its string in the input text (for
   * error spans), same order as dependencies. The range excludes the quotes;
   * when `text.slice(start, end)` equals the dependency (no escapes, one line),
   * offsets reported by `checkRequirement` can be added to `start`.
   */
  readonly dependencySpans: readonly { readonly start: number; readonly end: number }[];
}

export type ScriptMetadataResult =
  | { readonly ok: true; readonly metadata: ScriptMetadata }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'invalid-toml' | 'invalid-field' | 'duplicate-block';
      readonly message: string;
      readonly start: number;
      readonly end: number;
    };

type Failure = Extract<ScriptMetadataResult, { ok: false }>;

interface Line {
  /** offset of the first character */
  readonly start: number;
  /** offset just past the last character, a trailing `\r` excluded */
  readonly end: number;
  readonly text: string;
}

/** A content line: where its text (after the stripped `#` or `# `) starts in the original. */
interface ContentLine {
  readonly original: number;
  readonly length: number;
}

interface Block {
  readonly type: string;
  readonly header: number;
  readonly close: number;
}

/** Finds and reads the `script` metadata block. Throws only on a bug in this reader (InternalError, exit 70). */
export function parseScriptMetadata(text: string): ScriptMetadataResult {
  if (typeof text !== 'string') return missing();
  try {
    return parse(text);
  } catch (e) {
    // Not a fault in the user's script: say it is ours, with the trace.
    if (e instanceof InternalError) throw e;
    throw new InternalError(`the PEP 723 reader failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

function missing(): Failure {
  return { ok: false, reason: 'missing', message: 'no `# /// script` block found', start: 0, end: 0 };
}

const HEADER = /^# \/\/\/ ([a-zA-Z0-9-]+)$/;
const CLOSE = '# ///';

const isContentLine = (t: string): boolean => t === '#' || t.startsWith('# ');

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  // A byte order mark is not part of the first line's text.
  let start = text.startsWith('\uFEFF') ? 1 : 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const next = nl < 0 ? text.length : nl;
    const end = next > start && text[next - 1] === '\r' ? next - 1 : next;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

function parse(text: string): ScriptMetadataResult {
  const lines = splitLines(text);
  const blocks: Block[] = [];
  const problems: Failure[] = [];
  const lineSpan = (i: number) => ({ start: lines[i]?.start ?? 0, end: lines[i]?.end ?? 0 });

  // Like the reference regex's finditer: blocks do not overlap, and the closing
  // line is the last `# ///` of the run of comment lines (the PEP's
  // "precedence" rule).
  for (let i = 0; i < lines.length; ) {
    const type = HEADER.exec(lines[i]?.text ?? '')?.[1];
    if (type === undefined) {
      i++;
      continue;
    }
    let close = -1;
    for (let j = i + 1; j < lines.length && isContentLine(lines[j]?.text ?? ''); j++) {
      if (lines[j]?.text === CLOSE) close = j;
    }
    if (close < 0) {
      // The PEP says unclosed blocks are ignored, but uv refuses to run such a
      // script, and a half-written header is almost certainly a mistake.
      if (type === 'script') {
        problems.push({
          ok: false,
          reason: 'invalid-toml',
          message: 'the `# /// script` block is never closed with `# ///`',
          ...lineSpan(i),
        });
      }
      i++;
      continue;
    }
    blocks.push({ type, header: i, close });
    i = close + 1;
  }

  const scripts = blocks.filter((b) => b.type === 'script');
  for (const extra of scripts.slice(1)) {
    problems.push({
      ok: false,
      reason: 'duplicate-block',
      message: 'a second `# /// script` block; a script may have only one',
      ...lineSpan(extra.header),
    });
  }
  const script = scripts[0];
  if (script !== undefined) {
    // The PEP lets tools reject a start line inside another block; for `script`
    // it would be a second block that uv silently reads as TOML.
    for (let j = script.header + 1; j < script.close; j++) {
      if (lines[j]?.text === '# /// script') {
        problems.push({
          ok: false,
          reason: 'duplicate-block',
          message: 'a `# /// script` line inside the `# /// script` block; close the first block with `# ///`',
          ...lineSpan(j),
        });
      }
    }
  }
  problems.sort((a, b) => a.start - b.start);
  const first = problems[0];
  if (first !== undefined) return first;
  if (script === undefined) return missing();

  const block = { start: lines[script.header]?.start ?? 0, end: lines[script.close]?.end ?? 0 };
  const content: ContentLine[] = [];
  const parts: string[] = [];
  for (let j = script.header + 1; j < script.close; j++) {
    const line = lines[j];
    if (line === undefined) continue;
    const prefix = line.text === '#' ? 1 : 2;
    content.push({ original: line.start + prefix, length: line.text.length - prefix });
    parts.push(line.text.slice(prefix));
  }
  const toml = parts.length === 0 ? '' : parts.join('\n') + '\n';
  const map = new ContentMap(content, lines[script.header]?.end ?? 0);

  let table: Record<string, unknown>;
  try {
    table = parseToml(toml);
  } catch (e) {
    return tomlFailure(e, map, block);
  }

  // Where each top-level value is written (a string: its content), for error spans.
  const positions = tomlPositions(toml);
  const at = (v: TomlValue) => v.content ?? v;
  const valueSpan = (key: string): { start: number; end: number } => {
    const v = positions.keys.get(pathKey([key]))?.value;
    return v === undefined ? block : map.range(at(v).start, at(v).end);
  };

  let requiresPython: string | undefined;
  const rp = table['requires-python'];
  if (rp !== undefined) {
    if (typeof rp !== 'string') {
      return invalidField('`requires-python` must be a string such as `">=3.11"`', valueSpan('requires-python'));
    }
    const check = checkVersionSpecifiers(rp);
    if (!check.ok) return invalidField(`invalid \`requires-python\`: ${check.message}`, valueSpan('requires-python'));
    requiresPython = rp;
  }

  const deps = table['dependencies'];
  const dependencies: string[] = [];
  const dependencySpans: { start: number; end: number }[] = [];
  if (deps !== undefined) {
    if (!Array.isArray(deps)) return invalidField('`dependencies` must be an array of strings', valueSpan('dependencies'));
    const elements = positions.keys.get(pathKey(['dependencies']))?.value.elements;
    const aligned = elements !== undefined && elements.length === deps.length;
    for (const [i, dep] of deps.entries()) {
      const e = aligned ? elements[i] : undefined;
      const span = e === undefined ? block : map.range(at(e).start, at(e).end);
      if (typeof dep !== 'string') return invalidField('each entry of `dependencies` must be a string', span);
      const check = checkRequirement(dep);
      if (!check.ok) return invalidField(`invalid dependency \`${dep}\`: ${check.message}`, span);
      // PEP 723 entries are PEP 508 requirements, which always name a project:
      // the bare URLs and paths `uv pip install` takes are not allowed here.
      if (check.name === undefined) {
        return invalidField(`invalid dependency \`${dep}\`: a script dependency must name its project, as in \`name @ URL\``, span);
      }
      dependencies.push(dep);
      dependencySpans.push(span);
    }
  }

  const tool = table['tool'];
  if (tool !== undefined && !isTable(tool)) return invalidField('`tool` must be a table', valueSpan('tool'));

  const metadata: ScriptMetadata = {
    ...(requiresPython !== undefined ? { requiresPython } : {}),
    dependencies,
    ...(tool !== undefined ? { tool: tool as Record<string, unknown> } : {}),
    block,
    dependencySpans,
  };
  return { ok: true, metadata };
}

function invalidField(message: string, span: { start: number; end: number }): Failure {
  return { ok: false, reason: 'invalid-field', message, start: span.start, end: span.end };
}

function isTable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function tomlFailure(e: unknown, map: ContentMap, block: { start: number; end: number }): Failure {
  if (!(e instanceof TomlError)) {
    return { ok: false, reason: 'invalid-toml', message: `invalid TOML in the script block: ${String(e)}`, ...block };
  }
  // smol-toml's message carries a code excerpt after a blank line, and a
  // prefix we replace with our own; keep only the description.
  const raw = (e.message.split('\n\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '').replace(/\.$/, '');
  const description = raw.charAt(0).toLowerCase() + raw.slice(1);
  const at = map.lineColumn(e.line, e.column);
  return { ok: false, reason: 'invalid-toml', message: `invalid TOML in the script block: ${description}`, start: at.start, end: at.end };
}

/** Maps offsets in the extracted TOML back into the original script. */
class ContentMap {
  private readonly starts: number[] = [];

  constructor(
    private readonly lines: readonly ContentLine[],
    /** where to point when there is no content line: the end of the header */
    private readonly fallback: number,
  ) {
    let at = 0;
    for (const l of lines) {
      this.starts.push(at);
      at += l.length + 1;
    }
  }

  offset(c: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (hi < 0) return this.fallback;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= c) lo = mid;
      else hi = mid - 1;
    }
    const line = this.lines[lo];
    if (line === undefined) return this.fallback;
    return line.original + Math.min(Math.max(0, c - (this.starts[lo] ?? 0)), line.length);
  }

  range(start: number, end: number): { start: number; end: number } {
    const s = this.offset(start);
    return { start: s, end: Math.max(s, this.offset(end)) };
  }

  /** A 1-based line and column of the TOML as one character (or none at a line end). */
  lineColumn(line: number, column: number): { start: number; end: number } {
    const l = this.lines[line - 1];
    if (l === undefined) {
      // Past the last line: the TOML ended too early, so point at where it ends.
      const last = this.lines[this.lines.length - 1];
      const at = last === undefined ? this.fallback : last.original + last.length;
      return { start: at, end: at };
    }
    const col = Math.min(Math.max(0, column - 1), l.length);
    const start = l.original + col;
    return { start, end: col < l.length ? start + 1 : start };
  }
}
