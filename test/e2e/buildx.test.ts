/**
 * docker buildx, for real: BuildKit through the docker driver of a private dockerd 26
 * (`setup.sh buildx-up` with REALBUILD_DOCKERD=trixie: its BuildKit has named contexts, which bake needs
 * for an image built FROM another image of the same run). The examples are built image by image
 * (`--builder docker`), then all at once with `--bake`, pushed to the local registry and looked at from
 * the inside (pulled back from the registry).
 *
 * What these machines need, and real users normally do not:
 * - `[build] dockerfile_frontend = "builtin"`: BuildKit cannot pull the `docker/dockerfile` frontend
 *   image offline, so the Dockerfiles are written without their `# syntax=` line;
 * - network=host: this dockerd has no bridge network. Single builds get `--builder-arg=--network=host`;
 *   buildx 0.13 reads `network` for bake only from a compose file, so bake gets an override file
 *   (`--builder-arg=--file=net.yaml`) naming every target.
 * Multi-platform: the docker driver cannot build several platforms at once ("Multi-platform build is not
 * supported for the docker driver"); multiarch.test.ts builds them with buildah and podman.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flyimgc } from '../helpers/cli.js';
import { buildExamplesWith, head, inside, makeProject, manifestOf, pushBases, pushStandin, realbuild, resultOf, SECRETS, sh, type Env } from './support/realbuild.js';

const NAMESPACE = `e2e-buildx-${process.pid}-${Date.now().toString(36)}`;
const secrets = SECRETS;
let env: Env = {};
let project = '';
let registry = '';

const common = () => ['--registry', `${registry}/${NAMESPACE}`, '--insecure-registry', registry, '--platform', 'linux/amd64', '--out', 'build', '--format', 'json'];

beforeAll(async () => {
  env = await realbuild('buildx-up', { REALBUILD_DOCKERD: 'trixie' });
  // `docker` is the CLI that comes with that dockerd; its buildx plugin is found through DOCKER_CONFIG.
  env['PATH'] = `${dirname(env['REALBUILD_DOCKER']!)}:${process.env['PATH']}`;
  registry = env['REGISTRY']!;
  await pushStandin(env);
  project = makeProject(registry, { build: ['dockerfile_frontend = "builtin"'] });
  await pushBases(env, project, ['--registry', `${registry}/${NAMESPACE}`, '--platform', 'linux/amd64']);
}, 900_000);

describe('docker buildx, for real', () => {
  it('builds and pushes every image (a dry run prints exactly the commands), then builds nothing', async () => {
    const result = await buildExamplesWith(env, project, 'docker', ['build', '.', '--builder', 'docker', '--builder-arg=--network=host', '--jobs', '2', ...common()]);
    for (const image of result.images) expect(image.commands[0]).toMatch(/^docker buildx build /);
  }, 1_200_000);

  it('--bake hands every image to one `docker buildx bake` call and reports its digests', async () => {
    const targets = manifestOf(join(project, 'build')).images.filter((i) => i.kind !== 'external').map((i) => i.binding);
    writeFileSync(join(project, 'net.yaml'), `services:\n${targets.map((t) => `  ${t}:\n    build:\n      network: host\n`).join('')}`);
    const run = await flyimgc(['build', '.', '--bake', '--force', '--builder-arg=--file=net.yaml', ...common()], { cwd: project, env: { ...env, ...secrets } });
    const result = resultOf(run.stdout, join(project, 'build'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(result.builder).toBe('bake');
    expect(result.images.map((i) => i.status)).toEqual(targets.map(() => 'built'));
    // One command for the whole graph.
    expect(new Set(result.images.map((i) => i.commands.join('\n'))).size).toBe(1);
    expect(result.images[0]!.commands[0]).toMatch(/^FLYIMGC_OUT=build docker buildx bake --file build\/docker-bake.json --push --metadata-file build\/bake-metadata.json --file=net.yaml /);
    for (const image of result.images) {
      const found = await head(env, image.uri);
      expect(found.status).toBe(200);
      // bake's own metadata and the registry agree on what was pushed.
      expect(image.platformDigests).toEqual({ 'linux/amd64': found.digest });
      expect(image.log).toBe('logs/bake.log');
    }
    const checked = result.images.find((i) => i.binding === 'checked')!;
    const out = await inside(env, checked.uri, 'cat /opt/e2e/secret-check.txt; test -e /etc/flyte/secrets || echo no-secret-left');
    expect(out).toBe('token-was-mounted\nfile-was-mounted\nno-secret-left');
  }, 1_200_000);

  it('the emitted docker-bake.json works from another directory, given FLYIMGC_OUT', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'flyimgc-bake-elsewhere-'));
    const out = relative(elsewhere, join(project, 'build'));
    const bake = [env['REALBUILD_DOCKER']!, 'buildx', 'bake', '--file', join(out, 'docker-bake.json'), '--file', relative(elsewhere, join(project, 'net.yaml'))];
    const printed = JSON.parse(await sh({ ...env, FLYIMGC_OUT: out }, bake[0]!, [...bake.slice(1), '--print', 'checked'], { cwd: elsewhere })) as { target: Record<string, { context: string }> };
    expect(printed.target['checked']!.context).toBe(`${out}/checked/context`);
    // And it really builds from there (cached; pushed under a tag of its own).
    const tag = `${registry}/${NAMESPACE}/from-elsewhere:1`;
    await sh({ ...env, ...secrets, FLYIMGC_OUT: out }, bake[0]!, [...bake.slice(1), '--set', `checked.tags=${tag}`, '--push', 'checked'], { cwd: elsewhere });
    expect((await head(env, tag)).status).toBe(200);
  }, 600_000);

  it('an image built FROM another image of the run, in one bake (`contexts`)', async () => {
    const dir = join(project, 'chain');
    mkdirSync(dir);
    writeFileSync(join(dir, 'first.flyimg'), 'first = Image.from_debian_base(python_version=(3, 11), registry="ghcr.io/acme", name="e2e-first").with_commands(["echo made-by-first > /first.txt"])\n');
    const flags = ['--registry', `${registry}/${NAMESPACE}`, '--platform', 'linux/amd64'];
    const compiled = await flyimgc(['compile', 'chain', '--out', 'chain-pre', ...flags], { cwd: project });
    expect(compiled.exitCode, compiled.stderr).toBe(0);
    const firstUri = manifestOf(join(project, 'chain-pre')).images[0]!.uri!;
    writeFileSync(join(dir, 'second.flyimg'), `second = Image.from_base("${firstUri}").clone(name="e2e-second", registry="ghcr.io/acme", extendable=True).with_commands(["cat /first.txt > /second.txt"])\n`);

    const bake = await flyimgc(['build', 'chain', '--bake', '--out', 'chain-build', '--format', 'json', ...flags, '--insecure-registry', registry, '--builder-arg=--file=chain/net.yaml'], {
      cwd: project,
      env: (writeFileSync(join(dir, 'net.yaml'), 'services:\n  first:\n    build:\n      network: host\n  second:\n    build:\n      network: host\n'), env),
    });
    const result = resultOf(bake.stdout, join(project, 'chain-build'));
    expect(bake.exitCode, bake.stderr).toBe(0);
    expect(result.images.map((i) => [i.binding, i.status])).toEqual([
      ['first', 'built'],
      ['second', 'built'],
    ]);
    const file = JSON.parse(readFileSync(join(project, 'chain-build', 'docker-bake.json'), 'utf8'));
    expect(file.target.second.contexts).toEqual({ [firstUri]: 'target:first' });
    const second = result.images.find((i) => i.binding === 'second')!;
    expect(await inside(env, second.uri, 'cat /second.txt')).toBe('made-by-first');
  }, 600_000);
});

