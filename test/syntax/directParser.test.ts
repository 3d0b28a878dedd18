import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parseDirectly } from '../../src/syntax/directParser.js';
import { lex } from '../../src/syntax/lexer.js';
import { parseStatement } from '../../src/syntax/parser.js';
import { statementToAst } from '../../src/syntax/toAst.js';
import { Operator, UnterminatedString } from '../../src/syntax/tokens.js';
import { fuzz } from '../helpers/fuzz.js';

const FILE = 'main.flyimg';

/** What chevrotain's parser and toAst.ts make of a statement's tokens: syntax errors, AST, toAst's diagnostics. */
function throughChevrotain(tokens: readonly IToken[]) {
  const parsed = parseStatement(tokens);
  const diagnostics: Diagnostic[] = [];
  const statement = statementToAst(parsed.cst, { file: FILE, fallback: { file: FILE, start: 0, end: 0 }, diagnostics, tooDeepReported: false });
  return { errors: parsed.errors.length, statement, diagnostics };
}

/** Every statement of `text` as the parser gets it (parse.ts drops operators first). */
function statementsOf(text: string): { tokens: IToken[]; synthetic: boolean }[] {
  const lexed = lex({ path: FILE, text });
  return lexed.statements
    .filter((s) => !s.poisoned)
    .map((s) => ({ tokens: s.tokens.filter((t) => t.tokenType !== Operator), synthetic: s.tokens.some((t) => lexed.synthetic.has(t)) }))
    .filter((s) => s.tokens.length > 0);
}

/**
 * The direct parser takes a statement only if chevrotain parses it without an error and toAst.ts reports
 * nothing, and then gives the same AST, key order included (JSON); it takes every such statement that has
 * no unterminated or layout-inserted token. Returns how many it took.
 */
function assertSameAsChevrotain(text: string): number {
  let taken = 0;
  for (const { tokens, synthetic } of statementsOf(text)) {
    const direct = parseDirectly(tokens, FILE);
    const reference = throughChevrotain(tokens);
    const clean = reference.errors === 0 && reference.diagnostics.length === 0 && reference.statement !== undefined;
    if (direct) {
      taken++;
      expect(clean, `taken but chevrotain/toAst object: ${text}`).toBe(true);
      expect(JSON.stringify(direct)).toBe(JSON.stringify(reference.statement));
      expect(direct).toStrictEqual(reference.statement);
    } else if (clean && !synthetic && !tokens.some((t) => t.tokenType === UnterminatedString)) {
      throw new Error(`declined a statement chevrotain parses cleanly: ${JSON.stringify(tokens.map((t) => t.image).join(' '))}`);
    }
  }
  return taken;
}

function flyimgFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return flyimgFiles(path);
    return name.endsWith('.flyimg') ? [path] : [];
  });
}

// Expressions of the grammar (parser.ts), well-formed and not, written the ways people write them.
const NAME = fc.constantFrom('Image', 'base', 'x', 'with_pip_packages', 'name', 'registry', 'Path', 'True_ish');
const ATOM = fc.constantFrom('"a"', "'b'", 'r"raw\\d"', '"esc\\n\\t"', '"bad\\q"', 'f"x{y}"', 'b"bytes"', '"""tri\nple"""', '"a" "b"', '1', '3.12', 'True', 'False', 'None', '"unterminated');
const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    NAME,
    ATOM,
    fc.tuple(tie('expr'), fc.constantFrom('.', ' / ', '.with_apt_packages'), NAME).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(tie('expr'), fc.array(tie('arg'), { maxLength: 4 }), fc.boolean()).map(([f, args, comma]) => `${f}(${args.join(', ')}${comma && args.length > 0 ? ',' : ''})`),
    fc.tuple(fc.constantFrom('()', '[]', '{}'), fc.array(tie('item'), { maxLength: 3 }), fc.boolean()).map(([b, items, comma]) => `${b[0]}${items.join(', ')}${comma ? ',' : ''}${b[1]}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a}[${b}]`),
  ),
  arg: fc.oneof(tie('expr'), fc.tuple(NAME, tie('expr')).map(([k, v]) => `${k}=${v}`), tie('expr').map((e) => `*${e}`)),
  item: fc.oneof(tie('expr'), fc.tuple(tie('expr'), tie('expr')).map(([k, v]) => `${k}: ${v}`)),
})) as { expr: fc.Arbitrary<string> };
const STATEMENT = fc.oneof(
  fc.tuple(NAME, expr).map(([n, e]) => `${n} = ${e}`),
  expr.map((e) => `import ${e}`),
  expr,
  fc.tuple(expr, expr).map(([a, b]) => `${a} = ${b}`),
);

describe('the direct parser', () => {
  it('gives chevrotain and toAst.ts\'s AST for every clean statement of the examples and fixtures', () => {
    const files = [...flyimgFiles('examples'), ...flyimgFiles('test/fixtures')];
    let taken = 0;
    for (const file of files) taken += assertSameAsChevrotain(readFileSync(file, 'utf8'));
    expect(taken).toBeGreaterThan(200);
  });

  it('takes the shapes it must and declines the rest', () => {
    expect(assertSameAsChevrotain('a = Image.from_debian_base(python_version=(3, 12), name="n").with_env_vars({"A": "1",},)\n')).toBe(1);
    expect(assertSameAsChevrotain('import "other.flyimg"\nb = (x)\nc = (x,)\nd = ()\ne = [1, 2,]\nf = {}\ng = Path("a") / "b" / c\n')).toBe(7);
    // toAst.ts reports each of these (or chevrotain does): all of them go its way.
    const declined = ['x', 'a.b = 1', 'a = b[0]', 'a = f(*b)', 'a = f(k=1, 2)', 'a = "\\q"', 'a = f(', 'a = 1 = 2', 'import flyte', 'a = (1 2)', 'a = f(,)', 'a = {1}'];
    for (const text of declined) expect(assertSameAsChevrotain(text), text).toBe(0);
  });

  it('declines a chain toAst.ts finds too deep, and takes the one just under the limit', () => {
    // Each trailer is one level (toAst.ts's MAX_EXPRESSION_DEPTH, 1000).
    expect(assertSameAsChevrotain(`a = x${'.b'.repeat(1000)}\n`)).toBe(1);
    expect(assertSameAsChevrotain(`a = x${'.b'.repeat(1001)}\n`)).toBe(0);
    expect(assertSameAsChevrotain(`a = f(${'('.repeat(60)}x${')'.repeat(60)})${'.b'.repeat(999)}\n`)).toBe(1);
  });

  it('agrees with chevrotain on generated statements', () => {
    let taken = 0;
    fuzz(fc.property(fc.array(STATEMENT, { minLength: 1, maxLength: 4 }), (statements) => void (taken += assertSameAsChevrotain(statements.join('\n')))), 3000, 11);
    // The generator makes clean statements too, or this would prove nothing about them.
    expect(taken).toBeGreaterThan(500);
  });
});
