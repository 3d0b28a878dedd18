import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { compile } from '../../src/compile.js';
import { encodeCanonical } from '../../src/hash/canonical.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { memoryHost } from '../helpers/memoryHost.js';

function tagsOf(source: string, files: Record<string, string> = {}): Record<string, string> {
  const result = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, ...files }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return Object.fromEntries(result.images.map((i) => [i.ir.binding.name, i.hash?.tag ?? '']));
}

const BASE = 'base = Image.from_base("python:3.12-slim").clone(name="x", registry="ghcr.io/acme", extendable=True)\n';

describe('hash scheme v1', () => {
  it('matches a preimage written out by hand from docs/hashing.md', () => {
    // Encoded by hand, following the documented encoding, not by the code under test.
    const preimage = [
      'd10:',
      's4:base', 's16:python:3.12-slim',
      's5:files', 'l0:',
      's9:flyteUser', 'f',
      's4:kind', 's9:generated',
      's6:layers', 'l1:', 'd3:', 's4:kind', 's3:apt', 's8:packages', 'l1:', 's4:curl', 's7:secrets', 'l0:',
      's9:platforms', 'l1:', 's11:linux/amd64',
      's6:python', 's4:3.12',
      's6:scheme', 's10:flyimgc-v1',
      's8:template', 's1:1',
      's5:tools', 'd1:', 's2:uv', 's27:ghcr.io/astral-sh/uv:0.8.13',
    ].join('');
    const expected = createHash('sha256').update(preimage).digest('hex').slice(0, 32);
    expect(tagsOf(`${BASE}x = base.with_apt_packages("curl")\n`)['x']).toBe(expected);
  });

  it('encodes type and length, so flyte-sdk collisions cannot happen', () => {
    expect(encodeCanonical(['ab', 'c'])).not.toBe(encodeCanonical(['a', 'bc']));
    expect(encodeCanonical({ a: '1 B=2' })).not.toBe(encodeCanonical({ a: '1', B: '2' }));
    expect(encodeCanonical('1')).not.toBe(encodeCanonical(1));
    expect(encodeCanonical('é')).toBe('s2:é');
  });

  it('encodes every kind of value exactly as docs/hashing.md spells it (written out by hand)', () => {
    // Keys sorted by UTF-16 code units, undefined fields left out, lengths in UTF-8 bytes, a key seen twice
    // encoded the same both times.
    const value = { z: [1, -2, true, false, null], a: { b: 'x y', a: undefined, 'ü': '☃𝄞' }, m: [{ k: 'v' }, { k: '' }] };
    expect(encodeCanonical(value)).toBe('d3:s1:ad2:s1:bs3:x ys2:üs7:☃𝄞s1:ml2:d1:s1:ks1:vd1:s1:ks0:s1:zl5:i1;i-2;tfn');
    expect(encodeCanonical(undefined)).toBe('n');
    expect(encodeCanonical([])).toBe('l0:');
    expect(encodeCanonical({})).toBe('d0:');
    expect(() => encodeCanonical(1.5)).toThrow(TypeError);
  });

  it("has none of flyte-sdk's collisions (reference §6)", () => {
    const tags = tagsOf(
      [
        BASE,
        'apt = base.with_apt_packages("vim")',
        'pip = base.with_pip_packages("vim")',
        'cmd = base.with_commands(["vim"])',
        'wd = base.with_workdir("vim")',
        'split1 = base.with_pip_packages("a", "bc")',
        'split2 = base.with_pip_packages("ab", "c")',
        'two = base.with_apt_packages("git").with_apt_packages("vim")',
        'one = base.with_apt_packages("gitvim")',
        'env1 = base.with_env_vars({"A": "1 B=2"})',
        'env2 = base.with_env_vars({"A": "1", "B": "2"})',
        'py10 = base.clone(python_version=(3, 10)).with_apt_packages("vim")',
        'py11 = base.clone(python_version=(3, 11)).with_apt_packages("vim")',
        'arm = base.clone(platform=("linux/amd64", "linux/arm64")).with_apt_packages("vim")',
        'files1 = base.with_source_folder("t1")',
        'files2 = base.with_source_folder("t2")',
        '',
      ].join('\n'),
      { 't1/ab/c.txt': 'same', 't2/a/bc.txt': 'same' },
    );
    const values = Object.entries(tags).filter(([name]) => name !== 'base');
    const distinct = new Set(values.map(([, tag]) => tag));
    expect(distinct.size).toBe(values.length);
  });

  it('changes when one byte of a copied file changes, and only for images that copy it', () => {
    const source = `${BASE}copies = base.with_source_folder("src")\nplain = base.with_apt_packages("vim")\n`;
    const before = tagsOf(source, { 'src/a.py': 'x = 1\n' });
    const after = tagsOf(source, { 'src/a.py': 'x = 2\n' });
    expect(after['copies']).not.toBe(before['copies']);
    expect(after['plain']).toBe(before['plain']);
  });

  it('changes with the executable bit of a copied file', () => {
    const source = `${BASE}copies = base.with_source_file("run.sh")\n`;
    const plain = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, 'run.sh': 'echo\n' }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES });
    const executable = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, 'run.sh': 'echo\n' }, { executable: ['run.sh'] }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES });
    expect(plain.images[1]?.hash?.tag).not.toBe(executable.images[1]?.hash?.tag);
  });

  it('does not change with the registry, the name, or secret values', () => {
    const a = tagsOf('x = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/a", name="one").with_apt_packages("vim", secret_mounts=["TOKEN"])\n');
    const b = tagsOf('x = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/b", name="two").with_apt_packages("vim", secret_mounts=["TOKEN"])\n');
    expect(a['x']).toBe(b['x']);
  });
});
