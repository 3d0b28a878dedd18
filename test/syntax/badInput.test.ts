import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../helpers/check.js';

describe('bad input gets a located diagnostic, never an exception', () => {
  it('reports an unterminated string at its opening quote', () => {
    expect(diagnosticsOf('a = Image.from_base("x")\nb = Image.from_base("python:3.12)\n')).toEqual([{ code: 'FLY0002', line: 2, column: 21 }]);
  });

  it('reports an unterminated triple-quoted string', () => {
    expect(diagnosticsOf('a = Path("""never closed\n\nb = 1\n')).toEqual([{ code: 'FLY0002', line: 1, column: 10 }]);
  });

  it('reports an unclosed bracket and keeps checking the next binding', () => {
    expect(diagnosticsOf('a = Image.from_base("x"\nb = missing_name\n')).toEqual([
      { code: 'FLY1002', line: 1, column: 20 },
      { code: 'FLY2001', line: 2, column: 5 },
    ]);
  });

  it('reports an unmatched closing bracket', () => {
    expect(diagnosticsOf('a = Image.from_base("x"))\n')).toEqual([{ code: 'FLY1003', line: 1, column: 25 }]);
  });

  it('reports mismatched brackets at the one left open', () => {
    const source = 'a = Image.from_debian_base(platform=["linux/amd64", "linux/arm64")\n';
    expect(diagnosticsOf(source)).toEqual([{ code: 'FLY1002', line: 1, column: source.indexOf('[') + 1 }]);
  });

  it('reports stray tokens', () => {
    expect(diagnosticsOf('a = Image.from_base("x") Image\n')).toEqual([{ code: 'FLY1001', line: 1, column: 26 }]);
    expect(diagnosticsOf('a = Image.from_base("x") @\n')).toEqual([{ code: 'FLY0003', line: 1, column: 26 }]);
    expect(diagnosticsOf('a = Image.from_base("x").\n')).toEqual([{ code: 'FLY1001', line: 1, column: 26 }]);
    expect(diagnosticsOf('= 3\n')).toEqual([{ code: 'FLY1001', line: 1, column: 1 }]);
  });

  it('counts a tab as one column', () => {
    expect(diagnosticsOf('a =\tImage.from_base(\t"x") $\n')).toEqual([{ code: 'FLY0003', line: 1, column: 27 }]);
  });

  it('treats CRLF and CR as one line break each', () => {
    expect(diagnosticsOf('a = Image.from_base("x")\r\n\r\nb = nope\r\n')).toEqual([{ code: 'FLY2001', line: 3, column: 5 }]);
    expect(diagnosticsOf('a = Image.from_base("x")\rb = nope\r')).toEqual([{ code: 'FLY2001', line: 2, column: 5 }]);
  });

  it('ignores a UTF-8 byte order mark', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a = nope\n')]);
    expect(diagnosticsOf(bom)).toEqual([{ code: 'FLY2001', line: 1, column: 5 }]);
  });

  it('accepts unicode in strings and counts columns in UTF-16 units', () => {
    expect(diagnosticsOf('a = Path("ünïcødé 🐳")\n')).toEqual([]);
    expect(diagnosticsOf('a = Path("🐳") nope\n')).toEqual([{ code: 'FLY1001', line: 1, column: 16 }]);
  });

  it('refuses a unicode letter in a name', () => {
    expect(diagnosticsOf('café = 1\n')).toEqual([
      { code: 'FLY0003', line: 1, column: 4 },
    ]);
  });

  it('warns about an empty file', () => {
    expect(diagnosticsOf('')).toEqual([{ code: 'FLY2007', line: 1, column: 1 }]);
    expect(diagnosticsOf('# only a comment\n\n')).toEqual([{ code: 'FLY2007', line: 1, column: 1 }]);
  });

  it('refuses a binary file at its first bad byte', () => {
    expect(diagnosticsOf(new Uint8Array([0x61, 0x20, 0x3d, 0x0a, 0x00, 0x01, 0x02]))).toEqual([{ code: 'FLY0001', line: 2, column: 1 }]);
    expect(diagnosticsOf(new Uint8Array([0x61, 0x20, 0xff, 0xfe]))).toEqual([{ code: 'FLY0001', line: 1, column: 3 }]);
  });

  it('handles a 1 MB file', () => {
    const line = 'app_NNNN = Image.from_debian_base(python_version=(3, 12), name="app").with_pip_packages("numpy==2.0.0")\n';
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 1_000_000; i++, size += line.length) lines.push(line.replace('NNNN', String(i)));
    lines.push('broken = (\n');
    const result = diagnosticsOf(lines.join(''));
    expect(result).toEqual([{ code: 'FLY1002', line: lines.length, column: 10 }]);
  });

  it('refuses brackets nested too deeply, without exhausting the stack', () => {
    const deep = `a = ${'('.repeat(5000)}1${')'.repeat(5000)}\nb = nope\n`;
    expect(diagnosticsOf(deep)).toEqual([
      { code: 'FLY1004', line: 1, column: 5 + 64 },
      { code: 'FLY2001', line: 2, column: 5 },
    ]);
  });

  it('refuses chains that are too long, without exhausting the stack', () => {
    const chain = `a = base${'.with_pip_packages("x")'.repeat(20_000)}\n`;
    expect(diagnosticsOf(chain).map((d) => d.code)).toEqual(['FLY1004']);
  });

  it('handles unbalanced brackets in huge numbers', () => {
    // A run of unmatched closers is one mistake, reported once over the whole run (each one on its own
    // would render the whole long line once per bracket); closers on separate lines are reported each.
    expect(diagnosticsOf(')'.repeat(10_000))).toEqual([{ code: 'FLY1003', line: 1, column: 1 }]);
    expect(diagnosticsOf(')\n'.repeat(10_000)).length).toBe(10_000);
    expect(diagnosticsOf(`a = ${'['.repeat(10_000)}`).map((d) => d.code)).toEqual(['FLY1004']);
  });

  it('reports three independent mistakes, each at its place', () => {
    const source = [
      'base = Image.from_debian_base(python_version=(3, 12), name="base")',
      'broken = base.with_pip_packages("requests"',
      'app = base.with_apt_packages("git") ;',
      'other = bsae.with_workdir("/srv")',
      '',
    ].join('\n');
    expect(diagnosticsOf(source)).toEqual([
      { code: 'FLY1002', line: 2, column: 32 },
      { code: 'FLY0003', line: 3, column: 37 },
      { code: 'FLY2001', line: 4, column: 9 },
    ]);
  });
});
