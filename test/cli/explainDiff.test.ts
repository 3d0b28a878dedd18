import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';

const PROJECT = {
  'images.flyimg': [
    'base = Image.from_debian_base(python_version=(3, 12), name="base", registry="ghcr.io/acme")',
    'app = base.with_source_folder("src").with_pip_packages("requests==2.32.3")',
    'tool = base.with_apt_packages("curl")',
    '',
  ].join('\n'),
  '.dockerignore': '*.log\n',
  'src/main.py': 'print(1)\n',
  'src/util.py': 'x = 1\n',
  'src/debug.log': 'noise\n',
};

describe('flyimgc explain', () => {
  it('lists every hashed input, every file with its digest, and what the ignore rules left out', async () => {
    const dir = tempProject(PROJECT);
    const result = await flyimgc(['explain', 'app', '.'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^app: ghcr\.io\/acme\/base:[0-9a-f]{32}\n/);
    expect(result.stdout).toContain('python      3.12');
    expect(result.stdout).toContain('layer 1     copy: src → ./src');
    expect(result.stdout).toContain('layer 2     pip: requests==2.32.3');
    expect(result.stdout).toMatch(/[0-9a-f]{16} +9 {2}src\/main\.py/);
    expect(result.stdout).toContain('left out by .dockerignore (not copied, not hashed):\n  src/debug.log  (*.log)');
  });

  it("says a --hash flyte tag is flyte-sdk's md5 over the pieces it lists, not a prefix of flyimgc's sha256", async () => {
    const dir = tempProject(PROJECT);
    const result = await flyimgc(['explain', '--hash', 'flyte', 'app', '.'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const tag = /^app: ghcr\.io\/acme\/base:([0-9a-f]{32})\n/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(`  tag ${tag} = md5 of flyte-sdk's pieces listed at the end (flyte-md5)`);
    expect(result.stdout).not.toContain('hex digits of sha256');
    expect(result.stdout).toContain('flyte-sdk md5 pieces, concatenated without separators:');
  });

  it('suggests a binding for an unknown image', async () => {
    const dir = tempProject(PROJECT);
    const result = await flyimgc(['explain', 'ap', '.'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no image named `ap` in the given files; did you mean `app`?');
  });
});

describe('flyimgc diff', () => {
  it('names the file that changed, and only the images that copy it', async () => {
    const dir = tempProject(PROJECT);
    await flyimgc(['compile', '.', '--out', 'before'], { cwd: dir });
    writeFileSync(join(dir, 'src/util.py'), 'x = 2\n');
    await flyimgc(['compile', '.', '--out', 'after'], { cwd: dir });
    const text = await flyimgc(['diff', 'before', 'after'], { cwd: dir });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^~ app: ghcr\.io\/acme\/base:[0-9a-f]{32} → ghcr\.io\/acme\/base:[0-9a-f]{32}\n {4}file src\/util\.py modified$/);
    const json = JSON.parse((await flyimgc(['diff', '--format', 'json', 'before/manifest.json', 'after'], { cwd: dir })).stdout);
    expect(json.images.map((i: { binding: string; status: string }) => [i.binding, i.status])).toEqual([
      ['app', 'retagged'],
      ['base', 'unchanged'],
      ['tool', 'unchanged'],
    ]);
    const markdown = (await flyimgc(['diff', '--format', 'markdown', 'before', 'after'], { cwd: dir })).stdout;
    expect(markdown).toContain('1 of 3 images change tag and need a build.');
    expect(markdown).toContain('| `app` | retagged |');
  });

  it('names a changed package list and Python version', async () => {
    const dir = tempProject(PROJECT);
    await flyimgc(['compile', '.', '--out', 'before'], { cwd: dir });
    writeFileSync(join(dir, 'images.flyimg'), PROJECT['images.flyimg'].replace('requests==2.32.3', 'requests==2.32.4').replace('(3, 12)', '(3, 11)'));
    await flyimgc(['compile', '.', '--out', 'after'], { cwd: dir });
    const text = (await flyimgc(['diff', 'before', 'after'], { cwd: dir })).stdout;
    expect(text).toContain('    layer 2: pip: requests==2.32.3 → pip: requests==2.32.4');
    expect(text).toContain('    python: 3.12 → 3.11');
  });

  it('compares the working tree with a git revision', async () => {
    const dir = tempProject(PROJECT);
    const git = (...args: string[]) => execa('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'one');
    writeFileSync(join(dir, 'src/main.py'), 'print(2)\n');
    const result = await flyimgc(['diff', '--git', 'HEAD', '.'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('file src/main.py modified');
    expect(result.stdout).not.toContain('tool');
  });

  it('refuses something that is not a manifest', async () => {
    const dir = tempProject({ 'x.json': '{"hello": 1}' });
    const result = await flyimgc(['diff', 'x.json', 'x.json'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is not a flyimgc manifest');
  });
});
