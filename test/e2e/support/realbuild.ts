/**
 * What every builder's end-to-end test shares: the realbuild services (../shared/realbuild/setup.sh), the
 * uv stand-in image, a project holding the examples, the base images under their mirror names, and a
 * look inside a pushed image (buildah, from the registry: what was pushed, not what a builder kept).
 * Nothing here skips: a missing tool or service throws, which fails the test file (also under CI=true).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { flyimgc, REPO_ROOT } from '../../helpers/cli.js';

export const SETUP = process.env['REALBUILD_SETUP'] ?? join(REPO_ROOT, '..', 'shared', 'realbuild', 'setup.sh');
export type Env = Record<string, string>;

/** Runs `setup.sh <subcommand>` (idempotent) and returns the environment it prints. */
export async function realbuild(subcommand: 'up' | 'buildx-up' | 'podman-up' | 'multiarch-up', extra: Env = {}): Promise<Env> {
  const up = await execa('bash', [SETUP, subcommand], { reject: false, all: true, env: extra, timeout: 1_200_000 });
  if (up.exitCode !== 0) throw new Error(`realbuild ${subcommand} failed:\n${up.all}`);
  const env: Env = { ...extra };
  for (const match of up.stdout.matchAll(/^export (\w+)=(.*)$/gm)) env[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  return env;
}

export async function sh(env: Env, command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  const result = await execa(command, args, { env, cwd: options.cwd ?? REPO_ROOT, reject: false, all: true, ...(options.input !== undefined ? { input: options.input } : {}) });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.exitCode}):\n${result.all}`);
  return result.stdout;
}

/**
 * The uv stand-in image, tagged by its content: other checkouts on this machine share the registry and the
 * image store, and may hold another version of the stand-in.
 */
export function standinUvRef(registry: string): string {
  const digest = createHash('sha256').update(readFileSync(join(REPO_ROOT, 'test/e2e/standin/uv'))).update(readFileSync(join(REPO_ROOT, 'test/e2e/standin/Dockerfile'))).digest('hex');
  return `${registry}/standin/uv:0.8.13-${digest.slice(0, 12)}`;
}

/**
 * Builds (once per content: the tag) and pushes the uv stand-in (test/e2e/standin/uv), the same for every
 * builder. The e2e files run at once and all need it: rebuilding the tag in the shared image store while
 * another file's build reads it made buildah panic (integer divide by zero in newBuilder), so the image is
 * built under a lock, and only when the store does not hold it yet.
 */
export async function pushStandin(env: Env): Promise<string> {
  const ref = standinUvRef(env['REGISTRY']!);
  const script = 'buildah inspect --type image "$1" >/dev/null 2>&1 || buildah build --isolation chroot --format docker -t "$1" "$2" && buildah push --tls-verify=false "$1"';
  await sh(env, 'flock', [join(tmpdir(), 'flyimgc-e2e-standin-uv.lock'), 'sh', '-c', script, 'standin', ref, join(REPO_ROOT, 'test/e2e/standin')]);
  return ref;
}

export const EXAMPLES = ['debian-apt-pip', 'reuse-extend', 'uv-project', 'poetry-project', 'uv-script', 'source-copies', 'code-bundle', 'byoi-pure'];

/** A temporary project: the given examples, test/e2e/project, and a flyimg.toml pointing tools and bases at the local registry. */
export function makeProject(registry: string, options: { examples?: readonly string[]; build?: readonly string[]; flyte?: readonly string[]; mirrorPrefix?: string } = {}): string {
  const project = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-'));
  for (const example of options.examples ?? EXAMPLES) cpSync(join(REPO_ROOT, 'examples', example), join(project, example), { recursive: true });
  cpSync(join(REPO_ROOT, 'test/e2e/project'), project, { recursive: true });
  const mirrors = options.mirrorPrefix ?? `${registry}/standin`;
  writeFileSync(
    join(project, 'flyimg.toml'),
    [
      '[tools]',
      `uv = "${standinUvRef(registry)}"`,
      '[mirrors]',
      `"ghcr.io/flyteorg" = "${mirrors}/flyteorg"`,
      `"registry.example.com/ml" = "${mirrors}/ml"`,
      `"docker.io/library" = "${mirrors}/library"`,
      ...(options.build ? ['[build]', ...options.build] : []),
      ...(options.flyte ? ['[flyte]', ...options.flyte] : []),
      '',
    ].join('\n'),
  );
  return project;
}

export function manifestOf(dir: string): { images: Array<{ binding: string; kind: string; uri?: string; base?: string; platforms: string[] }> } {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** Every base the project's images pull, made from `source` (a local image) and pushed under its mirror name. */
export async function pushBases(env: Env, project: string, flags: readonly string[], source = 'docker.io/library/python:3.11-slim', mirrorPrefix = `${env['REGISTRY']}/standin`): Promise<void> {
  const pre = await flyimgc(['compile', '.', '--out', 'pre', ...flags], { cwd: project });
  expect(pre.stderr).toMatch(/compiled \d+ images?/);
  const mirrors: Array<[string, string]> = [
    ['ghcr.io/flyteorg', `${mirrorPrefix}/flyteorg`],
    ['registry.example.com/ml', `${mirrorPrefix}/ml`],
    ['python', `${mirrorPrefix}/library/python`],
  ];
  const bases = new Set(manifestOf(join(project, 'pre')).images.flatMap((i) => (i.base ? [i.base] : [])));
  for (const base of bases) {
    const mirror = mirrors.find(([prefix]) => base.startsWith(`${prefix}/`) || base.startsWith(`${prefix}:`));
    expect(mirror, `a mirror for ${base}`).toBeDefined();
    const name = mirror![1] + base.slice(mirror![0].length);
    await sh(env, 'buildah', ['tag', source, name]);
    await sh(env, 'buildah', ['push', '--tls-verify=false', name]);
  }
}

export interface ResultImage {
  binding: string;
  uri: string;
  status: string;
  platforms: string[];
  digest?: string;
  platformDigests?: Record<string, string>;
  error?: string;
  log?: string;
  seconds?: number;
  commands: string[];
}
export interface Result {
  ok: boolean;
  builder: string | null;
  dryRun: boolean;
  bases: Array<{ reference: string; status: string; missingPlatforms?: string[] }>;
  images: ResultImage[];
}

/** Parses `build --format json`, failing with the builders' logs of failed images. */
export function resultOf(stdout: string, outDir: string): Result {
  const result = JSON.parse(stdout) as Result;
  const failed = result.images.filter((i) => i.status === 'failed');
  const logs = failed.map((f) => (f.log ? readFileSync(join(outDir, f.log), 'utf8').slice(-4000) : f.error)).join('\n\n');
  expect(failed.map((f) => f.binding), logs).toEqual([]);
  return result;
}

export const ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json';

/** HEAD of a tag in the local registry: its status and digest. */
export async function head(env: Env, uri: string): Promise<{ status: number; digest: string | null; type: string | null }> {
  const registry = env['REGISTRY']!;
  const repository = uri.slice(registry.length + 1, uri.lastIndexOf(':'));
  const tag = uri.slice(uri.lastIndexOf(':') + 1);
  const response = await fetch(`${env['REGISTRY_URL']}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
  return { status: response.status, digest: response.headers.get('docker-content-digest'), type: response.headers.get('content-type') };
}

