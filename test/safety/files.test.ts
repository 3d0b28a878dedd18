/**
 * File-system safety of the CLI (issue #10 items 5, 6, 8): what `--out` may replace, inputs that are not
 * regular files, leftovers of killed compiles. Real processes on real files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';

const APP = 'app = Image.from_debian_base(registry="ghcr.io/acme", name="app").with_source_folder(Path("src"))\n';
const project = (extra: Record<string, string> = {}) => tempProject({ 'app.flyimg': APP, 'src/main.py': 'print(1)\n', ...extra });
const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

describe('--out replaces only a directory flyimgc wrote (item 5)', () => {
  it('refuses a file, even the .flyimg source, and leaves it as it was', async () => {
    const dir = project();
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'app.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY9020]: will not replace `app.flyimg`: it is a regular file, not an output directory');
    expect(readFileSync(join(dir, 'app.flyimg'), 'utf8')).toBe(APP);
  });

  it('refuses a directory that merely holds a manifest.json', async () => {
    const dir = project({ 'data/manifest.json': '{}', 'data/precious.csv': '1,2\n' });
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'data'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY9020]');
    expect(readFileSync(join(dir, 'data/precious.csv'), 'utf8')).toBe('1,2\n');
  });

  it('refuses a device node and a symbolic link', async () => {
    const dir = project();
    symlinkSync('/dev/null', join(dir, 'null'));
    // A device node of the test's own (the same device as /dev/null): a regression replaces this one,
    // never the machine's /dev/null, which every later process needs (it happened once, to a branch).
    execFileSync('mknod', ['-m', '666', join(dir, 'device'), 'c', '1', '3']);
    const device = await flyimgc(['compile', 'app.flyimg', '--out', 'device'], { cwd: dir });
    expect(device.exitCode).toBe(1);
    expect(device.stderr).toContain('it is a character device');
    expect(lstatSync(join(dir, 'device')).isCharacterDevice()).toBe(true);
    const link = await flyimgc(['compile', 'app.flyimg', '--out', 'null'], { cwd: dir });
    expect(link.exitCode).toBe(1);
    expect(link.stderr).toContain('symbolic link');
    expect(lstatSync(join(dir, 'null')).isSymbolicLink()).toBe(true);
    const build = await flyimgc(['build', 'app.flyimg', '--out', 'app.flyimg', '--dry-run'], { cwd: dir });
    expect(build.exitCode).toBe(1);
    expect(build.stderr).toContain('will not replace `app.flyimg`');
  });

  it('replaces its own output, recognised by the marker, and refuses it once the marker is gone', async () => {
    const dir = project();
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir })).exitCode).toBe(0);
    expect(existsSync(join(dir, 'build/.flyimgc-output'))).toBe(true);
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir })).exitCode).toBe(0);
    execFileSync('rm', [join(dir, 'build/.flyimgc-output')]);
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir })).exitCode).toBe(1);
  });
});

describe('inputs that are not regular files (item 6)', () => {
  // A FIFO with no writer: reading it would block for ever, so a hang fails the test by its timeout.
  const quick = { timeout: 30_000 };
  it('an imported FIFO is reported as a FIFO', quick, async () => {
    const dir = project({ 'main.flyimg': `import "lib.flyimg"\n${APP}` });
    mkfifo(join(dir, 'lib.flyimg'));
    const result = await flyimgc(['check', 'main.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('cannot read `lib.flyimg`: it is a FIFO (named pipe), not a regular file');
  });

  it('a uv script larger than the bound for text inputs is an error at the script, not read whole', quick, async () => {
    const dir = project({ 'uv.flyimg': 'u = Image.from_uv_script("big.py", name="u", registry="ghcr.io/acme")\n' });
    writeFileSync(join(dir, 'big.py'), `# /// script\n# dependencies = []\n# ///\n${'#'.repeat(17 * 1024 * 1024)}\n`);
    const result = await flyimgc(['check', 'uv.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY5081]: `big.py` cannot be read: it is larger than 16 MiB');
    expect(result.stderr).toContain('uv.flyimg:1:');
  });

  it('a flyimg.toml that is a FIFO is reported as one, not silently ignored', quick, async () => {
    const dir = project();
    mkfifo(join(dir, 'flyimg.toml'));
    const result = await flyimgc(['check', 'app.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('cannot read `flyimg.toml`: it is a FIFO (named pipe)');
  });

  it('a FIFO as the input, as a uv script, as a .dockerignore', quick, async () => {
    const dir = project({ 'uv.flyimg': 'u = Image.from_uv_script("script.py", name="u", registry="ghcr.io/acme").with_source_folder(Path("src"))\n' });
    mkfifo(join(dir, 'script.py'));
    mkfifo(join(dir, 'src/.dockerignore'));
    mkfifo(join(dir, '.dockerignore'));
    mkfifo(join(dir, 'pipe.flyimg'));
    const uv = await flyimgc(['compile', 'uv.flyimg', '--out', 'build'], { cwd: dir });
    expect(uv.exitCode).toBe(1);
    expect(uv.stderr).toContain('`script.py` is a FIFO (named pipe), not a file');
    const input = await flyimgc(['check', 'pipe.flyimg'], { cwd: dir });
    expect(input.stderr).toContain('it is a FIFO (named pipe)');
    // The image's .dockerignore cannot be read: an error, not silently no rules (the context would hold
    // what it excludes); the folder's own FIFO is left out of the context.
    const app = await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir });
    expect(app.exitCode).toBe(1);
    expect(app.stderr).toContain('cannot read `.dockerignore`: it is a FIFO (named pipe), not a regular file');
    expect(app.stderr).toContain('`src/.dockerignore` is left out of the build context: it is not a regular file');
    const fmt = await flyimgc(['fmt', 'pipe.flyimg'], { cwd: dir });
    expect(fmt.stderr).toContain('it is a FIFO (named pipe)');
  });

  it('a link to /dev/zero is never read', quick, async () => {
    const dir = project();
    symlinkSync('/dev/zero', join(dir, 'zero.flyimg'));
    symlinkSync('/dev/zero', join(dir, 'zero.py'));
    const input = await flyimgc(['check', 'zero.flyimg'], { cwd: dir });
    expect(input.exitCode).toBe(1);
    expect(input.stderr).toContain('it is a character device');
    writeFileSync(join(dir, 'z.flyimg'), 'z = Image.from_uv_script("zero.py", name="z", registry="ghcr.io/acme")\n');
    const script = await flyimgc(['check', 'z.flyimg'], { cwd: dir });
    expect(script.stderr).toContain('`zero.py` is a character device, not a file');
  });
});

describe('leftovers of killed compiles (item 8)', () => {
  it('removes temporary directories of processes that are gone, keeps those of running ones', async () => {
    const dir = project();
    const dead = join(dir, '.build.tmp-AAAAAA');
    mkdirSync(join(dead, 'app'), { recursive: true });
    writeFileSync(join(dead, '.flyimgc-writing'), `${(await import('node:os')).hostname()} 2147483646\n`);
    const alive = join(dir, '.build.tmp-BBBBBB');
    mkdirSync(alive);
    writeFileSync(join(alive, '.flyimgc-writing'), `${(await import('node:os')).hostname()} ${process.pid}\n`);
    const orphan = join(dir, '.build.tmp-CCCCCC');
    mkdirSync(orphan);
    utimesSync(orphan, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    const unrelated = join(dir, '.build.tmp-notours');
    mkdirSync(unrelated);
    expect((await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir })).exitCode).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith('.build.tmp-')).sort()).toEqual(['.build.tmp-BBBBBB', '.build.tmp-notours']);
  });
});

describe("flyimgc's own output is never an input (item 7)", () => {
  for (const hash of ['v1', 'flyte']) {
    it(`with_source_folder(".") keeps its ${hash} tag over repeated compiles into the project`, async () => {
      const dir = tempProject({ 'app.flyimg': 'app = Image.from_debian_base(registry="ghcr.io/acme", name="app").with_source_folder(Path("."))\n', 'main.py': 'print(1)\n' });
      const uris: string[] = [];
      for (const out of ['out', 'out', '.flyimgc/build', 'out']) {
        const result = await flyimgc(['compile', 'app.flyimg', '--hash', hash, '--out', out], { cwd: dir });
        expect(result.exitCode, result.stderr).toBe(0);
        uris.push(JSON.parse(readFileSync(join(dir, out, 'manifest.json'), 'utf8')).images[0].uri);
      }
      expect(new Set(uris).size).toBe(1);
      expect(readdirSync(join(dir, 'out/app/context')).sort()).toEqual(['app.flyimg', 'main.py']);
    });
  }
});

describe('symbolic links out of the project (item 9)', () => {
  const outside = tempProject({ 'ignore': 'SECRET-LINE-FROM-OUTSIDE\n', 'config.toml': '[images]\nSECRET-LINE = 1\n', 'lib.flyimg': 'lib = Image.from_debian_base(registry="ghcr.io/acme", name="lib")\n', 'data.txt': 'outside\n' });

  it('the root .dockerignore is not read through a link that leaves the project', async () => {
    const dir = project({ 'flyimg.toml': '' });
    symlinkSync(join(outside, 'ignore'), join(dir, '.dockerignore'));
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'build'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY5020]: `.dockerignore` is a symbolic link out of the project');
    expect(result.stderr).not.toContain('SECRET-LINE');
  });

  it('flyimg.toml is not read through a link that leaves the project', async () => {
    const dir = project();
    symlinkSync(join(outside, 'config.toml'), join(dir, 'flyimg.toml'));
    const result = await flyimgc(['check', 'app.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY5020]: `flyimg.toml` is a symbolic link out of the project');
    expect(result.stderr).not.toContain('SECRET-LINE');
  });

  it('an import is not read through a link that leaves the project', async () => {
    const dir = project({ 'flyimg.toml': '', 'main.flyimg': 'import "lib.flyimg"\n' });
    symlinkSync(join(outside, 'lib.flyimg'), join(dir, 'lib.flyimg'));
    const result = await flyimgc(['check', 'main.flyimg'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error[FLY5003]: `lib.flyimg` is outside the project');
    expect(result.stderr).toContain('a symbolic link that points out of the project');
  });

  it('--hash flyte does not hash a linked file from outside the project', async () => {
    const dir = project({ 'flyimg.toml': '' });
    const uri = async () => {
      const result = await flyimgc(['compile', 'app.flyimg', '--hash', 'flyte', '--out', 'build'], { cwd: dir });
      expect(result.exitCode, result.stderr).toBe(0);
      return { uri: JSON.parse(readFileSync(join(dir, 'build/manifest.json'), 'utf8')).images[0].uri as string, stderr: result.stderr };
    };
    const before = await uri();
    symlinkSync(join(outside, 'data.txt'), join(dir, 'src/data.txt'));
    const linked = await uri();
    expect(linked.stderr).toContain('`src/data.txt` is left out of the build context: it is a symbolic link that points out of the project');
    expect(linked.uri).toBe(before.uri);
    writeFileSync(join(outside, 'data.txt'), 'changed outside\n');
    expect((await uri()).uri).toBe(before.uri);
  });

  it('--hash flyte hashes a linked file inside the project, whatever other layers copy (the copies\' own rule)', async () => {
    const dir = tempProject({ 'app.flyimg': 'app = Image.from_debian_base(registry="ghcr.io/acme", name="app").with_source_folder(Path("src"))\n', 'src/main.py': 'print(1)\n', 'shared/data.txt': 'one\n' });
    symlinkSync(join(dir, 'shared/data.txt'), join(dir, 'src/data.txt'));
    const uri = async () => {
      const result = await flyimgc(['compile', 'app.flyimg', '--hash', 'flyte', '--out', 'build'], { cwd: dir });
      expect(result.exitCode, result.stderr).toBe(0);
      return JSON.parse(readFileSync(join(dir, 'build/manifest.json'), 'utf8')).images[0].uri as string;
    };
    const before = await uri();
    // The link's target is outside the walked folder but inside the project: flyte-sdk hashes it, and so do we.
    writeFileSync(join(dir, 'shared/data.txt'), 'two\n');
    expect(await uri()).not.toBe(before);
  });

  it('fmt writes through a linked .flyimg file: the link stays a link', async () => {
    const dir = project({ 'real/app.flyimg': 'app   =   Image.from_debian_base(registry="ghcr.io/acme",name="app")\n' });
    symlinkSync('real/app.flyimg', join(dir, 'linked.flyimg'));
    const result = await flyimgc(['fmt', 'linked.flyimg'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(lstatSync(join(dir, 'linked.flyimg')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/app.flyimg'), 'utf8')).toBe('app = Image.from_debian_base(registry="ghcr.io/acme", name="app")\n');
  });
});
