import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkFiles } from '../helpers/check.js';
import { fuzz } from '../helpers/fuzz.js';

const SEED = [
  'base = Image.from_debian_base(python_version=(3, 12), name="base", registry="ghcr.io/acme")',
  'app = (base\n    .with_apt_packages("curl", "git")\n    .with_pip_packages("numpy==2.0.0", pre=True, extra_index_urls=["https://x"])\n)',
  'ref = Image.from_ref_name("training").clone(registry="r", extendable=True)',
  "env = app.with_env_vars({'A': '1', \"B\": 'two words'})  # comment",
  'import "other.flyimg"',
  'req = app.with_requirements(Path("reqs") / "dev.txt", secret_mounts=[Secret(key="k", group="g")])',
  'doc = """multi\nline""" \'adjacent\'',
].join('\n');

const TOKENS = ['(', ')', '[', ']', '{', '}', ',', '.', '=', ':', '/', '*', '"', "'", '"""', '\\', '\n', '\r\n', '\t', ' ', '#', 'Image', 'x', '1', '3.10', 'True', 'None', 'import', '\u{1F433}', '\u0000', 'é', '@', ';'];

/** Analysing any input returns diagnostics (and renders them) without throwing; every span lies inside its file's text. */
function assertOnlyDiagnostics(input: string | Uint8Array) {
  const analysis = checkFiles({ 'main.flyimg': input, 'other.flyimg': 'other = Image.from_base("x")\n' });
  for (const d of analysis.diagnostics) {
    expect(d.code).toMatch(/^FLY\d{4}$/);
    for (const label of [d.primary, ...d.related]) {
      if (!label) continue;
      const source = analysis.sources.get(label.span.file);
      expect(source, label.span.file).toBeDefined();
      expect(label.span.start).toBeGreaterThanOrEqual(0);
      expect(label.span.end).toBeGreaterThanOrEqual(label.span.start);
      expect(label.span.end).toBeLessThanOrEqual(source!.text.length);
    }
  }
  renderDiagnostics(analysis.diagnostics, analysis.sources, { color: true });
  return analysis;
}

// Seeds change on every run (test/helpers/fuzz.ts); a failure prints FUZZ_SEED to replay it.
describe('the checker only ever returns diagnostics', () => {
  it('on random text', () => {
    fuzz(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void assertOnlyDiagnostics(text)), 500, 0);
  });

  it('on random bytes', () => {
    fuzz(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void assertOnlyDiagnostics(bytes)), 300, 1);
  });

  it('on sequences of language tokens', () => {
    fuzz(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (parts) => void assertOnlyDiagnostics(parts.join(''))), 1000, 2);
  });

  it('on a valid file with random mutations', () => {
    const mutation = fc.record({ at: fc.nat({ max: SEED.length }), remove: fc.nat({ max: 5 }), insert: fc.constantFrom('', ...TOKENS) });
    fuzz(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let text = SEED;
        for (const m of mutations) text = text.slice(0, m.at) + m.insert + text.slice(m.at + m.remove);
        assertOnlyDiagnostics(text);
      }),
      1500,
      3,
    );
  });

  it('on the mutations fuzzing found (regressions)', () => {
    // A decorator `@` before an empty statement crashed the Python-region finder.
    let text = SEED;
    for (const m of [{ at: 95, remove: 4, insert: '' }, { at: 138, remove: 0, insert: '@' }]) text = text.slice(0, m.at) + m.insert + text.slice(m.at + m.remove);
    assertOnlyDiagnostics(text);
  });

  it('on a valid file broken at a random statement start: always an error', () => {
    expect(checkFiles({ 'main.flyimg': SEED, 'other.flyimg': 'other = Image.from_base("x")\n' }).diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('FLY0')).length).toBe(0);
    // Each of these makes a statement sequence invalid (in Python too) when put at the start of a statement.
    const breakers = [') ', '= = ', '"unterminated\n', '.x\n', 'x = (\n', ']\n', 'app = app.(\n'];
    const lines = SEED.split('\n');
    const offsets = lines.map((_, i) => lines.slice(0, i).join('\n').length + (i === 0 ? 0 : 1));
    // Statement starts: unindented lines that are not inside a bracket or a triple-quoted string of SEED.
    const starts = offsets.filter((_, i) => /^[a-z]/.test(lines[i]!) && !/^line"""/.test(lines[i]!));
    fuzz(
      fc.property(fc.constantFrom(...starts), fc.constantFrom(...breakers), (at, breaker) => {
        const text = SEED.slice(0, at) + breaker + SEED.slice(at);
        const analysis = assertOnlyDiagnostics(text);
        expect(analysis.diagnostics.some((d) => d.severity === 'error'), JSON.stringify(text)).toBe(true);
      }),
      200,
      4,
    );
  });
});
