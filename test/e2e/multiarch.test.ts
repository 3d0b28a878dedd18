/**
 * Multi-platform, for real: linux/amd64 + linux/arm64 through qemu (`setup.sh multiarch-up`: its own image
 * store, multi-arch bases in the local registry). A two-platform image is built as a manifest list with
 * buildah and with podman, pushed, and a command is run in its arm64 image. `plan` answers per platform:
 * a tag holding only the amd64 image is `partial`, and gets built. A base that has only amd64 is caught
 * before any build: builders asked for arm64 on it warn and build amd64 anyway, labelled arm64.
 * docker buildx cannot take part here: its docker driver refuses several platforms at once ("Multi-platform
 * build is not supported for the docker driver"), and the docker-container driver needs the moby/buildkit
 * image, which these machines cannot pull (docs/building.md).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';
import { head, inside, realbuild, resultOf, sh, type Env } from './support/realbuild.js';

const RUN = `${process.pid}-${Date.now().toString(36)}`;
const PLATFORMS = ['linux/amd64', 'linux/arm64'];
let env: Env = {};
let registry = '';
let multi = '';
let amd64Only = '';

const FLYIMG = [
  '# Built for the default platforms, linux/amd64 and linux/arm64. The commands run under qemu for arm64.',
  'multi = Image.from_debian_base(python_version=(3, 11), registry="ghcr.io/acme", name="e2e-multi").with_commands([',
  '    "uname -m > /arch.txt",',
  '    "python3 -c \'import platform; print(platform.machine())\' > /python-arch.txt",',
  '])',
  '',
].join('\n');

function project(mirror: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-multi-'));
  writeFileSync(join(dir, 'multi.flyimg'), FLYIMG);
  writeFileSync(join(dir, 'flyimg.toml'), ['[tools]', `uv = "${registry}/standin/uv-multi:0.8.13"`, '[mirrors]', `"ghcr.io/flyteorg" = "${mirror}/flyteorg"`, ''].join('\n'));
  return dir;
}

const skopeo = (...args: string[]) => sh(env, 'skopeo', ['copy', '--src-tls-verify=false', '--dest-tls-verify=false', ...args]);

beforeAll(async () => {
  env = await realbuild('multiarch-up');
  registry = env['REGISTRY']!;
  // The uv stand-in for both platforms (a shell script: FROM scratch + COPY needs no emulation). --no-cache:
  // buildah 1.28's layer cache hands the amd64 result of a FROM scratch build to arm64 too, and the list
  // then has one entry (flyimgc's base check then says the uv image lacks arm64).
  // The list is made under a local name of this run: builds that pull the registry's name keep an image
  // (not a list) under it in the store, and `--manifest` would refuse to add to that.
  const uv = `${registry}/standin/uv-multi:0.8.13`;
  const local = `localhost/e2e-uv-multi:${RUN}`;
  await sh(env, 'buildah', ['build', '--isolation', 'chroot', '--format', 'docker', '--no-cache', '--platform', PLATFORMS.join(','), '--manifest', local, join(REPO_ROOT, 'test/e2e/standin')]);
  await sh(env, 'buildah', ['manifest', 'push', '--all', '--tls-verify=false', local, `docker://${uv}`]);
  await sh(env, 'buildah', ['manifest', 'rm', local]);
  // flyte's base under its mirror name: the multi-arch python list, and (for the trap) its amd64 image only.
  multi = `${registry}/e2e-multi-${RUN}/bases`;
  amd64Only = `${registry}/e2e-multi-${RUN}/amd64-bases`;
  const python = env['REALBUILD_MULTIARCH_BASE_PYTHON']!;
  await skopeo('--all', `docker://${python}`, `docker://${multi}/flyteorg/flyte:py3.11-v2.6.5`);
  await skopeo('--override-arch', 'amd64', `docker://${python}`, `docker://${amd64Only}/flyteorg/flyte:py3.11-v2.6.5`);
}, 1_800_000);

async function planOf(dir: string, namespace: string) {
  const plan = await flyimgc(['plan', '.', '--registry', `${registry}/${namespace}`, '--insecure-registry', registry, '--format', 'json'], { cwd: dir, env });
  return { exitCode: plan.exitCode, ...(JSON.parse(plan.stdout) as { images: Array<{ uri: string; platforms: string[]; existence: { status: string; missingPlatforms?: string[] } }>; bases: Array<{ reference: string; status: string; missingPlatforms?: string[] }> }) };
}

describe('multi-platform images, for real', () => {
  it('buildah builds a manifest list for amd64 and arm64; the arm64 image runs arm64 code', async () => {
    const dir = project(multi);
    const namespace = `e2e-multi-${RUN}/buildah`;
    const before = await planOf(dir, namespace);
    expect(before.images[0]!.platforms).toEqual(PLATFORMS);
    expect(before.images[0]!.existence.status).toBe('missing');
    expect(before.bases.map((b) => b.status)).toEqual(['exists', 'exists']);

    const run = await flyimgc(['build', '.', '--builder', 'buildah', '--builder-arg=--isolation=chroot', '--builder-arg=--network=host', '--registry', `${registry}/${namespace}`, '--insecure-registry', registry, '--out', 'build', '--format', 'json'], { cwd: dir, env });
    const result = resultOf(run.stdout, join(dir, 'build'));
    expect(run.exitCode, run.stderr).toBe(0);
    const image = result.images[0]!;
    expect(image.commands[0]).toContain(`--manifest ${image.uri} --platform linux/amd64,linux/arm64`);
    expect(image.commands[1]).toBe(`buildah manifest push --all --tls-verify=false ${image.uri} docker://${image.uri}`);
    const found = await head(env, image.uri);
    expect(found.status).toBe(200);
    expect(found.type).toMatch(/manifest\.list|image\.index/);
    expect(image.digest).toBe(found.digest);
    // The build result names each platform's own manifest in the list, as the registry serves it.
    const tag = image.uri.slice(image.uri.lastIndexOf(':') + 1);
    const listed = await fetch(`${env['REGISTRY_URL']}/v2/${image.uri.slice(registry.length + 1, image.uri.lastIndexOf(':'))}/manifests/${tag}`, { headers: { Accept: found.type! } });
    const list = (await listed.json()) as { manifests: Array<{ digest: string; platform: { architecture: string } }> };
    const digestOf = (arch: string) => list.manifests.find((m) => m.platform.architecture === arch)!.digest;
    expect(image.platformDigests).toEqual({ 'linux/amd64': digestOf('amd64'), 'linux/arm64': digestOf('arm64') });

    expect(await inside(env, image.uri, 'cat /arch.txt /python-arch.txt; uname -m', 'linux/arm64')).toBe('aarch64\naarch64\naarch64');
    expect(await inside(env, image.uri, 'cat /arch.txt /python-arch.txt', 'linux/amd64')).toBe('x86_64\nx86_64');
    const after = await planOf(dir, namespace);
    expect(after.images[0]!.existence.status).toBe('exists');
  }, 1_200_000);

  it('plan says `partial` for a tag without its arm64 image, and podman builds the manifest list', async () => {
    const dir = project(multi);
    const namespace = `e2e-multi-${RUN}/podman`;
    const uri = (await planOf(dir, namespace)).images[0]!.uri;
    // Only an amd64 image under the tag: the registry has it, but not for every platform.
    const other = (await planOf(dir, `e2e-multi-${RUN}/buildah`)).images[0]!.uri;
    await skopeo('--override-arch', 'amd64', `docker://${other}`, `docker://${uri}`);
    const partial = await planOf(dir, namespace);
    expect(partial.images[0]!.existence).toMatchObject({ status: 'partial', missingPlatforms: ['linux/arm64'] });

    const run = await flyimgc(['build', '.', '--builder', 'podman', '--builder-arg=--isolation=chroot', '--builder-arg=--network=host', '--registry', `${registry}/${namespace}`, '--insecure-registry', registry, '--out', 'build', '--format', 'json'], { cwd: dir, env });
    const result = resultOf(run.stdout, join(dir, 'build'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(result.images[0]!.status).toBe('built');
    expect(result.images[0]!.commands[1]).toBe(`podman manifest push --all --tls-verify=false ${uri} docker://${uri}`);
    expect((await planOf(dir, namespace)).images[0]!.existence.status).toBe('exists');
    expect(await inside(env, uri, 'cat /arch.txt', 'linux/arm64')).toBe('aarch64');
  }, 1_200_000);

  it('a base with only amd64 stops plan and build before anything is built', async () => {
    const dir = project(amd64Only);
    const namespace = `e2e-multi-${RUN}/trap`;
    const plan = await planOf(dir, namespace);
    expect(plan.exitCode).toBe(1);
    const base = plan.bases.find((b) => b.reference.startsWith(amd64Only))!;
    expect(base).toMatchObject({ status: 'partial', missingPlatforms: ['linux/arm64'] });

    const run = await flyimgc(['build', '.', '--builder', 'buildah', '--registry', `${registry}/${namespace}`, '--insecure-registry', registry, '--out', 'build'], { cwd: dir, env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`base image ${amd64Only}/flyteorg/flyte:py3.11-v2.6.5 has no linux/arm64`);
    expect(run.stderr).toContain('nothing was built');
    expect((await head(env, plan.images[0]!.uri)).status).toBe(404);
  }, 300_000);
});
