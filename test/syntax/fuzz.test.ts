import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkFiles } from '../helpers/check.js';

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

/** Analysing any input returns diagnostics (and renders them) without throwing. */
function assertOnlyDiagnostics(input: string | Uint8Array) {
  const analysis = checkFiles({ 'main.flyimg': input, 'other.flyimg': 'other = Image.from_base("x")\n' });
  for (const d of analysis.diagnostics) {
    expect(d.code).toMatch(/^FLY\d{4}$/);
    if (d.primary) {
      expect(d.primary.span.start).toBeGreaterThanOrEqual(0);
      expect(d.primary.span.end).toBeGreaterThanOrEqual(d.primary.span.start);
    }
  }
  renderDiagnostics(analysis.diagnostics, analysis.sources, { color: true });
}

describe('the checker only ever returns diagnostics', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => assertOnlyDiagnostics(text)), { numRuns: 500, seed: 4242 });
  });

  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => assertOnlyDiagnostics(bytes)), { numRuns: 300, seed: 4243 });
  });

  it('on sequences of language tokens', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (parts) => assertOnlyDiagnostics(parts.join(''))), { numRuns: 1000, seed: 4244 });
  });

  it('on a valid file with random mutations', () => {
    const mutation = fc.record({ at: fc.nat({ max: SEED.length }), remove: fc.nat({ max: 5 }), insert: fc.constantFrom('', ...TOKENS) });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let text = SEED;
        for (const m of mutations) text = text.slice(0, m.at) + m.insert + text.slice(m.at + m.remove);
        assertOnlyDiagnostics(text);
      }),
      { numRuns: 1500, seed: 4245 },
    );
  });
});
