/**
 * STAND-INS for the official `python:3.X-slim` images, for building users' Dockerfiles UNCHANGED (their
 * `FROM python:3.11-slim` / `FROM python:3.10-slim` as written): test/e2e/seeds/python-standin, realbuild's
 * python:3.11-slim with pip pointed at a local PEP 503 index of stand-in wheels. They live in a private
 * image store made for the run, tagged there exactly as the FROM names them (`docker.io/library/python:…`),
 * because the shared store's `docker.io/library/python:3.11-slim` is realbuild's own base, which other
 * builds use. The private registries.conf mirrors docker.io by a content-tagged namespace of the local
 * registry holding the same stand-ins, so a builder that pulls gets them too.
 * Nothing here skips: a missing tool or service throws.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/cli.js';
import { startPackageIndex, type PackageIndex } from './packageIndex.js';
import { head, sh, type Env } from './realbuild.js';

const CONTEXT = join(REPO_ROOT, 'test/e2e/seeds/python-standin');
const WHEELS = join(REPO_ROOT, 'test/e2e/seeds/wheels');
/** The index host and port the stand-ins' pip.conf names. */
export const INDEX_HOST = 'pypi-standin';
export const INDEX_PORT = 3141;

export interface StandinStore {
  /** `env` with CONTAINERS_STORAGE_CONF and CONTAINERS_REGISTRIES_CONF of the private store. */
  readonly env: Env;
  /** `python:3.11-slim` → the content-tagged registry reference of its stand-in. */
  readonly standins: ReadonlyMap<string, string>;
  dispose(): Promise<void>;
}

/**
 * Makes the private store and puts the stand-ins for `python:<version>-slim` in it, under their official
 * names. A stand-in already in the registry under its content tag is pulled, not built again.
 */
export async function pythonStandins(env: Env, versions: readonly string[]): Promise<StandinStore> {
  const registry = env['REGISTRY']!;
  const baseRef = `${registry}/library/python:3.11-slim`;
  const base = await head(env, baseRef);
  if (base.status !== 200) throw new Error(`${baseRef} is not in the registry (${base.status}): realbuild up did not make it`);
  const content = createHash('sha256')
    .update(readFileSync(join(CONTEXT, 'Dockerfile')))
    .update(readFileSync(join(CONTEXT, 'pip.conf')))
    .update(base.digest ?? '')
    .digest('hex')
    .slice(0, 12);
  const mirror = `${registry}/standin/python-${content}`;

  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-standin-store-'));
  writeFileSync(join(dir, 'storage.conf'), `[storage]\ndriver = "${env['STORAGE_DRIVER'] ?? 'overlay'}"\ngraphroot = "${dir}/storage"\nrunroot = "${dir}/run"\n`);
  writeFileSync(
    join(dir, 'registries.conf'),
    [
      '# The BYOI seed test: docker.io is mirrored by the content-tagged stand-ins (test/e2e/support/pythonStandins.ts).',
      'unqualified-search-registries = ["docker.io"]',
      '[[registry]]',
      `location = "${registry}"`,
      'insecure = true',
      '[[registry]]',
      'prefix = "docker.io"',
      'location = "docker.io"',
      '[[registry.mirror]]',
      `location = "${mirror}"`,
      'insecure = true',
      '',
    ].join('\n'),
  );
  const store: Env = { ...env, CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'), CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf') };

  const standins = new Map<string, string>();
  for (const version of versions) {
    const official = `docker.io/library/python:${version}-slim`;
    const ref = `${mirror}/library/python:${version}-slim`;
    if ((await head(env, ref)).status === 200) {
      await sh(store, 'buildah', ['pull', '--tls-verify=false', ref]);
    } else {
      await sh(store, 'buildah', ['build', '--isolation', 'chroot', '--network', 'host', '--format', 'docker', '--build-arg', `BASE=${baseRef}`, '--build-arg', `STANDS_IN_FOR=python:${version}-slim`, '-t', ref, CONTEXT]);
      await sh(store, 'buildah', ['push', '--tls-verify=false', ref]);
    }
    await sh(store, 'buildah', ['tag', ref, official]);
    standins.set(`python:${version}-slim`, ref);
  }
  return {
    env: store,
    standins,
    dispose: async () => {
      await sh(store, 'buildah', ['rm', '--all']).catch(() => '');
      await sh(store, 'buildah', ['rmi', '--all', '--force']).catch(() => '');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The index of stand-in wheels (test/e2e/seeds/wheels) where the stand-ins' pip.conf looks: port
 * INDEX_PORT on a loopback address of its own (127.x.y.z, any of which reach `lo`), so that runs at the
 * same time do not collide; builds map INDEX_HOST to it with `addHost`.
 */
export async function startStandinIndex(): Promise<{ index: PackageIndex; addHost: string }> {
  for (let attempt = 0; ; attempt++) {
    const host = `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
    try {
      const index = await startPackageIndex({ packages: WHEELS, host, port: INDEX_PORT });
      return { index, addHost: `${INDEX_HOST}:${host}` };
    } catch (error) {
      if (attempt >= 5 || (error as { code?: string }).code !== 'EADDRINUSE') throw error;
    }
  }
}
