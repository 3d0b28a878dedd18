import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScriptMetadata, type ScriptMetadataResult } from '../../src/check/pep723.js';

// The example from PEP 723 itself.
const PEP_EXAMPLE = `# /// script
# requires-python = ">=3.11"
# dependencies = [
#   "requests<3",
#   "rich",
# ]
# ///

import requests
from rich.pretty import pprint

resp = requests.get("https://peps.python.org/api/peps.json")
data = resp.json()
pprint([(k, v["title"]) for k, v in data.items()][:10])
`;

function ok(result: ScriptMetadataResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.message}`);
  return result.metadata;
}

function failure(result: ScriptMetadataResult) {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

/** The text a span covers, which is what a user sees underlined. */
const cut = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('parseScriptMetadata reads', () => {
  it('the example from PEP 723', () => {
    const m = ok(parseScriptMetadata(PEP_EXAMPLE));
    expect(m.requiresPython).toBe('>=3.11');
    expect(m.dependencies).toEqual(['requests<3', 'rich']);
    expect(m.tool).toBeUndefined();
    expect(m.block).toEqual({ start: 0, end: PEP_EXAMPLE.indexOf('# ///\n') + 5 });
    expect(m.dependencySpans.map((s) => cut(PEP_EXAMPLE, s))).toEqual(['requests<3', 'rich']);
    expect(m.dependencySpans[0]?.start).toBe(PEP_EXAMPLE.indexOf('requests<3'));
  });

  it('the same script with CRLF line ends', () => {
    const text = PEP_EXAMPLE.replace(/\n/g, '\r\n');
    const m = ok(parseScriptMetadata(text));
    expect(m.requiresPython).toBe('>=3.11');
    expect(m.dependencies).toEqual(['requests<3', 'rich']);
    expect(m.dependencySpans.map((s) => cut(text, s))).toEqual(['requests<3', 'rich']);
    expect(cut(text, m.block)).toBe(PEP_EXAMPLE.slice(0, PEP_EXAMPLE.indexOf('# ///\n') + 5).replace(/\n/g, '\r\n'));
  });

  it('a block after a shebang, with a [tool] table', () => {
    const text = [
      '#!/usr/bin/env -S uv run --script',
      '# /// script',
      '# dependencies = []',
      '#',
      '# [tool.uv]',
      '# exclude-newer = "2024-01-01T00:00:00Z"',
      '# ///',
      'print("hi")',
    ].join('\n');
    const m = ok(parseScriptMetadata(text));
    expect(m.dependencies).toEqual([]);
    expect(m.requiresPython).toBeUndefined();
    expect(m.tool).toEqual({ uv: { 'exclude-newer': '2024-01-01T00:00:00Z' } });
    expect(m.block.start).toBe(text.indexOf('# /// script'));
  });

  it('an empty block, as uv does (the PEP text allows it; its regex does not)', () => {
    const m = ok(parseScriptMetadata('# /// script\n# ///\n'));
    expect(m).toEqual({ dependencies: [], block: { start: 0, end: 18 }, dependencySpans: [] });
  });

  it('a block at the very end of the file, without a final newline', () => {
    const text = 'import x\n# /// script\n# dependencies = ["a"]\n# ///';
    const m = ok(parseScriptMetadata(text));
    expect(m.block).toEqual({ start: 9, end: text.length });
    expect(m.dependencies).toEqual(['a']);
  });

  it('dependency spans across literal strings, escapes, comments and multi-line strings', () => {
    const text = [
      '# /// script',
      '# dependencies = [ # the list',
      "#   'numpy>=2',   # literal",
      '#   "pan\\u0064as",',
      '#   """',
      '# rich""",',
      "#   '''httpx''' ,",
      '#   "a\\"b" ,',
      '# ]',
      '# ///',
    ].join('\n');
    const result = parseScriptMetadata(text);
    // `a"b` is not a valid requirement, so drop it to check the rest first.
    expect(result).toMatchObject({ ok: false, reason: 'invalid-field' });
    expect(cut(text, failure(result))).toBe('a\\"b');
    const m = ok(parseScriptMetadata(text.replace('#   "a\\"b" ,\n', '')));
    expect(m.dependencies).toEqual(['numpy>=2', 'pandas', 'rich', 'httpx']);
    const fixed = text.replace('#   "a\\"b" ,\n', '');
    expect(m.dependencySpans.map((s) => cut(fixed, s))).toEqual(['numpy>=2', 'pan\\u0064as', 'rich', 'httpx']);
  });

  it('keys written as quoted strings, and values after a table header are not top-level', () => {
    const text = '# /// script\n# "dependencies" = ["x"]\n# [tool.other]\n# dependencies = 1\n# ///\n';
    const m = ok(parseScriptMetadata(text));
    expect(m.dependencies).toEqual(['x']);
    expect(m.dependencySpans.map((s) => cut(text, s))).toEqual(['x']);
  });

  it('only `script` blocks, ignoring blocks of other types (including the PEP precedence example)', () => {
    const other = [
      '# /// some-toml',
      '# embedded-csharp = """',
      '# /// <summary>',
      '# /// text',
      '# ///',
      '# /// </summary>',
      '# public class MyClass { }',
      '# """',
      '# ///',
    ].join('\n');
    expect(failure(parseScriptMetadata(other)).reason).toBe('missing');
    const m = ok(parseScriptMetadata(`${other}\n\n# /// script\n# dependencies = ["a"]\n# ///\n`));
    expect(m.dependencies).toEqual(['a']);
  });

  it('a `# /// script` line inside another type of block as that block’s content', () => {
    const text = '# /// other\n# /// script\n# ///\n';
    expect(failure(parseScriptMetadata(text)).reason).toBe('missing');
  });
});

