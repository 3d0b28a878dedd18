import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

const SCRIPT = '# /// script\n# dependencies = ["requests"]\n# ///\nprint(1)\n';

describe('fileTypesRight: scripts are .py files and manifests have the names their tools read (FLY5006)', () => {
  it('accepts a .py script and manifests with the right names', () => {
    const files = { 's.py': SCRIPT, 'p/pyproject.toml': '', 'p/uv.lock': '', 'p/poetry.lock': '', 'x/pixi.toml': '' };
    const src = `${BASE}a = Image.from_uv_script("s.py", name="a")\nb = base.with_uv_project("p/pyproject.toml").with_poetry_project("p/pyproject.toml").with_pixi_project("x/pixi.toml").with_pixi_project("p/pyproject.toml")\n`;
    expect(diagnosticsOf(src, files)).toEqual([]);
  });

  it('reports a uv script that is not a .py file', () => {
    expect(diagnosticsOf('app = Image.from_uv_script("s.txt", name="app")\n', { 's.txt': SCRIPT })).toEqual([{ code: 'FLY5006', line: 1, column: 28 }]);
  });

  it('reports a uv or poetry project file not named pyproject.toml', () => {
    const files = { 'proj.toml': '', 'poetry.lock': '' };
    expect(diagnosticsOf(`${BASE}a = base.with_uv_project("proj.toml")\nb = base.with_poetry_project("proj.toml")\n`, files)).toEqual([
      { code: 'FLY5006', line: 2, column: 26 },
      { code: 'FLY5006', line: 3, column: 30 },
    ]);
  });

  it('reports a pixi manifest named neither pixi.toml nor pyproject.toml', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pixi_project("env.toml")\n`, { 'env.toml': '' })).toEqual([{ code: 'FLY5006', line: 2, column: 30 }]);
  });
});