/** Runs `script` inside the pushed image (pulled from the registry by buildah), for `platform` when given. */
export async function inside(env: Env, uri: string, script: string, platform?: string): Promise<string> {
  const from = await sh(env, 'buildah', ['from', '--pull=always', '--tls-verify=false', ...(platform ? ['--platform', platform] : []), uri]);
  const container = from.trim().split('\n').pop()!;
  try {
    const run = () => sh(env, 'buildah', ['run', '--isolation', 'chroot', container, '--', 'sh', '-c', script]);
    try {
      return await run();
    } catch (error) {
      // buildah's chroot runner copies itself into a sealed memfd; while other builds start processes at
      // the same moment, sealing can fail with EBUSY before the script runs at all. Only that is retried.
      if (!/sealing memfd copy: Device or resource busy/.test(String(error))) throw error;
      return await run();
    }
  } finally {
    await sh(env, 'buildah', ['rm', container]);
  }
}

/** What the examples' layers must have left in the images (the same checks for every builder). */
export async function checkExampleImages(env: Env, uriOf: (binding: string) => string): Promise<void> {
  const checked = await inside(env, uriOf('checked'), 'echo "$E2E_MODE|$E2E_PATH|$(pwd)|$(id -un)"; cat /opt/e2e/hello.txt; cat jq-version.txt; cat secret-check.txt; test -x /opt/e2e/tool.sh && echo executable; test -e /etc/flyte/secrets || echo no-secret-left; env | grep -c e2e-secret-value || true');
  expect(checked).toContain('checked|/opt/e2e/bin:');
  expect(checked).toContain('|/opt/e2e|root\n');
  expect(checked).toContain('hello from the build context');
  expect(checked).toMatch(/jq-1\.\d/);
  expect(checked).toContain('token-was-mounted\nfile-was-mounted');
  expect(checked).toContain('executable');
  expect(checked).toContain('no-secret-left');
  expect(checked.trim().endsWith('0')).toBe(true);

  const apt = await inside(env, uriOf('debian_apt_pip'), 'dpkg -s curl | grep "^Status"; cat /opt/uv-standin/requests.log');
  expect(apt).toContain('Status: install ok installed');
  expect(apt).toMatch(/pip install --python \/opt\/venv\/bin\/python .*pandas==2\.2\.3/);

  // with_source_file(dst="/app/config.yaml") is the file itself; the editable dependency was mounted for uv sync.
  const seeded = await inside(env, uriOf('seeded'), 'test -f /app/config.yaml && cat /app/config.yaml; cat /opt/uv-standin/requests.log');
  expect(seeded).toContain('mode: production');
  expect(seeded).toContain('uv sync sees ./libs/helper/src/helper/__init__.py');
  expect(seeded).toContain('uv sync sees ./uv.lock');

  const copies = await inside(env, uriOf('source_copies'), 'pwd; echo "$SHOP_ENV"; ls /srv/src/shop; test -x /usr/local/bin/entrypoint.sh && echo entrypoint-executable; test -e /srv/src/shop/debug.log || echo log-ignored');
  expect(copies).toContain('/srv\nproduction');
  expect(copies).toContain('orders.py');
  expect(copies).toContain('entrypoint-executable');
  expect(copies).toContain('log-ignored');

  // flyte's default user: the image ends as `flyte` in /home/flyte (pip.test.ts checks the cache mounts).
  const script = await inside(env, uriOf('uv_script'), 'id -un; pwd');
  expect(script).toBe('flyte\n/home/flyte');
}

