/**
 * The BYOI guide's remote-builder pattern (../shared/seeds/bring-your-own-image.txt), for real with buildah
 * (set up as in build.test.ts): tasks/envs.flyimg is the seed's envs.py pasted as the seed shows it
 * (test/corpus/seeds), next to the project's real Python (test/e2e/seeds/remote_builder). Compiled as the
 * guide's production deploy, `flyte.deploy(env, copy_style="none")`: the loaded modules are baked into both
 * images, each at its team's WORKDIR, and flyte's config.yaml gets the URIs.
 *
 * Stand-ins (no PyPI, no Docker Hub here): the two team bases are the local python:3.11-slim with the
 * layout the guide describes (test/e2e/seeds/teams: a virtualenv at /opt/venv and WORKDIR /workspace;
 * conda's /opt/conda/bin and WORKDIR /app), whose pips record instead of downloading; uv is
 * test/e2e/standin/uv. Everything else (COPY of the bundle, ENV, WORKDIR, pushes) is real.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';
import { inside, pushStandin, realbuild, sh as run, type Env } from './support/realbuild.js';

const NAMESPACE = `e2e-seeds-${process.pid}-${Date.now().toString(36)}`;
let env: Env = {};
let registry = '';
let project = '';
let standinUv = '';

const sh = (command: string, args: readonly string[]) => run(env, command, args);

beforeAll(async () => {
  env = await realbuild('up');
  registry = env['REGISTRY']!;

  standinUv = await pushStandin(env);
  for (const [name, layout, workdir] of [
    ['training-base', 'venv', '/workspace'],
    ['data-prep-base', 'conda', '/app'],
  ] as const) {
    const tag = `${registry}/standin/teams/${name}:latest`;
    await sh('buildah', ['build', '--isolation', 'chroot', '--format', 'docker', '--build-arg', `LAYOUT=${layout}`, '--build-arg', `WORKDIR_PATH=${workdir}`, '-t', tag, join(REPO_ROOT, 'test/e2e/seeds/teams')]);
    await sh('buildah', ['push', '--tls-verify=false', tag]);
  }

  project = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-seeds-'));
  cpSync(join(REPO_ROOT, 'test/e2e/seeds/remote_builder'), project, { recursive: true });
  // The seed's envs.py as pasted (REGISTRY filled in), beside the real Python.
  cpSync(join(REPO_ROOT, 'test/corpus/seeds/remote_builder/tasks/envs_filled.flyimg'), join(project, 'tasks', 'envs.flyimg'));
  writeFileSync(
    join(project, 'flyimg.toml'),
    [
      '[tools]',
      `uv = "${standinUv}"`,
      '[mirrors]',
      `"localhost:5000" = "${registry}/standin/teams"`,
      '[flyte]',
      'copy_style = "none"',
      'entry = ["main.py", "tasks/tasks.py"]',
      'config = "config.yaml"',
      '',
    ].join('\n'),
  );
  writeFileSync(join(project, 'config.yaml'), '# flyte config of the team\nadmin:\n  endpoint: dns:///flyte.example.com\nimage:\n  image_refs: {}\n');
}, 600_000);

describe("the BYOI guide's remote-builder pattern, production bake-in, for real", () => {
  it('checks with the warnings a user of the guide needs, and no error', async () => {
    const check = await flyimgc(['check', '.'], { cwd: project });
    expect(check.exitCode, check.stderr).toBe(0);
    // conda's pip installs flyte behind /opt/venv/bin; the bases' Python versions are not given.
    expect(check.stderr).toContain('warning[FLY4062]: `/opt/conda/bin/pip` installs flyte outside the virtualenv');
    expect(check.stderr).toContain('warning[FLY4061]');
  });

  it('builds both images with the loaded modules at each WORKDIR, and writes the URIs into config.yaml', async () => {
    const args = ['build', '.', '--builder', 'buildah', '--builder-arg=--network=host', '--registry', `${registry}/${NAMESPACE}`, '--insecure-registry', registry, '--platform', 'linux/amd64', '--out', 'build', '--format', 'json'];
    const run = await flyimgc(args, { cwd: project, env });
    const report = JSON.parse(run.stdout) as { images: Array<{ binding: string; uri: string; status: string; log?: string }> };
    const failed = report.images.filter((i) => i.status === 'failed');
    expect(failed.map((f) => f.binding), failed.map((f) => (f.log ? readFileSync(join(project, f.log), 'utf8').slice(-3000) : '')).join('\n')).toEqual([]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(report.images.filter((i) => i.status === 'built').map((i) => i.binding).sort()).toEqual(['env_data_image', 'env_train_image']);

    const uri = (binding: string) => report.images.find((i) => i.binding === binding)!.uri;
    const listing = 'pwd; find . -path ./proc -prune -o -name "*.py" -print -o -name "*.txt" -print | sort; cat /opt/pip-standin.log';
    const train = await inside(env, uri('env_train_image'), `${listing}; echo "PATH=$PATH"`);
    expect(train).toContain('/workspace\n./main.py\n./tasks/envs.py\n./tasks/tasks.py\n');
    expect(train).not.toContain('notes.txt');
    expect(train).toContain('/opt/venv/bin/pip install flyte');
    expect(train).toMatch(/PATH=\/opt\/venv\/bin:/);
    const data = await inside(env, uri('env_data_image'), `${listing}; head -3 tasks/tasks.py`);
    expect(data).toContain('/app\n./main.py\n./tasks/envs.py\n./tasks/tasks.py\n');
    expect(data).toContain('/opt/conda/bin/pip install flyte');
    expect(data).toContain('from tasks.envs import env_data, env_train');

    // flyte's config.yaml: the environments' and images' URIs, the rest of the file kept.
    const config = readFileSync(join(project, 'config.yaml'), 'utf8');
    expect(config).toContain('# flyte config of the team');
    const refs = (parse(config) as { image: { image_refs: Record<string, string> } }).image.image_refs;
    expect(refs['training']).toBe(uri('env_train_image'));
    expect(refs['data-prep']).toBe(uri('env_data_image'));
  }, 900_000);

  it('a code change is a new tag in production, and none for development runs', async () => {
    const tags = async (extra: string[]) => {
      const out = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-tags-'));
      const result = await flyimgc(['compile', '.', '--out', join(out, 'o'), ...extra], { cwd: project });
      expect(result.exitCode, result.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(out, 'o', 'manifest.json'), 'utf8')) as { images: Array<{ uri: string }> };
      rmSync(out, { recursive: true, force: true });
      return manifest.images.map((i) => i.uri);
    };
    const [prodBefore, devBefore] = [await tags([]), await tags(['--copy-style', 'loaded_modules'])];
    writeFileSync(join(project, 'tasks', 'tasks.py'), `${readFileSync(join(project, 'tasks', 'tasks.py'), 'utf8')}\n# edited\n`);
    const [prodAfter, devAfter] = [await tags([]), await tags(['--copy-style', 'loaded_modules'])];
    expect(prodAfter).not.toEqual(prodBefore);
    expect(devAfter).toEqual(devBefore);
  });
});

process.on('exit', () => {
  if (project) rmSync(project, { recursive: true, force: true });
});
