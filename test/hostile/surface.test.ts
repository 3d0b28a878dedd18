/**
 * The hostile-input suite (issue 10): every string-valued parameter of every constructor and method, and
 * every flyimg.toml key that reaches a Dockerfile, × every payload of `payloads.ts`, at the start and at the
 * end of a benign value. Each result is either coded diagnostics located inside their files, or a
 * Dockerfile whose instructions, read back by a real parser (dockerfile-ast + BuildKit's word rules), are
 * exactly those of the same program with a benign value, with the benign value replaced by the payload.
 */
import { describe, expect, it } from 'vitest';
import { CONSTRUCTORS, METHODS, SECRET, type Signature } from '../../src/check/api.js';
import type { CompileResult } from '../../src/compile.js';
import { shellSplit } from '../../src/util/shell.js';
import { compileProgram, dockerfileOf } from './compileOne.js';
import { PAYLOADS, TOKEN, placements } from './payloads.js';
import { readDockerfile, type Read } from './readBack.js';
import { SURFACE, type Case } from './surface.js';

const STRING_TYPES = new Set(['str', 'path', 'paths', 'strs', 'env', 'secret', 'secrets']);

function run(c: Case): CompileResult {
  return compileProgram(c.source, c.files ?? {});
}

/** Diagnostics are coded and their spans lie inside the text they point into. */
function expectWellFormed(result: CompileResult): void {
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^FLY\d{4}$/);
    for (const label of [d.primary, ...d.related]) {
      if (!label) continue;
      const text = result.analysis.sources.get(label.span.file)?.text;
      expect(text, `source of ${label.span.file}`).toBeDefined();
      expect(label.span.start).toBeGreaterThanOrEqual(0);
      expect(label.span.end).toBeGreaterThanOrEqual(label.span.start);
      expect(label.span.end).toBeLessThanOrEqual(text!.length);
    }
  }
}

/** `--mount=a=b,"c=d e"` → ['a=b', 'c=d e'] (BuildKit reads the flag as CSV). */
function csv(flag: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < flag.length; i++) {
    const c = flag[i]!;
    if (quoted) {
      if (c === '"' && flag[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else field += c;
  }
  return [...fields, field];
}

const swap = (text: string, value: string) => text.replaceAll(TOKEN, value);

function expectSameInstruction(p: Read, b: Read, value: string): void {
  expect(p.keyword).toBe(b.keyword);
  expect(p.flags.map(csv)).toEqual(b.flags.map((f) => csv(f).map((x) => swap(x, value))));
  if (b.keyword === 'ENV' && b.args[0] === '_F_IMG_ID') return; // the tag is a hash of the inputs
  if (b.keyword === 'RUN' && p.form === 'shell' && b.form === 'shell') {
    // The shell gets the same words (quoting may differ: `'a"b'` for a value that needed it).
    // Raw shell text (`extra_args`, commands) is the value spliced in as written; a quoted word, the
    // value as one word.
    if (p.args[2] === swap(b.args[2]!, value)) return;
    const words = shellSplit(p.args[2]!);
    if (JSON.stringify(words) === JSON.stringify(shellSplit(swap(b.args[2]!, value)))) return;
    expect(words).toEqual(shellSplit(b.args[2]!)!.map((w) => swap(w, value)));
    return;
  }
  expect(p.args).toEqual(b.args.map((a) => swap(a, value)));
}

describe('the hostile surface covers every string-valued parameter', () => {
  it('has a program for each one in the signature table', () => {
    const wanted = [...CONSTRUCTORS, ...METHODS, SECRET].flatMap((s: Signature) => s.params.filter((p) => typeof p.type === 'string' && STRING_TYPES.has(p.type)).map((p) => `${s.name}.${p.name}`));
    expect(wanted.filter((k) => !(k in SURFACE))).toEqual([]);
  });
});

/** Values flyimgc derives something else from (a secret's id is upper-cased, `-` → `_`, as flyte-sdk does). */
const DERIVED = new Set(['Secret.key', 'Secret.group', 'with_apt_packages.secret_mounts', 'with_pip_packages.secret_mounts', 'with_requirements.secret_mounts', 'with_uv_project.secret_mounts', 'with_poetry_project.secret_mounts', 'with_pixi_project.secret_mounts', 'with_commands.secret_mounts', 'from_uv_script.secret_mounts', 'from_pixi_script.secret_mounts']);

describe.each(Object.keys(SURFACE))('%s × hostile payloads', (key) => {
  const make = SURFACE[key]!;
  const derived = DERIVED.has(key);
  const baseline = run(make(TOKEN));
  const baseText = dockerfileOf(baseline);

  it('the benign program compiles (or fails the same way for every value)', () => {
    expectWellFormed(baseline);
  });

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p] as const))('payload %s: a coded diagnostic or exactly what was asked', (_, payload) => {
    for (const value of placements(payload)) {
      const result = run(make(value));
      expectWellFormed(result);
      if (result.diagnostics.some((d) => d.severity === 'error')) continue;
      const text = dockerfileOf(result);
      if (baseText === undefined || text === undefined) {
        expect(text).toBe(baseText);
        continue;
      }
      const p = readDockerfile(text);
      const b = readDockerfile(baseText);
      expect(p.map((i) => i.keyword), `${JSON.stringify(value)}:\n${text}`).toEqual(b.map((i) => i.keyword));
      // A copied folder's default destination is its last component: a payload with `/` changes it.
      if (derived || (key.endsWith('.src') && value.includes('/'))) expect(p.map((i) => i.flags.length)).toEqual(b.map((i) => i.flags.length));
      else p.forEach((instruction, i) => expectSameInstruction(instruction, b[i]!, value));
    }
  });
});

describe('the suite is not vacuous: hostile values that can be written exactly are accepted', () => {
  const accepted = (key: string, payload: string) => placements(payload).every((v) => !run(SURFACE[key]!(v)).diagnostics.some((d) => d.severity === 'error'));
  it('every command except one with NUL', () => {
    expect(PAYLOADS.filter((p) => !accepted('with_commands.commands', p))).toEqual(['\0']);
  });
  it('env values with quotes, `$(…)`, backticks, `${HOME}`, `<<EOF`, `#`, globs and trailing backslashes', () => {
    for (const p of ['"', "'", '$(id)', '`id`', '${HOME}', '<<EOF', '#', '*', '[', '\\', '\\ ', '--mount=type=bind,target=/x']) expect(accepted('with_env_vars.env_vars', p), JSON.stringify(p)).toBe(true);
  });
  it('destinations with spaces, `#`, `-`, `=` and `,`', () => {
    for (const p of [' ', '#', '-', '=', ',']) expect(accepted('with_source_file.dst', p), JSON.stringify(p)).toBe(true);
    // A file copied under a new non-ASCII name fails in buildah (test/hostile/items.test.ts); into a folder it is copied.
    expect(accepted('with_source_file.dst', 'ü🐳')).toBe(false);
    expect(accepted('with_source_folder.dst', 'ü🐳')).toBe(true);
  });
});
