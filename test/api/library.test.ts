import { describe, expect, it } from 'vitest';
import { check, compile, loadPythonParser } from '../../src/index.js';
import { memoryHost } from '../helpers/memoryHost.js';

/** The library's `check` takes what changes the errors `compile` finds, so that it finds the same ones. */
describe('the library API: check finds what compile finds, given the same options', () => {
  const files = { 'main.flyimg': 'app = Image.from_pixi_script("t.py", name="app", registry="ghcr.io/acme", platform=("linux/amd64",))\n', 't.py': '# /// script\n# dependencies = ["requests"]\n# ///\n' };

  it('with hash "flyte", both refuse an image whose flyte-sdk tag cannot be computed (FLY6003)', () => {
    const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);
    expect(codes(check(['main.flyimg'], { host: memoryHost(files), hash: 'flyte' }).diagnostics)).toEqual(['FLY6003']);
    expect(codes(compile(['main.flyimg'], { host: memoryHost(files), hash: 'flyte' }).diagnostics)).toEqual(['FLY6003']);
    expect(check(['main.flyimg'], { host: memoryHost(files) }).ok).toBe(true);
  });

  it('a baked loaded_modules bundle without the Python parser is FLY5094 in both, not an internal error; with it, compiles', async () => {
    const baked = {
      'main.flyimg': 'app = Image.from_debian_base(registry="ghcr.io/acme", name="app").with_code_bundle()\n',
      'flyimg.toml': '[flyte]\ncopy_style = "none"\nentry = ["main.py"]\n',
      'main.py': 'import helpers\n',
      'helpers.py': 'X = 1\n',
      'unused.py': 'Y = 2\n',
    };
    const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);
    expect(codes(check(['main.flyimg'], { host: memoryHost(baked) }).diagnostics)).toEqual(['FLY5094']);
    expect(codes(compile(['main.flyimg'], { host: memoryHost(baked) }).diagnostics)).toEqual(['FLY5094']);
    const python = await loadPythonParser();
    expect(check(['main.flyimg'], { host: memoryHost(baked), python }).diagnostics).toEqual([]);
    const compiled = compile(['main.flyimg'], { host: memoryHost(baked), python });
    expect(compiled.ok).toBe(true);
    // The modules main.py loads are in the image's context; the one it does not import is not.
    const paths = compiled.outputs.map((o) => o.path);
    expect(paths.some((p) => p.endsWith('/helpers.py'))).toBe(true);
    expect(paths.some((p) => p.endsWith('/unused.py'))).toBe(false);
  });
});
