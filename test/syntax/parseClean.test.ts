import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lex } from '../../src/syntax/lexer.js';
import { parseCleanText, parseSource } from '../../src/syntax/parse.js';
import { everyFlyimgFile } from '../helpers/flyimgFiles.js';
import { fuzz } from '../helpers/fuzz.js';
import { manyImagesSource } from '../../bench/manyImages.mjs';

/**
 * Statement by statement (`parseCleanText`), a text gives what lexing it whole and parsing that gives (AST
 * key order and diagnostics included); it is taken whenever lexing and layout find no problem and there is
 * no Python code. Returns whether it was taken.
 */
function assertSameAsWhole(text: string): boolean {
  const source = { path: 'main.flyimg', text };
  const lexed = lex(source);
  const whole = parseSource(source, undefined, lex(source));
  const clean = parseCleanText(source);
  const lexicallyClean = lexed.diagnostics.length === 0 && lexed.statements.every((s) => s.diagnostics.length === 0 && !s.poisoned) && lexed.synthetic.size === 0;
  const python = whole.diagnostics.some((d) => d.code === 'FLY1040');
  if (!clean) {
    expect(lexicallyClean && !python, `declined a clean text: ${JSON.stringify(text)}`).toBe(false);
    return false;
  }
  expect(lexicallyClean, `took a text lex objects to: ${JSON.stringify(text)}`).toBe(true);
  expect(JSON.stringify(clean)).toBe(JSON.stringify(whole));
  expect(clean).toStrictEqual(whole);
  return true;
}


const LINE = fc.constantFrom(
  'a = Image.from_debian_base(name="n")', 'b = a.with_pip_packages("numpy")', '    .with_apt_packages("curl")', '.with_env_vars({"A": "1"})', 'c = (a', '    .with_workdir("/w"))', ')', '(', '[', '}',
  'import "other.flyimg"', 'from flyte import Image', 'import flyte', '"""doc"""', '# comment', '', '   ', 'def f():', '    return 1', '@env.task', 'x = 1 + 2', 'print("hi")', 'y = [1, 2,', '  3]', 'z = "unterminated',
  'w = $', 'v = a \\', '  .with_workdir("/v")', 'u = f(k=1, 2)', 'if True:', 'else:', 't = {"k": (1, [2, {3: 4}])}', 's = r"\\d" "x"', 'q = b"bytes"', 'p = a.b.c(d)(e)',
);

describe('parsing a clean text statement by statement', () => {
  it('gives what parsing the whole lexed text gives, for every example, fixture, corpus file and a generated program', () => {
    const files = everyFlyimgFile();
    let taken = 0;
    for (const file of files) if (assertSameAsWhole(readFileSync(file, 'utf8'))) taken++;
    expect(assertSameAsWhole(manyImagesSource(50))).toBe(true);
    expect(taken).toBeGreaterThan(files.length * 0.8);
  });

  it('agrees on generated texts, and takes and declines both', () => {
    let taken = 0;
    let declined = 0;
    fuzz(
      fc.property(fc.array(LINE, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        if (assertSameAsWhole(lines.join(eol))) taken++;
        else declined++;
      }),
      3000,
      23,
    );
    expect(taken).toBeGreaterThan(200);
    expect(declined).toBeGreaterThan(200);
  });
});
