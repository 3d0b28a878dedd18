/**
 * End to end, for real: a distribution registry on 127.0.0.1 and buildah (chroot isolation), set up by
 * ../shared/realbuild/setup.sh. The bundled examples (and a few images made for checking) are compiled,
 * built and pushed with `flyimgc build`; the registry is asked for every tag; commands run inside the built
 * images show that the layers took effect; a second build builds nothing; a registry that does not answer
 * gives `unknown` and a failing exit, never a skip.
 *
 * Stand-ins, because these machines reach neither ghcr.io, Docker Hub nor PyPI:
 * - the uv tool image is test/e2e/standin/uv, a shell script that makes the virtualenv with the base's
 *   python3 and records `uv pip install` / `uv sync` requests instead of downloading (see its header);
 * - every base image (flyte's published images, python:3.12-slim-bookworm, the BYOI teams' images) is the
 *   locally made python:3.11-slim, pushed under the mirror names that flyimg.toml's [mirrors] points at.
 * Everything else (apt from Debian's mirror, COPY, ENV, WORKDIR, users, secret mounts, pushes,
 * existence checks) is real.
 * Left out of the examples, because their own commands need the network: from-dockerfile (its Dockerfile
 * installs from PyPI), remote-builder (`pip install flyte`) and secrets (a company Debian mirror and
 * GitHub); checks.flyimg covers secret mounts instead.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';
import { checkExampleImages, EXAMPLES, makeProject, manifestOf, pushBases, pushStandin, realbuild, sh as run, type Env } from './support/realbuild.js';

const EXCLUDED_EXAMPLES = ['from-dockerfile', 'secrets', 'remote-builder'];

let env: Env = {};
let project = '';
let registry = '';
/** A fresh namespace per run, so that the first build really builds everything even on a warm registry. */
const NAMESPACE = `e2e-${process.pid}-${Date.now().toString(36)}`;

const buildArgs = (target = registry) => [
  'build',
  '.',
  '--builder',
  'buildah',
  '--builder-arg=--network=host',
  '--registry',
  `${target}/${NAMESPACE}`,
  '--insecure-registry',
  target,
  '--platform',
  'linux/amd64',
  '--out',
  'build',
  '--jobs',
  '2',
  '--format',
  'json',
];

const sh = (command: string, args: readonly string[]) => run(env, command, args);

const secrets = { E2E_TOKEN: 'e2e-secret-value', E2E_FILE: 'e2e-file-secret' };

beforeAll(async () => {
  env = await realbuild('up');
  registry = env['REGISTRY']!;
  for (const example of EXAMPLES) expect(EXCLUDED_EXAMPLES).not.toContain(example);
  // The uv stand-in image, the examples with test/e2e/project, and every base they pull under its mirror name.
  await pushStandin(env);
  project = makeProject(registry);
  await pushBases(env, project, ['--registry', `${registry}/${NAMESPACE}`, '--platform', 'linux/amd64']);
}, 600_000);

