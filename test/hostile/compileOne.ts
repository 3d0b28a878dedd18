/** Compiles one image built from a body of method calls, in memory, for the hostile-input tests. */
import { DockerfileParser } from 'dockerfile-ast';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { compile, type CompileResult } from '../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { memoryHost } from '../helpers/memoryHost.js';

/** Python source for a string value (a JSON string literal is a valid Python one, for every code point). */
export const py = (value: string): string => JSON.stringify(value);

export const BASE = 'base = Image.from_base("python:3.12-slim").clone(name="app", python_version=(3, 12), registry="ghcr.io/acme", extendable=True)';

export function compileProgram(source: string, files: Readonly<Record<string, string>> = {}): CompileResult {
  return compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, ...files }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES });
}

export function compileBody(body: string, files: Readonly<Record<string, string>> = {}): CompileResult {
  return compileProgram(`${BASE}\napp = base${body}\n`, files);
}

export function dockerfileOf(result: CompileResult, image = 'app'): string | undefined {
  const output = result.outputs.find((o) => o.path === `${image}/Dockerfile`);
  return output && 'text' in output ? output.text : undefined;
}

export interface ReadInstruction {
  readonly keyword: string;
  /** The arguments as the parser joins them (flags removed, continuations joined). */
  readonly content: string;
  readonly flags: readonly string[];
}

/** The instructions as dockerfile-ast reads them. */
export function readBack(text: string): ReadInstruction[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => ({
      keyword: i.getKeyword(),
      content: i.getArgumentsContent() ?? '',
      flags: 'getFlags' in i ? (i as unknown as { getFlags(): Array<{ toString(): string }> }).getFlags().map((f) => f.toString()) : [],
    }));
}

/** FROM uv, FROM base, USER, COPY uv, ARG, ARG, ENV, RUN venv, ENV PATH, ENV nvidia. */
export const PREAMBLE = 10;

/** The user's instructions: after the fixed preamble, before the footer (USER flyte?, WORKDIR?, ENV _F_IMG_ID, SHELL). */
export function userPart(text: string): { body: ReadInstruction[]; footer: ReadInstruction[] } {
  const all = readBack(text);
  const footerStart = all.findIndex((i, n) => n >= PREAMBLE && i.keyword === 'ENV' && i.content.startsWith('_F_IMG_ID='));
  let start = footerStart;
  while (start > PREAMBLE && (all[start - 1]!.keyword === 'USER' || all[start - 1]!.keyword === 'WORKDIR') && /^(flyte|\/home\/flyte)$/.test(all[start - 1]!.content)) start--;
  return { body: all.slice(PREAMBLE, start), footer: all.slice(start) };
}

/** What a RUN runs: exec form read as JSON, shell form as `/bin/sh -c <content>`. */
export function runArgv(content: string): string[] {
  return content.startsWith('[') ? (JSON.parse(content) as string[]) : ['/bin/sh', '-c', content];
}
