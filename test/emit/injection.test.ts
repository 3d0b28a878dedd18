import { execFileSync } from 'node:child_process';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { compile } from '../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { shellQuote } from '../../src/util/shell.js';
import { dockerfileProblems } from '../helpers/dockerfile.js';
import { memoryHost } from '../helpers/memoryHost.js';

/** Strings that would end, extend or change a Dockerfile instruction if pasted into it unquoted. */
const NASTY = [
  "it's",
  'say "hi"',
  '$(rm -rf /)',
  '`id`',
  'trailing\\',
  '<<EOF',
  '# not a comment',
  'back\\slash',
  '${HOME}x',
  'a;b&&c|d',
  'tab\there',
  'ünï 🐳',
];
const WITH_BREAKS = ['a\nb', 'cat <<EOF\nhello\nEOF', 'a \\\nENV X=1', 'a\r\nb'];

/** Python source for a string value (a JSON string literal is a valid Python one). */
const py = (value: string) => JSON.stringify(value);

function compileOne(body: string) {
  const source = `base = Image.from_base("python:3.12-slim").clone(name="app", registry="ghcr.io/acme", extendable=True)\napp = base${body}\n`;
  const result = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES });
  return result;
}

function dockerfileOf(body: string): string {
  const result = compileOne(body);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const output = result.outputs.find((o) => o.path === 'app/Dockerfile');
  if (!output || !('text' in output)) throw new Error('no Dockerfile for app');
  return output.text;
}

/** FROM uv, FROM base, USER, COPY uv, ARG, ARG, ENV, RUN venv, ENV PATH, ENV nvidia. */
const PREAMBLE_INSTRUCTIONS = 10;

/** The user's instructions: those after the fixed preamble and before the fixed footer (ENV _F_IMG_ID, SHELL). */
function userInstructions(text: string) {
  const all = DockerfileParser.parse(text).getInstructions();
  return all.slice(PREAMBLE_INSTRUCTIONS, -2);
}

describe('user strings cannot break out of their instruction (checked by a real Dockerfile parser)', () => {
  it.each([...NASTY, ...WITH_BREAKS])('a command %j stays one RUN with exactly that command', (command) => {
    const text = dockerfileOf(`.with_commands([${py(command)}, "echo next"])`);
    expect(dockerfileProblems(text)).toEqual([]);
    const runs = userInstructions(text);
    expect(runs.map((i) => i.getKeyword())).toEqual(['RUN', 'RUN']);
    const first = runs[0]!.getArgumentsContent()!;
    const read = first.startsWith('[') ? (JSON.parse(first) as string[]) : ['/bin/sh', '-c', first];
    expect(read).toEqual(['/bin/sh', '-c', command]);
    expect(runs[1]!.getArgumentsContent()).toBe('echo next');
  });

  it.each(NASTY)('an env value %j stays one ENV with exactly that value', (value) => {
    const text = dockerfileOf(`.with_env_vars({"A": ${py(value)}, "B": "next"})`);
    expect(dockerfileProblems(text)).toEqual([]);
    const envs = userInstructions(text);
    expect(envs.map((i) => i.getKeyword())).toEqual(['ENV', 'ENV']);
    const [a, b] = envs.map((i) => (i as unknown as { getProperties(): Array<{ getName(): string; getValue(): string }> }).getProperties());
    expect(a!.map((p) => [p.getName(), p.getValue().replace(/\\\$\(/g, '$(')])).toEqual([['A', value]]);
    expect(b!.map((p) => [p.getName(), p.getValue()])).toEqual([['B', 'next']]);
  });

  it.each(NASTY)('a workdir %j stays one WORKDIR', (value) => {
    const text = dockerfileOf(`.with_workdir(${py(`/srv/${value}`)}).with_env_vars({"NEXT": "1"})`);
    expect(dockerfileProblems(text)).toEqual([]);
    expect(userInstructions(text).map((i) => i.getKeyword())).toEqual(['WORKDIR', 'ENV']);
  });

  it.each(WITH_BREAKS)('an env value, workdir or package with a line break %j is a compile error', (value) => {
    for (const body of [`.with_env_vars({"A": ${py(value)}})`, `.with_workdir(${py(value)})`]) {
      expect(compileOne(body).diagnostics.map((d) => d.code)).toContain('FLY3019');
    }
    expect(compileOne(`.with_apt_packages(${py(value)})`).diagnostics.length).toBeGreaterThan(0);
  });

  it.each([...NASTY, ...WITH_BREAKS])('a shell-quoted word %j reads back unchanged in a real shell', (value) => {
    if (value.includes('\r')) return;
    const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(value)}`]).toString();
    expect(echoed).toBe(value);
  });

  it('quotes pip packages and options so the shell sees each as one word', () => {
    const text = dockerfileOf(`.with_pip_packages("weird-pkg[extra]>=1; python_version>'3.8'", extra_args="--config-settings 'a=b c'")`);
    expect(dockerfileProblems(text)).toEqual([]);
    expect(text).toContain(`--config-settings 'a=b c' 'weird-pkg[extra]>=1; python_version>'"'"'3.8'"'"''`);
  });
});