describe('flyimgc build, for real', () => {
  it('builds and pushes every image, then finds them all and builds nothing', async () => {
    const first = await flyimgc(buildArgs(), { cwd: project, env: { ...env, ...secrets } });
    const report = JSON.parse(first.stdout) as { ok: boolean; images: Array<{ binding: string; uri: string; status: string; error?: string; log?: string }> };
    const failed = report.images.filter((i) => i.status === 'failed');
    const logs = failed.map((f) => (f.log ? readFileSync(join(project, 'build', f.log), 'utf8').slice(-3000) : f.error)).join('\n\n');
    expect(failed.map((f) => f.binding), logs).toEqual([]);
    expect(first.exitCode).toBe(0);
    const built = report.images.filter((i) => i.status === 'built');
    expect(built.length).toBeGreaterThanOrEqual(14);

    // The registry has every tag.
    for (const image of report.images) {
      const [repository, tag] = [image.uri.slice(registry.length + 1, image.uri.lastIndexOf(':')), image.uri.slice(image.uri.lastIndexOf(':') + 1)];
      const response = await fetch(`${env['REGISTRY_URL']}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' },
      });
      expect(response.status, image.uri).toBe(200);
    }

    // A second run asks the registry and builds nothing.
    const second = await flyimgc(buildArgs(), { cwd: project, env: { ...env, ...secrets } });
    expect(second.exitCode).toBe(0);
    const again = JSON.parse(second.stdout) as { images: Array<{ status: string }> };
    expect(again.images.map((i) => i.status)).toEqual(again.images.map(() => 'skipped'));
  }, 900_000);

  it('built images hold what their layers say', async () => {
    const manifest = manifestOf(join(project, 'build'));
    await checkExampleImages(env, (binding) => manifest.images.find((i) => i.binding === binding)!.uri!);
  }, 300_000);

  it('hostile values come out of a real build exactly as written (config and files)', async () => {
    const uri = manifestOf(join(project, 'build')).images.find((i) => i.binding === 'hostile')!.uri!;
    await sh('buildah', ['pull', '--tls-verify=false', uri]);
    const config = (JSON.parse(await sh('buildah', ['inspect', '--type', 'image', uri])) as { OCIv1: { config: { User?: string; WorkingDir?: string; Env?: string[] } } }).OCIv1.config;
    // A command ending in `\` + blanks did not swallow the next instruction: the image still runs as flyte.
    expect(config.User).toBe('flyte');
    expect(config.WorkingDir).toBe('/opt/work dir');
    const env = new Map((config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const));
    expect(env.get('H_QUOTES')).toBe('it\'s "q" $(id) `id` #x');
    expect(env.get('H_BACKSLASH')).toBe('a\\ b\\');
    expect(env.get('H_HEREDOC')).toBe('<<EOF');
    expect(env.get('H_SPACES')).toBe(' \\  ');
    const container = (await sh('buildah', ['from', '--tls-verify=false', uri])).trim().split('\n').pop()!;
    try {
      const files = await sh('buildah', ['run', '--isolation', 'chroot', container, '--', 'sh', '-c', 'cat "/opt/my dst #1/hello.txt"; echo "|"; cat quotes.txt; echo "|"; cat padded.txt; echo "|"; cat heredoc.txt']);
      expect(files).toBe(`${readFileSync(join(REPO_ROOT, 'test/e2e/project/payload/hello.txt'), 'utf8')}|\nit's "q" $(id) \`id\` #x|\npadded|\ncat <<EOF\nx\nEOF`);
    } finally {
      await sh('buildah', ['rm', container]);
    }
  }, 300_000);

  it('a registry that does not answer is unknown and fails the run, never a skip', async () => {
    const dead = '127.0.0.1:5999';
    const plan = await flyimgc(['plan', '.', '--registry', `${dead}/${NAMESPACE}`, '--insecure-registry', dead, '--platform', 'linux/amd64', '--format', 'json'], { cwd: project, env });
    expect(plan.exitCode).toBe(1);
    const statuses = (JSON.parse(plan.stdout) as { images: Array<{ existence: { status: string } }> }).images.map((i) => i.existence.status);
    expect(new Set(statuses)).toEqual(new Set(['unknown']));

    // One image suffices for the build (each image is decided alone), and one whose layers are all in
    // buildah's cache: an image that bind-mounts files is built without it (bindMounts.ts), minutes of work.
    const build = await flyimgc([...buildArgs(dead), '--only', 'checked'], { cwd: project, env: { ...env, ...secrets } });
    expect(build.exitCode).toBe(1);
    const report = JSON.parse(build.stdout) as { images: Array<{ binding: string; status: string }> };
    expect(report.images.map((i) => [i.binding, i.status])).toEqual([['checked', 'failed']]);
  }, 900_000);

  it('fails clearly when the builder is missing from PATH', async () => {
    const result = await flyimgc(['build', '.', '--builder', 'buildah', '--registry', `${registry}/${NAMESPACE}`, '--insecure-registry', registry, '--force', '--platform', 'linux/amd64', '--out', 'nobuilder'], {
      cwd: project,
      env: { ...env, ...secrets, PATH: '/nonexistent' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('the builder `buildah` is not available');
  });
});

process.on('exit', () => {
  if (project) rmSync(project, { recursive: true, force: true });
});
