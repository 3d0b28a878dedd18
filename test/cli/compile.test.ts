import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';

const APP = [
  'app = (Image.from_base("python:3.12-slim")',
  '    .clone(name="app", registry="ghcr.io/acme", extendable=True)',
  '    .with_source_folder("src")',
  '    .with_pip_packages("requests==2.32.3"))',
  '',
].join('\n');

describe('flyimgc compile', () => {
  it('writes a Dockerfile, the context and a manifest', async () => {
    const dir = tempProject({ 'app.flyimg': APP, 'src/main.py': 'print(1)\n' });
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir });
    expect(result.stderr).toBe('compiled 1 image into build');
    expect(result.exitCode).toBe(0);
    expect(readdirSync(join(dir, 'build')).sort()).toEqual(['.flyimgc-output', 'app', 'docker-bake.json', 'manifest.json']);
    expect(readFileSync(join(dir, 'build/app/context/src/main.py'), 'utf8')).toBe('print(1)\n');
    expect(readFileSync(join(dir, 'build/app/Dockerfile'), 'utf8')).toContain('COPY src ./src');
    const manifest = JSON.parse(readFileSync(join(dir, 'build/manifest.json'), 'utf8'));
    expect(manifest.images[0].uri).toMatch(/^ghcr\.io\/acme\/app:[0-9a-f]{32}$/);
  });

  it('leaves the previous output untouched when the compile fails', async () => {
    const dir = tempProject({ 'app.flyimg': APP, 'src/main.py': 'print(1)\n' });
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir })).exitCode).toBe(0);
    const before = readFileSync(join(dir, 'build/app/Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'app.flyimg'), APP.replace('with_pip_packages', 'with_pip_package'));
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY3001]: images have no method `with_pip_package`');
    expect(result.stderr).toContain('`build` was left as it was');
    expect(readFileSync(join(dir, 'build/app/Dockerfile'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('replaces the previous output as a whole: stale images disappear', async () => {
    const dir = tempProject({ 'app.flyimg': `${APP}other = app.with_workdir("/srv")\n`, 'src/main.py': 'print(1)\n' });
    await flyimgc(['compile', '.', '--out', 'build'], { cwd: dir });
    expect(existsSync(join(dir, 'build/other'))).toBe(true);
    writeFileSync(join(dir, 'app.flyimg'), APP);
    expect((await flyimgc(['compile', '.', '--out', 'build'], { cwd: dir })).exitCode).toBe(0);
    expect(existsSync(join(dir, 'build/other'))).toBe(false);
  });

  it('refuses to replace a directory it did not write', async () => {
    const dir = tempProject({ 'app.flyimg': APP, 'src/main.py': 'print(1)\n', 'precious/notes.txt': 'keep me' });
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'precious'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY9020]');
    expect(readFileSync(join(dir, 'precious/notes.txt'), 'utf8')).toBe('keep me');
    expect((await flyimgc(['compile', 'app.flyimg', '--out', '.'], { cwd: dir })).exitCode).toBe(1);
  });

  it('reports images that need no build instead of writing them', async () => {
    const dir = tempProject({ 'refs.flyimg': 'base = Image.from_base("python:3.12-slim")\ntraining = Image.from_ref_name("training")\n' });
    const result = await flyimgc(['compile', '.', '--out', 'build', '--image', 'training=registry.example.com/ml/training:1.0'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('not built: base (an existing image, used as is: python:3.12-slim)');
    expect(result.stderr).toContain('not built: training (a reference resolved at deploy time: registry.example.com/ml/training:1.0)');
    expect(readdirSync(join(dir, 'build')).sort()).toEqual(['.flyimgc-output', 'docker-bake.json', 'manifest.json']);
  });

  it('prints the layer IR with --dump-ir', async () => {
    const dir = tempProject({ 'app.flyimg': APP, 'src/main.py': 'print(1)\n' });
    const result = await flyimgc(['compile', 'app.flyimg', '--dump-ir'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const ir = JSON.parse(result.stdout);
    expect(ir[0].layers.map((l: { kind: string }) => l.kind)).toEqual(['copy', 'pip']);
  });

  it('needs --out and validates --image', async () => {
    const dir = tempProject({ 'app.flyimg': APP, 'src/main.py': 'x' });
    expect((await flyimgc(['compile', 'app.flyimg'], { cwd: dir })).exitCode).toBe(2);
    const bad = await flyimgc(['compile', 'app.flyimg', '--out', 'b', '--image', '=x'], { cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('error[FLY9004]');
  });
});
