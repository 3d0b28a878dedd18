import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { pathKey, tomlPositions } from '../../src/files/tomlPositions.js';
import { analyze } from '../../src/analyze.js';
import { memoryHost } from '../helpers/memoryHost.js';

const TEXT = [
  'top = "a" # comment',
  'list = ["x", \'y\', 3]',
  '',
  '[images]',
  'app = "ghcr.io/acme/app:1"',
  '"quoted.key" = "q"',
  '"esc\\tkey" = 1',
  'dotted.inner = true',
  '',
  '[[packages]]',
  'name = """',
  'multi"""',
  '',
  '[build]',
  'opts = { registry = "r.io", nested = { x = 1 } }',
].join('\n');

const slice = (r: { start: number; end: number } | undefined) => (r ? TEXT.slice(r.start, r.end) : undefined);

describe('tomlPositions: where the keys, values and headers of a TOML document are written', () => {
  const positions = tomlPositions(TEXT);
  const key = (...path: string[]) => positions.keys.get(pathKey(path));

  it('scans a document that parses to the end', () => {
    expect(() => parse(TEXT)).not.toThrow();
    expect(positions.complete).toBe(true);
  });

  it('finds keys under their tables, values as written, and string contents', () => {
    expect(slice(key('top')?.key)).toBe('top');
    expect(slice(key('top')?.value)).toBe('"a"');
    expect(slice(key('top')?.value.content)).toBe('a');
    expect(slice(key('images', 'app')?.value.content)).toBe('ghcr.io/acme/app:1');
    expect(slice(key('images', 'quoted.key')?.key)).toBe('"quoted.key"');
    expect(slice(key('images', 'esc\tkey')?.key)).toBe('"esc\\tkey"');
    expect(slice(key('images', 'dotted', 'inner')?.key)).toBe('dotted.inner');
    expect(slice(key('packages', 'name')?.value.content)).toBe('multi');
  });

  it('finds array elements, inline-table keys and table headers', () => {
    expect(key('list')?.value.elements?.map((e) => slice(e))).toEqual(['"x"', "'y'", '3']);
    expect(slice(key('build', 'opts', 'registry')?.value)).toBe('"r.io"');
    expect(slice(key('build', 'opts', 'nested', 'x')?.value)).toBe('1');
    expect(slice(positions.tables.get(pathKey(['images'])))).toBe('[images]');
    expect(slice(positions.tables.get(pathKey(['packages'])))).toBe('[[packages]]');
  });

  it('keeps what it found before something it does not expect', () => {
    const partial = tomlPositions('a = 1\nb = "open\n');
    expect(partial.complete).toBe(false);
    expect(partial.keys.has(pathKey(['a']))).toBe(true);
  });

  it('is what flyimg.toml diagnostics point at: the value of an invalid reference, in an inline table too', () => {
    const config = '[build]\nregistry = "ok.io"\n\n[images]\nbase = { } # not a string\n';
    const toml = '[images]\nbase = "bad ref"\n';
    for (const [text, line] of [[toml, 2]] as const) {
      const analysis = analyze(['main.flyimg'], memoryHost({ 'main.flyimg': '', 'flyimg.toml': text }));
      const d = analysis.diagnostics.find((x) => x.primary?.span.file === 'flyimg.toml');
      expect(d && text.slice(d.primary!.span.start, d.primary!.span.end)).toBe('"bad ref"');
      expect(d && text.slice(0, d.primary!.span.start).split('\n').length).toBe(line);
    }
    const typed = analyze(['main.flyimg'], memoryHost({ 'main.flyimg': '', 'flyimg.toml': config })).diagnostics.find((x) => x.code === 'FLY9006');
    expect(typed && config.slice(typed.primary!.span.start, typed.primary!.span.end)).toBe('base');
  });
});
