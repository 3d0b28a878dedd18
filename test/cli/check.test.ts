import { describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';

describe('flyimgc check', () => {
  it('exits 0 and says so for a clean file', async () => {
    const dir = tempProject({ 'app.flyimg': 'app = Image.from_debian_base(python_version=(3, 12), name="app")\n' });
    const result = await flyimgc(['check', 'app.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('checked 1 file: no problems');
  });

  it('exits 1 and reports every error with a cwd-relative path', async () => {
    const dir = tempProject({ 'sub/app.flyimg': 'app = nope\nother = (\n' });
    const result = await flyimgc(['check', 'sub'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY2001]: cannot find `nope` in this file\n --> sub/app.flyimg:1:7');
    expect(result.stderr).toContain('error[FLY1002]');
    expect(result.stderr).toMatch(/error: checking 1 file found 2 errors, 0 warnings$/);
    expect(result.stderr).not.toContain(dir);
  });

  it('prints JSON with line and column on stdout', async () => {
    const dir = tempProject({ 'app.flyimg': 'app = nope\n' });
    const result = await flyimgc(['check', '--format', 'json', '.'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.summary).toEqual({ files: 1, errors: 1, warnings: 0 });
    expect(json.diagnostics[0]).toMatchObject({
      code: 'FLY2001',
      name: 'unknown-name',
      severity: 'error',
      location: { file: 'app.flyimg', line: 1, column: 7, endLine: 1, endColumn: 11, message: 'not defined' },
    });
  });

  it('uses colour only when forced or on a terminal, and honours NO_COLOR', async () => {
    const dir = tempProject({ 'app.flyimg': 'app = nope\n' });
    expect((await flyimgc(['check', '.'], { cwd: dir })).stderr).not.toContain('\x1b[');
    expect((await flyimgc(['check', '.'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stderr).toContain('\x1b[');
  });

  it('reports a missing input and a directory without .flyimg files', async () => {
    const dir = tempProject({ 'empty/readme.txt': 'x' });
    const result = await flyimgc(['check', 'nothing.flyimg', 'empty'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY9001]: no such file or directory: `nothing.flyimg`');
    expect(result.stderr).toContain('error[FLY9002]: no `.flyimg` files in `empty`');
  });

  it('exits 2 on usage errors', async () => {
    expect((await flyimgc(['check'])).exitCode).toBe(2);
    expect((await flyimgc(['check', '--format', 'xml', 'x'])).exitCode).toBe(2);
    const unknown = await flyimgc(['chek', 'x']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown command `chek`; did you mean `check`?');
    expect((await flyimgc(['check', '--nope', 'x'])).exitCode).toBe(2);
  });

  it('has --help, per-command help and --version', async () => {
    const help = await flyimgc(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: flyimgc <command>');
    expect((await flyimgc(['check', '--help'])).stdout).toContain('Usage: flyimgc check');
    expect((await flyimgc(['help', 'check'])).stdout).toContain('Usage: flyimgc check');
    const version = await flyimgc(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
