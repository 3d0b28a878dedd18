import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/format/format.js';

/** Formats `input` (a template, its common indentation removed) and returns the text. */
function fmt(input: string): string {
  const result = formatSource(input, 'test.flyimg');
  if (!result.ok) throw new Error('formatSource refused the input');
  return result.text;
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('formatSource: layout', () => {
  it('puts a chain of two or more calls in parentheses, one call per line', () => {
    expect(fmt('app = Image.from_debian_base(name="app").with_apt_packages("curl").with_pip_packages("x")\n')).toBe(
      lines('app = (', '    Image.from_debian_base(name="app")', '    .with_apt_packages("curl")', '    .with_pip_packages("x")', ')'),
    );
  });

  it('gives every method of a chain on a binding its own line, root included', () => {
    expect(fmt('serve = base.with_pip_packages("fastapi").clone(name="serve")\n')).toBe(
      lines('serve = (', '    base', '    .with_pip_packages("fastapi")', '    .clone(name="serve")', ')'),
    );
  });

  it('keeps one call on one line when it fits', () => {
    expect(fmt('train = base.with_pip_packages(\n    "torch"\n)\n')).toBe(lines('train = base.with_pip_packages("torch")'));
    expect(fmt('p = Path(__file__).parent / "x"\n')).toBe(lines('p = Path(__file__).parent / "x"'));
  });

  it('writes the same file whatever the input layout', () => {
    const expected = lines('app = (', '    Image.from_base("python:3.12-slim")', '    .clone(name="app", registry="r", extendable=True)', ')');
    const layouts = [
      'app = Image.from_base("python:3.12-slim").clone(name="app", registry="r", extendable=True)\n',
      'app = Image.from_base("python:3.12-slim")\n    .clone(name="app", registry="r", extendable=True)\n',
      'app = Image.from_base("python:3.12-slim") \\\n  .clone(name="app", registry="r", extendable=True)\n',
      'app = (Image.from_base(\n"python:3.12-slim").clone(name = "app",\n registry = "r", extendable = True))\n',
      "app = Image . from_base ( 'python:3.12-slim' ) . clone ( name='app' , registry='r' , extendable=True )\n",
    ];
    for (const layout of layouts) expect(fmt(layout)).toBe(expected);
  });

  it('breaks a call that does not fit in 100 columns into one argument per line with a trailing comma', () => {
    const input = 'app = base.with_pip_packages("torch==2.4.0", "torchvision==0.19.0", index_url="https://download.pytorch.org/whl/cpu")\n';
    expect(fmt(input)).toBe(
      lines('app = base.with_pip_packages(', '    "torch==2.4.0",', '    "torchvision==0.19.0",', '    index_url="https://download.pytorch.org/whl/cpu",', ')'),
    );
  });

  it('keeps a call written with a trailing comma one argument per line', () => {
    const input = lines('app = Image.from_dockerfile(', '    "Dockerfile",', '    name="app",', ')');
    expect(fmt(input)).toBe(input);
    expect(fmt('app = Image.from_dockerfile("Dockerfile", name="app",)\n')).toBe(input);
  });

  it('hugs a single list or dict argument that must break', () => {
    const long = '"apt-get update && apt-get install -y curl git build-essential"';
    expect(fmt(`app = base.with_commands([${long}, "echo done"])\n`)).toBe(lines('app = base.with_commands([', `    ${long},`, '    "echo done",', '])'));
    expect(fmt('app = base.with_env_vars({"A": "1",})\n')).toBe(lines('app = base.with_env_vars({', '    "A": "1",', '})'));
  });

  it('writes tuples, lists and dicts the Python way', () => {
    expect(fmt('a = ( 3,12 )\nb = ( "x", )\nc = ( )\nd = [ ]\ne = {"A" : "1","B":2}\n')).toBe(lines('a = (3, 12)', 'b = ("x",)', 'c = ()', 'd = []', 'e = {"A": "1", "B": 2}'));
  });

  it('keeps the parentheses that path joins need', () => {
    expect(fmt('p = (Path("a") / "b").parent / ("c" / Path("d"))\n')).toBe(lines('p = (Path("a") / "b").parent / ("c" / Path("d"))'));
  });

  it('uses double quotes unless the text holds one, and never changes a value', () => {
    expect(fmt(`a = 'x'\nb = 'say "hi"'\nc = "it\\"s"\nd = 'don\\'t'\ne = r'\\d+'\nf = '''x'''\n`)).toBe(
      lines('a = "x"', `b = 'say "hi"'`, `c = 'it"s'`, `d = "don't"`, 'e = r"\\d+"', 'f = """x"""'),
    );
  });

  it('keeps implicitly joined strings, one piece per line when they do not fit', () => {
    expect(fmt('s = "a" \'b\'\n')).toBe(lines('s = "a" "b"'));
    const piece = `"${'x'.repeat(60)}"`;
    expect(fmt(`s = ${piece} ${piece}\n`)).toBe(lines('s = (', `    ${piece}`, `    ${piece}`, ')'));
    expect(fmt(`a = base.with_commands(${piece} ${piece})\n`)).toBe(lines('a = base.with_commands(', `    ${piece}`, `    ${piece},`, ')'));
  });

  it('normalises spacing, blank lines and the end of the file', () => {
    expect(fmt('\n\nimport   "a.flyimg"\nx=1\n\n\n\ny   =   2')).toBe(lines('import "a.flyimg"', 'x = 1', '', 'y = 2'));
    expect(fmt('')).toBe('');
    expect(fmt('\uFEFFx = 1\r\n')).toBe(lines('x = 1'));
  });

  it('keeps a pasted Python import line as written', () => {
    expect(fmt('from flyte import Image   # pasted\nx = 1\n')).toBe(lines('from flyte import Image  # pasted', 'x = 1'));
  });
});

describe('formatSource: comments', () => {
  it('keeps full-line and trailing comments in place', () => {
    const input = lines(
      '# header',
      '',
      'app = (',
      '    Image.from_debian_base(',
      '        python_version=(3, 12),  # the default',
      '        name="app",',
      '    )',
      '    # system packages',
      '    .with_apt_packages("curl")  # one layer',
      '    .with_pip_packages(',
      '        # pinned',
      '        "numpy==2.1.3",',
      '        # nothing else yet',
      '    )',
      '    # the end',
      ')  # done',
      'other = app  # alias',
      '# trailer',
    );
    expect(fmt(input)).toBe(input);
  });

  it('breaks a call that holds a comment', () => {
    expect(fmt('app = base.with_pip_packages("a",  # why\n"b")\n')).toBe(lines('app = base.with_pip_packages(', '    "a",  # why', '    "b",', ')'));
  });

  it('keeps a comment after an opening bracket on its line', () => {
    expect(fmt('app = base.with_commands([  # c\n"a"])\n')).toBe(lines('app = base.with_commands([  # c', '    "a",', '])'));
  });
});

describe('formatSource: refusals', () => {
  it.each([
    ['an unclosed bracket', 'app = Image.from_base("x"\n'],
    ['an unterminated string', 'app = Image.from_base("x)\n'],
    ['an unexpected character', 'app = base ;\n'],
    ['a Python statement', 'def f():\n    pass\n'],
    ['a positional argument after a keyword', 'app = Secret(key="a", "b")\n'],
  ])('does not format a file with %s', (_what, input) => {
    expect(formatSource(input, 'broken.flyimg')).toEqual({ ok: false });
  });
});

describe('docs/formatting.md', () => {
  const markdown = readFileSync(new URL('../../docs/formatting.md', import.meta.url), 'utf8');
  const blocks = [...markdown.matchAll(/^( *)```flyimg\n([\s\S]*?)^\1```$/gm)].map((m) => m[2]!.replace(new RegExp(`^${m[1]}`, 'gm'), ''));

  it('shows examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i is formatted', (_, block) => {
    expect(fmt(block)).toBe(block);
  });
});