/** The secrets checks.flyimg mounts. */
export const SECRETS = { E2E_TOKEN: 'e2e-secret-value', E2E_FILE: 'e2e-file-secret' };

/** The temporary folder of the secrets differs from run to run; everything else in a command must not. */
export const stableCommand = (command: string) => command.replace(/\/[^ ,]*flyimgc-secrets-[^/ ]+\//g, '<secrets>/');

/**
 * One builder over the examples: a dry run, the real run (which must run exactly the dry run's commands),
 * every tag in the registry with the digest the result reports, the images' insides, and a second run
 * that builds nothing. `args` are the `flyimgc build` arguments (with --format json and --out build).
 */
export async function buildExamplesWith(env: Env, project: string, builder: string, args: readonly string[]): Promise<Result> {
  const secretEnv = { ...env, ...SECRETS };
  const dry = await flyimgc([...args, '--dry-run'], { cwd: project, env: secretEnv });
  expect(dry.exitCode, dry.stderr).toBe(0);
  const planned = JSON.parse(dry.stdout) as Result;
  expect(planned.dryRun).toBe(true);
  expect(planned.builder).toBe(builder);

  const run = await flyimgc(args, { cwd: project, env: secretEnv });
  const result = resultOf(run.stdout, join(project, 'build'));
  expect(run.exitCode, run.stderr).toBe(0);
  expect(result.builder).toBe(builder);
  const built = result.images.filter((i) => i.status === 'built');
  expect(built.length).toBeGreaterThanOrEqual(14);
  for (const image of built) {
    expect(image.commands.map(stableCommand)).toEqual(planned.images.find((p) => p.binding === image.binding)!.commands.map(stableCommand));
    const found = await head(env, image.uri);
    expect(found.status, image.uri).toBe(200);
    expect(image.digest).toBe(found.digest);
    expect(readFileSync(join(project, 'build', image.log!), 'utf8')).toContain(`$ ${image.commands[0]}`);
  }
  expect(JSON.parse(readFileSync(join(project, 'build', 'build-result.json'), 'utf8'))).toEqual(result);

  const uris = new Map(manifestOf(join(project, 'build')).images.map((i) => [i.binding, i.uri!] as const));
  await checkExampleImages(env, (binding) => uris.get(binding)!);

  const again = await flyimgc(args, { cwd: project, env: secretEnv });
  expect(again.exitCode).toBe(0);
  expect(resultOf(again.stdout, join(project, 'build')).images.map((i) => i.status)).toEqual(result.images.map(() => 'skipped'));
  return result;
}
