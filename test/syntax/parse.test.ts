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

  it('accepts pasted imports of flyte and pathlib and records the names they bind', () => {
    const result = parse('from flyte import Image, Secret as S\nimport flyte\nimport pathlib as pl, os.path\nfrom pathlib import (Path,)\napp = Image.from_base("x")');
    expect(result.codes).toEqual(['FLY1008']); // os.path only
    expect(result.statements).toEqual(['app = Image.from_base("x")']);
    const bound = (result.ast.pythonImports ?? []).map((i) => `${i.module}:${i.names.map((n) => `${n.imported}>${n.bound}`).join(',')}`);
    expect(bound).toEqual(['flyte:Image>Image,Secret>S', 'flyte:flyte>flyte', 'pathlib:pathlib>pl', 'os.path:os.path>os', 'pathlib:Path>Path']);
  });

  it('warns about imports of other Python modules and names the .flyimg import to write instead', () => {
    const { diagnostics } = parseSource({ path: 'main.flyimg', text: 'from workflow_code.envs import env_data, env_train\nfrom .common import base\n' });
    expect(diagnostics.map((d) => [d.code, d.help?.match(/import "[^"]+"/)?.[0]])).toEqual([
      ['FLY1008', 'import "workflow_code/envs.flyimg"'],
      ['FLY1008', 'import "common.flyimg"'],
    ]);
  });

  it('accepts a docstring and ignores it', () => {
    parsesTo('"""The images of the team."""\napp = Image.from_base("x")\n', 'app = Image.from_base("x")');
  });

  it('refuses unsupported Python syntax with a named construct', () => {
    expect(parse('x = f(*args)').codes).toEqual(['FLY1007']);
    expect(parse('x = a[0]').codes).toEqual(['FLY1007']);
    expect(parse('def f(): pass').codes).toEqual(['FLY1040']);
    // f-strings and byte strings parse (so pasted code parses); the checker refuses them.
    expect(parse('x = f"flyte=={v}"').codes).toEqual([]);
    expect(parse('a.b = 1').codes).toEqual(['FLY1007']);
  });

  it('refuses positional arguments after keyword arguments', () => {
    expect(parse('x = f(a=1, 2)').codes).toEqual(['FLY1006']);
  });

  it('reports Python code once per file, at the first construct, naming the others, whatever it holds', () => {
    const text = [
      'from workflow_code.envs import env_data',
      'app = Image.from_base("x")',
      '@env_data.task',
      'async def prepare(raw: str = "Hello World") -> float:',
      '    processed = raw.strip().lower()',
      '    return await train(processed)',
      'other = Image.from_base("y")',
      'if __name__ == "__main__":',
      '    flyte.deploy(env_data, copy_style="none")',
      '    print(f"{x}") ; $',
      'last = Image.from_base("z")',
    ].join('\n');
    const { ast, diagnostics } = parseSource({ path: 'main.flyimg', text });
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['FLY1008', 'FLY1040']);
    const python = diagnostics.find((d) => d.code === 'FLY1040')!;
    expect(python.message).toBe('the decorated function `prepare` is Python code, not an image definition');
    expect(text.slice(python.primary!.span.start, python.primary!.span.end)).toMatch(/^@env_data.task\nasync def prepare/);
    expect(python.related.map((r) => text.slice(r.span.start, r.span.end))).toEqual(['if __name__ == "__main__":']);
    expect(python.help).toMatch(/lines 3–6, lines 8–10/);
    expect(python.notes).toEqual([]);
    // The indented bodies end where the indentation does: the bindings around them are kept.
    expect(ast.statements.map(printStatement)).toEqual(['app = Image.from_base("x")', 'other = Image.from_base("y")', 'last = Image.from_base("z")']);
  });

  it('takes a block whose body lost its indentation to run to the end of the file, and says so', () => {
    const text = '@env_train.task\nasync def train(processed: str) -> float:\n# a comment\nreturn float(len(processed))\nprocessed = raw.strip()\n';
    const { ast, diagnostics } = parseSource({ path: 'main.flyimg', text });
    expect(diagnostics.map((d) => d.code)).toEqual(['FLY1040']);
    expect(diagnostics[0]!.notes[0]).toMatch(/not indented.*from line 1 to the end of the file/);
    expect(ast.statements).toEqual([]);
  });

  it('recognises one-line Python statements and expressions with Python keywords', () => {
    expect(parse('x = await f()').codes).toEqual(['FLY1040']);
    expect(parse('x = [a for a in b]').codes).toEqual(['FLY1040']);
    expect(parse('x = lambda: 1').codes).toEqual(['FLY1040']);
    expect(parse('pass').codes).toEqual(['FLY1040']);
    expect(parse('print("hello")').codes).toEqual(['FLY1040']);
    // Names that are not Python keywords stay names.
    expect(parse('print = "x"').codes).toEqual([]);
  });

  it("takes calls that do things (flyte's runtime, methods of results) for Python code, one diagnostic for all", () => {
    const text = 'flyte.init_from_config(root_dir=HERE)\nrun = flyte.with_runcontext(version="dev").run(prepare)\nprint(run.url)\nrun.wait()\n';
    const { diagnostics } = parseSource({ path: 'main.flyimg', text });
    expect(diagnostics.map((d) => d.code)).toEqual(['FLY1040']);
    expect(diagnostics[0]!.message).toBe('the call `flyte.init_from_config(...)` is Python code, not an image definition');
    expect(diagnostics[0]!.related).toHaveLength(3);
    // An image chain on its own is a missing name, not Python code; so is one with the flyte. prefix.
    expect(parse('Image.from_base("x")').codes).toEqual(['FLY1005']);
    expect(parse('flyte.Image.from_base("x")').codes).toEqual(['FLY1005']);
  });

  it('requires statements to be bindings', () => {
    expect(parse('Image.from_base("x")').codes).toEqual(['FLY1005']);
  });
});
