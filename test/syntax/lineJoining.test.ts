import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';
import { printStatement } from '../../src/syntax/print.js';

function parse(text: string) {
  const { ast, diagnostics } = parseSource({ path: 'main.flyimg', text });
  return { statements: ast.statements.map(printStatement), codes: diagnostics.map((d) => d.code) };
}

/** Python's implicit line joining: inside brackets, line breaks and indentation mean nothing. */
describe('line joining', () => {
  it('accepts keyword arguments at column 1 inside brackets, as pasted code has them', () => {
    const text = 'env = flyte.TaskEnvironment(\nname="data-prep",\nimage=flyte.Image.from_ref_name("data-prep"),\ndepends_on=[env_train],\n)\n';
    expect(parse(text)).toEqual({
      statements: ['env = flyte.TaskEnvironment(name="data-prep", image=flyte.Image.from_ref_name("data-prep"), depends_on=[env_train])'],
      codes: [],
    });
  });

  it('never cuts valid Python, even where `name =` at column 1 follows a complete argument', () => {
    expect(parse('a = f(x,\nb = g(1))\nc = 2\n')).toEqual({ statements: ['a = f(x, b=g(1))', 'c = 2'], codes: [] });
    expect(parse('a = f(\nx\n,\nb = 1)\n')).toEqual({ statements: ['a = f(x, b=1)'], codes: [] });
  });

  it('cuts a statement whose brackets never close before the next binding, and reports the bracket once', () => {
    expect(parse('a = f(x\nb = Image.from_base("y")\n')).toEqual({ statements: ['a = f(x)', 'b = Image.from_base("y")'], codes: ['FLY1002'] });
    // `name=value` at column 1 after `(` or `,` stays a keyword argument; `name = value` is a binding.
    expect(parse('a = f(\nname="x",\nimage=y\nb=1\n')).toEqual({ statements: ['a = f(name="x", image=y)', 'b = 1'], codes: ['FLY1002'] });
    expect(parse('a = f(\nname="x",\nb = 1\n')).toEqual({ statements: ['a = f(name="x")', 'b = 1'], codes: ['FLY1002'] });
    expect(parse('a = base.with_apt_packages(\nb = base\n')).toEqual({ statements: ['a = base.with_apt_packages()', 'b = base'], codes: ['FLY1002'] });
  });

  it('reports a missing comma where it is, without cutting balanced brackets', () => {
    const result = parse('image = Image.from_debian_base(\npython_version=(3, 12)\nname="x"\n)\n');
    expect(result.codes).toEqual(['FLY1001']);
  });

  it('reports many unmatched closing brackets, each once', () => {
    const result = parse(`a = f(${'['.repeat(300)}${')'.repeat(300)}\nb = 1\n`);
    expect(result.codes.filter((c) => c === 'FLY1003')).toHaveLength(299);
    expect(result.statements).toContain('b = 1');
  });

  it('joins a chain continued on lines that start with `.`, across blank lines', () => {
    expect(parse('a = Image.from_base("x")\n\n\n.clone(name="a")\n')).toEqual({ statements: ['a = Image.from_base("x").clone(name="a")'], codes: [] });
  });
});
