import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSource, shape } from '../../src/format/format.js';
import { parseSource } from '../../src/syntax/parse.js';
import { fuzz } from '../helpers/fuzz.js';

/**
 * Random files, written in random layouts (line breaks anywhere brackets allow them, trailing commas,
 * comments at the ends of lines, dot-continued chains): the formatter must keep the statements and the
 * comments, and a second run must change nothing.
 */

/** Text between two tokens inside brackets: a space, nothing, or a line break with or without a comment. */
const gap = fc.oneof(fc.constant(''), fc.constant(' '), fc.constant('\n    '), fc.constant('  # note\n        '), fc.constant('\n\n  '));

const name = fc.constantFrom('base', 'app', 'x1', 'PY', 'Image', 'Path', 'Secret', '__file__');
const string = fc.oneof(
  fc.constantFrom('"curl"', "'git'", '"say \\"hi\\""', "'it\\'s'", 'r"\\d+"', '"""multi\nline"""', "'''x'''", '"a" "b"', '"tab\\there"'),
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', '=', '/', '.'), maxLength: 60 }).map((s) => `"${s}"`),
);
const atom = fc.oneof(name, string, fc.constantFrom('3', '12', '3.12', 'True', 'False', 'None'));

const expr: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(fc.array(tie('expr'), { maxLength: 4 }), gap, fc.boolean()).map(([items, g, comma]) => `[${g}${items.join(`,${g}`)}${comma && items.length > 0 ? ',' : ''}${g}]`),
    fc.tuple(fc.array(tie('expr'), { minLength: 2, maxLength: 3 }), gap, fc.boolean()).map(([items, g, comma]) => `(${g}${items.join(`,${g}`)}${comma ? ',' : ''}${g})`),
    tie('expr').map((item) => `(${item},)`),
    fc.tuple(fc.array(fc.tuple(string, tie('expr')), { maxLength: 3 }), gap).map(([entries, g]) => `{${g}${entries.map(([k, v]) => `${k}: ${v}`).join(`,${g}`)}${g}}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} / ${b})`),
    fc.tuple(
      name,
      fc.array(fc.tuple(fc.constantFrom('with_apt_packages', 'clone', 'parent', 'with_pip_packages'), fc.boolean()), { minLength: 1, maxLength: 4 }),
      fc.array(fc.oneof(tie('expr'), fc.tuple(fc.constantFrom('name', 'registry', 'pre'), tie('expr')).map(([k, v]) => `${k}=${v}`)), { maxLength: 3 }),
      gap,
      fc.boolean(),
    ).map(([root, links, args, g, comma]) =>
      links.reduce<string>((acc, [method, called]) => `${acc}.${method}${called ? `(${g}${args.join(`,${g}`)}${comma && args.length > 0 ? ',' : ''}${g})` : ''}`, root),
    ),
  ),
})).expr;

/** A binding, maybe parenthesised (then its chain may break before dots) and with a trailing comment. */
const binding = fc
  .tuple(fc.constantFrom('a', 'b', 'img', 'value'), expr, fc.boolean(), fc.boolean())
  .map(([n, value, parens, comment]) => `${n} = ${parens ? `(\n    ${value.replace(/\.(with_|clone)/g, '\n    .$1')}\n)` : value}${comment ? '  # why' : ''}`);

const file = fc
  .tuple(fc.array(fc.tuple(binding, fc.constantFrom('\n', '\n\n', '\n# between\n', '\n\n\n')), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([items, header]) => `${header ? '# header\n\n' : ''}${items.map(([b, sep]) => b + sep).join('')}`);

describe('formatSource on random files and layouts', () => {
  it('keeps statements and comments, and is idempotent', () => {
    fuzz(
      fc.property(file, (text) => {
        const before = parseSource({ path: 'p.flyimg', text });
        fc.pre(before.diagnostics.every((d) => d.severity !== 'error'));
        const first = formatSource(text, 'p.flyimg');
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const after = parseSource({ path: 'p.flyimg', text: first.text });
        expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(shape(after.ast.statements)).toBe(shape(before.ast.statements));
        expect(after.ast.comments.map((c) => c.text.trimEnd()).sort()).toEqual(before.ast.comments.map((c) => c.text.trimEnd()).sort());
        expect(formatSource(first.text, 'p.flyimg')).toEqual(first);
      }),
      400,
    );
  });
});
