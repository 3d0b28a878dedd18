import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { memoryHost } from '../../helpers/memoryHost.js';
import { analyze } from '../../../src/analyze.js';
import { BASE } from '../support.js';

describe('filesExist: every file an image reads is there, and of the right kind', () => {
  it('accepts files and folders that exist', () => {
    const files = { 'req.txt': '', 'src/a.py': '', '.dockerignore': '', 'pyproject.toml': '', 'poetry.lock': '', Dockerfile: 'FROM x\n' };
    const src = `${BASE}app = base.with_requirements("req.txt").with_source_folder("src").with_source_file("src/a.py").with_dockerignore(".dockerignore").with_poetry_project("pyproject.toml")\nd = Image.from_dockerfile("Dockerfile", "ghcr.io/acme", "d")\n`;
    expect(diagnosticsOf(src, files)).toEqual([]);
  });

  it('reports a missing file at its path (FLY5001)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("requirements.txt")\n`)).toEqual([{ code: 'FLY5001', line: 2, column: 30 }]);
  });

  it('reports a missing Dockerfile (FLY5001)', () => {
    expect(diagnosticsOf('app = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="app")\n')).toEqual([{ code: 'FLY5001', line: 1, column: 29 }]);
  });

  it('reports a file where a folder is needed, and a folder where a file is needed (FLY5002)', () => {
    const files = { 'data.txt': '', 'dir/x': '' };
    expect(diagnosticsOf(`${BASE}a = base.with_source_folder("data.txt")\nb = base.with_source_file("dir")\n`, files)).toEqual([
      { code: 'FLY5002', line: 2, column: 29 },
      { code: 'FLY5002', line: 3, column: 27 },
    ]);
  });

  it('reports the poetry.lock flyte-sdk expects beside pyproject.toml (FLY5004)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_poetry_project("pyproject.toml")\n`, { 'pyproject.toml': '' })).toEqual([{ code: 'FLY5004', line: 2, column: 32 }]);
  });

  it('reports a lock file that is given but missing (FLY5004)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_uv_project("pyproject.toml", uvlock="uv.lock")\n`, { 'pyproject.toml': '' })).toEqual([
      { code: 'FLY5004', line: 2, column: 53 },
    ]);
  });

  it('does not ask for a uv.lock or pixi.lock that is not there: they are optional', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_uv_project("pyproject.toml").with_pixi_project("pixi.toml")\n`, { 'pyproject.toml': '', 'pixi.toml': '' })).toEqual([]);
  });

  // from_pixi_script records its script as a layer, so a missing one is reported (flyte-sdk's PixiScript.validate()).
  it('reports a missing pixi script', () => {
    expect(diagnosticsOf('app = Image.from_pixi_script("missing.py", name="app")\n')).toEqual([{ code: 'FLY5001', line: 1, column: 30 }]);
  });
});

describe('filesExist: a file that is there but cannot be read is not "missing"', () => {
  it('reports permission denied (FLY5081) with the reason, where stat cannot see the file', () => {
    const files = memoryHost({ 'main.flyimg': `${BASE}app = base.with_requirements("secret/req.txt")\n` });
    // As a real file system answers under a directory without search permission: stat fails, read says why.
    const host = { ...files, stat: (p: string) => (p === 'secret/req.txt' ? undefined : files.stat(p)), readFile: (p: string) => (p === 'secret/req.txt' ? { ok: false as const, missing: false, reason: 'permission denied' } : files.readFile(p)) };
    const analysis = analyze(['main.flyimg'], host);
    expect(analysis.diagnostics.map((d) => [d.code, d.message])).toEqual([['FLY5081', '`secret/req.txt` cannot be read: permission denied']]);
  });
});
