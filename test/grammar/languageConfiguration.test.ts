import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface OnEnterRule {
  readonly beforeText: string;
  readonly action: { readonly indent: string };
}

const config = JSON.parse(readFileSync(new URL('../../grammar/language-configuration.json', import.meta.url), 'utf8')) as {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: OnEnterRule[];
};

// VS Code compiles these patterns as JavaScript regular expressions, as done here.
const increase = new RegExp(config.indentationRules.increaseIndentPattern);
const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
const keepIndentAfter = (line: string) => config.onEnterRules.some((r) => r.action.indent === 'none' && new RegExp(r.beforeText).test(line));

describe('language configuration', () => {
  it('comments with #', () => {
    expect(config.comments).toEqual({ lineComment: '#' });
  });

  it('knows the three bracket pairs and closes them and both quotes', () => {
    expect(config.brackets).toEqual([
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ]);
    const pairs = config.autoClosingPairs.map((p) => p.open + p.close);
    expect(pairs).toEqual(expect.arrayContaining(['()', '[]', '{}', '""', "''"]));
    // Typing a quote inside a string or a comment must not insert a second one.
    expect(config.autoClosingPairs.find((p) => p.open === '"')?.notIn).toEqual(['string', 'comment']);
    expect(config.surroundingPairs.map((p) => p.join(''))).toEqual(expect.arrayContaining(['()', '""', "''"]));
  });

  it.each([
    ['app = (', true],
    ['    Image.from_debian_base(', true],
    ['    .with_env_vars({', true],
    ['    .with_commands([  # one RUN each', true],
    ['app = Image.from_base("x") \\', true],
    ['app = Image.from_base("x")', false],
    ['    .with_apt_packages("curl")', false],
    ['# a comment (with a bracket', false],
  ])('indents after %j: %s', (line, indents) => {
    expect(increase.test(line)).toBe(indents);
  });

  it.each([
    [')', true],
    ['    ],', true],
    ['    })', true],
    ['    .clone(name="x")', false],
  ])('outdents %j: %s', (line, outdents) => {
    expect(decrease.test(line)).toBe(outdents);
  });

  it('keeps the indentation of a `.` continuation line for the next link', () => {
    expect(keepIndentAfter('    .with_apt_packages("curl")')).toBe(true);
    expect(keepIndentAfter('    .with_apt_packages("curl")  # why')).toBe(true);
    expect(keepIndentAfter('app = base')).toBe(false);
  });
});
