import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexDirectly } from '../../src/syntax/directLexer.js';
import { lexWithChevrotain } from '../../src/syntax/lexer.js';
import { everyFlyimgFile } from '../helpers/flyimgFiles.js';
import { fuzz } from '../helpers/fuzz.js';
import { manyImagesSource } from '../../bench/manyImages.mjs';

/**
 * The hand-written lexer gives chevrotain's tokens (same objects, key order included) for every text it
 * takes, and takes every text chevrotain lexes without an error or an unterminated string. Returns whether it took it.
 */
function assertSameAsChevrotain(text: string): boolean {
  const direct = lexDirectly(text);
  const reference = lexWithChevrotain(text);
  const clean = reference.errors === 0 && !reference.tokens.some((t) => t.tokenType.name === 'UnterminatedString');
  if (!direct) {
    expect(clean, `declined a text chevrotain lexes cleanly: ${JSON.stringify(text)}`).toBe(false);
    return false;
  }
  expect(clean, `took a text chevrotain objects to: ${JSON.stringify(text)}`).toBe(true);
  expect(direct.tokens).toStrictEqual(reference.tokens);
  expect(direct.comments).toStrictEqual(reference.comments);
  return true;
}


// Pieces of text that meet every branch of the lexer, mistakes included.
const PIECE = fc.constantFrom(
  ' ', '\t', '\f', '\n', '\r', '\r\n', '\\\n', '\\\r\n', '\\\r', '\\', '\\x', '# note', '#', 'x', 'name_1', '_', 'True', 'True_', 'Trues', 'False', 'None', 'import', 'imports', 'Import',
  'r', 'rb', 'Rb', 'bR', 'rbx', 'f', 'u', 'U', 'br', 'rr', 'rrr', 'ab', '"', "'", '""', "''", '"""', "'''", '"a"', "'b'", '"a\\"b"', '"\\\n"', '"\\', '"a\nb"', '"""a\n"b""c"""',
  "'''x'''", '"""\\""""', '""""', '0', '12', '3.12', '1.', '1.x', '.5', '=', ',', '.', ':', '/', '*', '**', '***', '-', '+', '%', '<', '>', '!', '&', '|', '^', '~', ';', '@',
  '(', ')', '[', ']', '{', '}', '$', '?', '`', 'é', '\u00a0', '\v', '\u2028', '😀', '"é😀"', '# é',
);

describe('the direct lexer', () => {
  it('gives chevrotain\'s tokens for every example, fixture and generated program, and takes them', () => {
    const files = everyFlyimgFile();
    let taken = 0;
    for (const file of files) if (assertSameAsChevrotain(readFileSync(file, 'utf8'))) taken++;
    expect(assertSameAsChevrotain(manyImagesSource(50))).toBe(true);
    // Only a few fixtures hold a lexical mistake on purpose.
    expect(taken).toBeGreaterThan(files.length * 0.9);
  });

  it('takes what it must and declines the rest', () => {
    for (const text of ['a = "x"  # c\r\nb = r\'\\d\' \\\n .f(1.5, **k)\n', '"""a\n"""', 'x = rb"""\\""""', '@env.task\ndef f() -> float: pass\n', ''])
      expect(assertSameAsChevrotain(text), text).toBe(true);
    for (const text of ['a = "x', 'a = """x""', 'a = $', 'a = \\ b', 'a = "x\\', 'é = 1', 'a = r"\n"', '\v'])
      expect(assertSameAsChevrotain(text), text).toBe(false);
  });

  it('agrees with chevrotain on generated text', () => {
    let taken = 0;
    let declined = 0;
    fuzz(
      fc.property(fc.array(PIECE, { maxLength: 30 }), (pieces) => {
        if (assertSameAsChevrotain(pieces.join(''))) taken++;
        else declined++;
      }),
      5000,
      17,
    );
    // Both ways are met, or this would prove nothing about one of them.
    expect(taken).toBeGreaterThan(300);
    expect(declined).toBeGreaterThan(300);
  });
});
