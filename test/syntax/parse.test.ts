import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';
import { printStatement } from '../../src/syntax/print.js';

function parse(text: string) {
  const { ast, diagnostics } = parseSource({ path: 'main.flyimg', text });
  return { statements: ast.statements.map(printStatement), codes: diagnostics.map((d) => d.code), ast };
}

function parsesTo(text: string, ...expected: string[]) {
  const result = parse(text);
  expect(result.codes).toEqual([]);
  expect(result.statements).toEqual(expected);
}

describe('parser', () => {
  it('parses a binding with a fluent chain, keywords and a tuple', () => {
    parsesTo(
      'app = Image.from_debian_base(python_version=(3, 11)).with_pip_packages("a", "b")',
      'app = Image.from_debian_base(python_version=(3, 11)).with_pip_packages("a", "b")',
    );
  });

  it('accepts newlines inside brackets, trailing commas and a parenthesised whole expression', () => {
    parsesTo(
      `app = (
    Image.from_debian_base(
        python_version=(3, 12),
        name="app",
    )
    .with_apt_packages(
        "curl",
        "git",
    )
)`,
      'app = Image.from_debian_base(python_version=(3, 12), name="app").with_apt_packages("curl", "git")',
    );
  });

  it('continues a chain on a line that starts with a dot', () => {
    parsesTo('app = base\n    .with_pip_packages("x")\n\n    .with_workdir("/app")', 'app = base.with_pip_packages("x").with_workdir("/app")');
  });

  it('continues a line after a backslash', () => {
    parsesTo('app = base \\\n  .with_pip_packages("x")', 'app = base.with_pip_packages("x")');
  });

  it('reads every literal kind', () => {
    parsesTo(
      `x = f("a", 'b', 1, 3.10, True, False, None, (), (1,), [1, 2,], {"k": "v", 'n': 2,}, Path("p"))`,
      'x = f("a", "b", 1, 3.10, True, False, None, (), (1,), [1, 2], {"k": "v", "n": 2}, Path("p"))',
    );
  });

  it('decodes escapes, raw strings, triple quotes and adjacent literals', () => {
    const { ast } = parse(`x = f("a\\tb\\n\\"q\\" \\x41\\u00e9", r"\\d+", """multi
line""", "con" 'cat')`);
    const binding = ast.statements[0]!;
    expect(binding.kind).toBe('Binding');
    if (binding.kind !== 'Binding' || binding.value.kind !== 'Call') throw new Error('expected a call');
    const values = binding.value.args.map((a) => (a.value.kind === 'Str' ? a.value.value : undefined));
    expect(values).toEqual(['a\tb\n"q" Aé', '\\d+', 'multi\nline', 'concat']);
  });

  it('parses imports, comments and the path join operator', () => {
    const result = parse('# leading\nimport "common/base.flyimg"  # trailing\nreq = Path("a") / "b" / "c.txt"\n');
    expect(result.codes).toEqual([]);
    expect(result.statements).toEqual(['import "common/base.flyimg"', 'req = Path("a") / "b" / "c.txt"']);
    expect(result.ast.comments.map((c) => c.text)).toEqual([' leading', ' trailing']);
  });

  it('gives every node a half-open span', () => {
    const { ast } = parse('app = Image.from_base("x")');
    const binding = ast.statements[0]!;
    if (binding.kind !== 'Binding') throw new Error('expected a binding');
    expect([binding.name.span.start, binding.name.span.end]).toEqual([0, 3]);
    expect([binding.value.span.start, binding.value.span.end]).toEqual([6, 26]);
    expect(binding.span.end).toBe(26);
  });

  it('warns about pasted Python imports and ignores them', () => {
    const result = parse('from flyte import Image\nimport flyte\napp = Image.from_base("x")');
    expect(result.codes).toEqual(['FLY1008', 'FLY1008']);
    expect(result.statements).toEqual(['app = Image.from_base("x")']);
  });

  it('refuses unsupported Python syntax with a named construct', () => {
    expect(parse('x = f(*args)').codes).toEqual(['FLY1007']);
    expect(parse('x = a[0]').codes).toEqual(['FLY1007']);
    expect(parse('def f(): pass').codes).toEqual(['FLY1007']);
    // f-strings and byte strings parse (so pasted code parses); the checker refuses them.
    expect(parse('x = f"flyte=={v}"').codes).toEqual([]);
    expect(parse('a.b = 1').codes).toEqual(['FLY1007']);
  });

  it('refuses positional arguments after keyword arguments', () => {
    expect(parse('x = f(a=1, 2)').codes).toEqual(['FLY1006']);
  });

  it('requires statements to be bindings', () => {
    expect(parse('Image.from_base("x")').codes).toEqual(['FLY1005']);
  });
});
