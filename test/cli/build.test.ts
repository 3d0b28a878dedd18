/**
 * `flyimgc build` without a real builder: stand-in builders on PATH that answer `version` and record
 * their arguments. Real builds: test/e2e/.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';

const TOML = ['[build]', 'insecure_registries = ["127.0.0.1:1"]', '[mirrors]', '"ghcr.io" = "127.0.0.1:1/mirror"', ''].join('\n');
const IMAGES = [
  'base = Image.from_debian_base(python_version=(3, 12), name="base", registry="127.0.0.1:1/acme", platform="linux/amd64")',
  'app = base.with_env_vars({"A": "1"})',
  'other = Image.from_debian_base(python_version=(3, 12), name="other", registry="127.0.0.1:1/acme", platform="linux/amd64")',
  '',
].join('\n');

/** A project and a PATH holding only stand-ins for `builders`, each recording its calls in calls.log. */
function setup(builders: readonly string[], toml = TOML) {
  const dir = tempProject({ 'flyimg.toml': toml, 'app.flyimg': IMAGES });
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const builder of builders) {
    writeFileSync(join(bin, builder), `#!/bin/sh\necho "${builder} $*" >> "${join(dir, 'calls.log')}"\nexit 0\n`);
    chmodSync(join(bin, builder), 0o755);
  }
  return { dir, env: { PATH: bin } };
}

describe('flyimgc build --dry-run', () => {
  it('detects the builder as a real run does, and prints JSON with --format json', async () => {
    const { dir, env } = setup(['buildah']);
    const run = await flyimgc(['build', '.', '--dry-run', '--format', 'json', '--out', 'out'], { cwd: dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { dryRun: boolean; builder: string; images: Array<{ binding: string; status: string; commands: string[] }>; bases: Array<{ status: string }> };
    expect(result.dryRun).toBe(true);
    expect(result.builder).toBe('buildah');
    expect(result.images.map((i) => [i.binding, i.status])).toEqual([
      ['base', 'planned'],
      ['app', 'planned'],
      ['other', 'planned'],
    ]);
    expect(result.images[0]!.commands[0]).toMatch(/^buildah build --file out\/base\/Dockerfile /);
    // Nothing but `version` ran, and nothing was written beside the outputs.
    expect(readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n')).toEqual(['buildah version']);
    expect(existsSync(join(dir, 'out', 'build-result.json'))).toBe(false);
    expect(result.bases.map((b) => b.status)).toEqual(['unknown', 'unknown']);
  });

  it('takes the builder from [build] builder in flyimg.toml, and --builder over it', async () => {
    const { dir, env } = setup(['podman', 'buildah'], `${TOML}`.replace('[build]\n', '[build]\nbuilder = "podman"\n'));
    const fromConfig = await flyimgc(['build', '.', '--dry-run', '--out', 'out'], { cwd: dir, env });
    expect(fromConfig.exitCode, fromConfig.stderr).toBe(0);
    expect(fromConfig.stdout.split('\n')[0]).toMatch(/^podman build /);
    const fromFlag = await flyimgc(['build', '.', '--dry-run', '--out', 'out', '--builder', 'buildah'], { cwd: dir, env });
    expect(fromFlag.stdout.split('\n')[0]).toMatch(/^buildah build /);
  });

  it('--bake prints the one bake command for every image', async () => {
    const { dir, env } = setup(['docker']);
    const run = await flyimgc(['build', '.', '--dry-run', '--bake', '--buildx-builder', 'remote', '--out', 'out'], { cwd: dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('FLYIMGC_OUT=out docker buildx bake --builder remote --file out/docker-bake.json --push --metadata-file out/bake-metadata.json base app other');
  });

  it('--only builds the named images and what they are built after; an unknown name is a usage error', async () => {
    const { dir, env } = setup(['buildah']);
    const run = await flyimgc(['build', '.', '--dry-run', '--format', 'json', '--only', 'app', '--out', 'out'], { cwd: dir, env });
    expect((JSON.parse(run.stdout) as { images: Array<{ binding: string }> }).images.map((i) => i.binding)).toEqual(['base', 'app']);
    const unknown = await flyimgc(['build', '.', '--dry-run', '--only', 'ap', '--out', 'out'], { cwd: dir, env });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('--only: no image to build is named `ap`');
  });

  it('fails like the real run when no builder is found', async () => {
    const { dir, env } = setup([]);
    const run = await flyimgc(['build', '.', '--dry-run', '--out', 'out'], { cwd: dir, env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('no image builder found on PATH');
  });

  it('refuses --bake with another --builder, and an unknown builder', async () => {
    const { dir, env } = setup([]);
    expect((await flyimgc(['build', '.', '--bake', '--builder', 'podman'], { cwd: dir, env })).exitCode).toBe(2);
    expect((await flyimgc(['build', '.', '--builder', 'kaniko'], { cwd: dir, env })).stderr).toContain('--builder must be docker, podman, buildah or bake');
  });
});