describe('parseScriptMetadata reports', () => {
  it('a missing block at 0..0', () => {
    for (const text of ['', 'print(1)\n', ' # /// script\n # ///\n', '# /// script \n# ///\n', '#/// script\n#///\n']) {
      expect(parseScriptMetadata(text)).toEqual({ ok: false, reason: 'missing', message: 'no `# /// script` block found', start: 0, end: 0 });
    }
  });

  it('invalid TOML at its position in the original text', () => {
    const text = '# /// script\n# requires-python = >=3.11\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('invalid-toml');
    expect(f.message).toMatch(/^invalid TOML in the script block: [a-z]/);
    expect(f.message).not.toMatch(/\n|\.$/);
    expect(f.start).toBe(text.indexOf('>=3.11'));
    expect(f.end).toBe(f.start + 1);
  });

  it('invalid TOML on a later line, accounting for the stripped `# ` and for CRLF', () => {
    const lf = '# /// script\n# dependencies = [\n#   "a",\n#   "b" "c",\n# ]\n# ///\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    for (const text of [lf, crlf]) {
      const f = failure(parseScriptMetadata(text));
      expect(f.reason).toBe('invalid-toml');
      const line = text.indexOf('#   "b" "c"');
      expect(f.start).toBeGreaterThan(line + 2);
      expect(f.start).toBeLessThanOrEqual(text.indexOf('"c"', line));
    }
    // Both line ends give the same column on that line.
    const a = failure(parseScriptMetadata(lf));
    const b = failure(parseScriptMetadata(crlf));
    expect(a.start - lf.indexOf('#   "b"')).toBe(b.start - crlf.indexOf('#   "b"'));
  });

  it('invalid TOML after a bare `#` line', () => {
    const text = '# /// script\n#\n# x = = 1\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('invalid-toml');
    const line = text.indexOf('# x');
    expect(f.start).toBeGreaterThanOrEqual(line + 2);
    expect(f.start).toBeLessThan(line + 9);
  });

  it('TOML that ends too early at the end of the last content line', () => {
    const text = '# /// script\n# dependencies = [\n#   "a",\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('invalid-toml');
    expect(f.start).toBe(text.indexOf('"a",') + 4);
  });

  it('a bad dependency with the span of its string', () => {
    const text = PEP_EXAMPLE.replace('"rich"', '"rich=>13"');
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('invalid-field');
    expect(f.message).toBe('invalid dependency `rich=>13`: `=>` is not a version operator; did you mean `>=`?');
    expect(cut(text, f)).toBe('rich=>13');
  });

  it('a bare URL dependency, which PEP 508 (unlike `uv pip install`) does not allow', () => {
    const text = '# /// script\n# dependencies = ["git+https://github.com/a/b.git"]\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('invalid-field');
    expect(f.message).toMatch(/must name its project, as in `name @ URL`/);
    expect(cut(text, f)).toBe('git+https://github.com/a/b.git');
  });

  it('fields of the wrong type at their value', () => {
    const cases: [string, RegExp, string][] = [
      ['requires-python = 3.11', /^`requires-python` must be a string/, '3.11'],
      ['requires-python = "3.11"', /^invalid `requires-python`: missing version operator/, '3.11'],
      ['dependencies = "numpy"', /^`dependencies` must be an array of strings$/, 'numpy'],
      ['dependencies = { numpy = "1" }', /^`dependencies` must be an array of strings$/, '{ numpy = "1" }'],
      ['dependencies = ["a", 1]', /^each entry of `dependencies` must be a string$/, '1'],
      ['dependencies = [["a"]]', /^each entry of `dependencies` must be a string$/, '["a"]'],
      ['tool = 1', /^`tool` must be a table$/, '1'],
    ];
    for (const [line, message, bad] of cases) {
      const text = `# /// script\n# ${line}\n# ///\n`;
      const f = failure(parseScriptMetadata(text));
      expect(f.reason, line).toBe('invalid-field');
      expect(f.message, line).toMatch(message);
      expect(cut(text, f), line).toBe(bad);
    }
  });

  it('two `script` blocks, at the second', () => {
    const block = '# /// script\n# dependencies = ["a"]\n# ///\n';
    const text = `${block}\nimport a\n\n${block}`;
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('duplicate-block');
    expect(f.start).toBe(block.length + 11);
    expect(cut(text, f)).toBe('# /// script');
  });

  it('a `# /// script` line inside the `script` block', () => {
    const text = '# /// script\n# dependencies = []\n# /// script\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('duplicate-block');
    expect(f.start).toBe(text.indexOf('# /// script', 1));
  });

  it('a block that is never closed, at its opening line', () => {
    const text = 'import x\n# /// script\n# dependencies = ["a"]\n\nprint(1)\n';
    expect(parseScriptMetadata(text)).toEqual({
      ok: false,
      reason: 'invalid-toml',
      message: 'the `# /// script` block is never closed with `# ///`',
      start: 9,
      end: 21,
    });
    expect(failure(parseScriptMetadata('# /// script')).reason).toBe('invalid-toml');
    expect(failure(parseScriptMetadata('# /// script\r\n# x = 1\r\n')).end).toBe(12);
  });

  it('an unclosed block even when a later one is closed', () => {
    const text = '# /// script\n# a = 1\n\n# /// script\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f).toMatchObject({ reason: 'invalid-toml', start: 0, end: 12 });
  });

  it('the content up to the last `# ///` of a comment run, as the PEP’s precedence rule says', () => {
    // The first `# ///` is followed by more comment lines, so it does not close the block.
    const text = '# /// script\n# dependencies = []\n# ///\n#\n# ///\n';
    const f = failure(parseScriptMetadata(text));
    expect(f.reason).toBe('invalid-toml');
    expect(f.start).toBe(text.indexOf('///', 20));
  });
});

