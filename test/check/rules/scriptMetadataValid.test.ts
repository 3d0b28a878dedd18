import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { diagnosticsIn } from '../support.js';

describe('scriptMetadataValid: a uv script carries a valid PEP 723 header (FLY5005)', () => {
  it('accepts a script with a script block', () => {
    expect(diagnosticsOf('app = Image.from_uv_script("s.py", name="app")\n', { 's.py': '# /// script\n# requires-python = ">=3.12"\n# dependencies = ["requests"]\n# ///\nprint(1)\n' })).toEqual([]);
  });

  it('reports a script without a block at the script argument', () => {
    expect(diagnosticsOf('app = Image.from_uv_script("s.py", name="app")\n', { 's.py': 'print(1)\n' })).toEqual([{ code: 'FLY5005', line: 1, column: 28 }]);
  });

  it('reports invalid TOML in the block inside the script itself', () => {
    const files = { 'main.flyimg': 'app = Image.from_uv_script("s.py", name="app")\n', 's.py': '# /// script\n# dependencies = [\n# ///\n' };
    expect(diagnosticsIn(files, ['main.flyimg'])).toEqual([{ code: 'FLY5005', file: 's.py', line: 2, column: 19 }]);
  });

  it('leaves a missing script to filesExist', () => {
    expect(diagnosticsOf('app = Image.from_uv_script("s.py", name="app")\n')).toEqual([{ code: 'FLY5001', line: 1, column: 28 }]);
  });
});
