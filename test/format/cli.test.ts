import { readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CACHE_DIR, REPO_ROOT, flyimgc, tempProject } from '../helpers/cli.js';

const UNFORMATTED = 'app = Image.from_debian_base(name="app", registry="r").with_apt_packages(\'curl\')\n';
const FORMATTED = 'app = (\n    Image.from_debian_base(name="app", registry="r")\n    .with_apt_packages("curl")\n)\n';

const registered = readFileSync(join(REPO_ROOT, 'dist/cli/main.js'), 'utf8').includes('commands/fmt.js');

/**
 * Runs `flyimgc fmt` as a real process. Until `fmt` is registered in src/cli/main.ts, the command module is
 * driven the way main.ts will drive it (same CliContext, same exit code).
 */
async function fmt(args: { inputs: string[]; check: boolean }, cwd: string) {
  if (registered) return flyimgc(['fmt', ...(args.check ? ['--check'] : []), ...args.inputs], { cwd });
  const script = `import(${JSON.stringify(join(REPO_ROOT, 'dist/cli/commands/fmt.js'))}).then(async (m) => { process.exitCode = await m.runFmt({ cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }, ${JSON.stringify(args)}); })`;
  const result = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { NO_COLOR: '1', FLYIMGC_CACHE_DIR: CACHE_DIR }, reject: false });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

describe('flyimgc fmt', () => {
  it('--check lists the files that would change, exits 1 and changes nothing', async () => {
    const dir = tempProject({ 'a.flyimg': UNFORMATTED, 'sub/b.flyimg': FORMATTED });
    const result = await fmt({ inputs: ['.'], check: true }, dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('a.flyimg');
    expect(result.stderr).toContain('1 file would be reformatted, 1 already formatted');
    expect(readFileSync(join(dir, 'a.flyimg'), 'utf8')).toBe(UNFORMATTED);
  });

  it('--check exits 0 when everything is formatted', async () => {
    const dir = tempProject({ 'a.flyimg': FORMATTED });
    const result = await fmt({ inputs: ['a.flyimg'], check: true }, dir);
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('rewrites the files in place, keeping their mode and leaving no temporary file', async () => {
    const dir = tempProject({ 'a.flyimg': UNFORMATTED, 'b.flyimg': FORMATTED });
    chmodSync(join(dir, 'a.flyimg'), 0o640);
    const result = await fmt({ inputs: ['.'], check: false }, dir);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('reformatted 1 file, 1 unchanged');
    expect(readFileSync(join(dir, 'a.flyimg'), 'utf8')).toBe(FORMATTED);
    expect(statSync(join(dir, 'a.flyimg')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['a.flyimg', 'b.flyimg']);
    expect((await fmt({ inputs: ['.'], check: true }, dir)).exitCode).toBe(0);
  });

  it('leaves a file with syntax errors alone and says why', async () => {
    const dir = tempProject({ 'bad.flyimg': 'app = Image.from_base("x"\n', 'good.flyimg': UNFORMATTED });
    const result = await fmt({ inputs: ['.'], check: false }, dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY1002]');
    expect(result.stderr).toContain('1 file not formatted because of errors');
    expect(readFileSync(join(dir, 'bad.flyimg'), 'utf8')).toBe('app = Image.from_base("x"\n');
    expect(readFileSync(join(dir, 'good.flyimg'), 'utf8')).toBe(FORMATTED);
  });

  it('reports inputs that do not exist', async () => {
    const dir = tempProject({});
    writeFileSync(join(dir, 'x.txt'), '');
    const result = await fmt({ inputs: ['missing.flyimg'], check: false }, dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('FLY9001');
  });
});