describe('parseScriptMetadata properties', () => {
  const wellFormed = (text: string, result: ScriptMetadataResult) => {
    if (result.ok) {
      const { block, dependencySpans, dependencies } = result.metadata;
      expect(0 <= block.start && block.start <= block.end && block.end <= text.length).toBe(true);
      expect(dependencySpans).toHaveLength(dependencies.length);
      for (const s of dependencySpans) expect(block.start <= s.start && s.start <= s.end && s.end <= block.end).toBe(true);
    } else {
      expect(0 <= result.start && result.start <= result.end && result.end <= text.length).toBe(true);
      expect(result.message).not.toMatch(/internal error/);
    }
  };

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => wellFormed(text, parseScriptMetadata(text))),
      { numRuns: 1000 },
    );
  });

  it('never throws on random script-shaped text', () => {
    const line = fc.constantFrom(
      '# /// script',
      '# ///',
      '# /// other',
      '#',
      '# dependencies = [',
      '#   "numpy>=2",',
      "#   'x' ,",
      '#   """a',
      '# ]',
      '# requires-python = ">=3.9"',
      '# [tool.uv]',
      '# x = 1',
      '',
      'print(1)',
      '#!/usr/bin/env python',
    );
    const text = fc
      .tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, eol]) => lines.join(eol));
    fc.assert(
      fc.property(text, (t) => wellFormed(t, parseScriptMetadata(t))),
      { numRuns: 3000 },
    );
  });

  it('finds every generated dependency at its span', () => {
    const dep = fc.constantFrom('numpy', 'numpy>=2', 'rich[jupyter]', 'a @ https://x.org/a.whl', "b; python_version<'4'");
    const quote = fc.constantFrom('"', "'");
    fc.assert(
      fc.property(fc.array(fc.tuple(dep, quote, fc.constantFrom('', ' ', '  # c')), { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (deps, eol) => {
        const lines = ['# /// script', '# dependencies = [', ...deps.map(([d, q, after]) => (d.includes(q) ? `#   "${d}",${after}` : `#   ${q}${d}${q},${after}`)), '# ]', '# ///'];
        const text = lines.join(eol) + eol;
        const m = ok(parseScriptMetadata(text));
        expect(m.dependencies).toEqual(deps.map(([d]) => d));
        expect(m.dependencySpans.map((s) => cut(text, s))).toEqual(deps.map(([d]) => d));
      }),
      { numRuns: 300 },
    );
  });
});
