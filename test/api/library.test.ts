import { describe, expect, it } from 'vitest';
import { check, compile } from '../../src/index.js';
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
});
