/**
 * podman, for real (`setup.sh podman-up`: podman 4.3 with chroot isolation and the host network, sharing
 * buildah's image store and layer cache, so the examples' layers built by buildah are reused here). The
 * examples are built image by image with `--builder podman`, pushed to the local registry, and looked at
 * from the inside (pulled back from the registry). Multi-platform with podman: multiarch.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExamplesWith, makeProject, pushBases, pushStandin, realbuild, type Env } from './support/realbuild.js';

const NAMESPACE = `e2e-podman-${process.pid}-${Date.now().toString(36)}`;
let env: Env = {};
let project = '';

beforeAll(async () => {
  env = await realbuild('podman-up');
  await pushStandin(env);
  project = makeProject(env['REGISTRY']!);
  await pushBases(env, project, ['--registry', `${env['REGISTRY']}/${NAMESPACE}`, '--platform', 'linux/amd64']);
}, 900_000);

describe('podman, for real', () => {
  it('builds and pushes every image (a dry run prints exactly the commands), then builds nothing', async () => {
    const registry = env['REGISTRY']!;
    const result = await buildExamplesWith(env, project, 'podman', [
      'build',
      '.',
      '--builder',
      'podman',
      '--builder-arg=--isolation=chroot',
      '--builder-arg=--network=host',
      '--builder-arg=--format=docker',
      '--registry',
      `${registry}/${NAMESPACE}`,
      '--insecure-registry',
      registry,
      '--platform',
      'linux/amd64',
      '--out',
      'build',
      '--jobs',
      '2',
      '--format',
      'json',
    ]);
    for (const image of result.images) {
      expect(image.commands[0]).toMatch(/^podman build /);
      expect(image.commands[1]).toBe(`podman push --tls-verify=false ${image.uri}`);
    }
  }, 1_200_000);
});
