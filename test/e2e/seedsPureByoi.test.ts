/**
 * The BYOI guide's pure-BYOI pattern (../shared/seeds/bring-your-own-image.txt, "Pattern 1"), for real with
 * buildah (set up as in build.test.ts). test/e2e/seeds/pure_byoi is the guide's project: the two team
 * Dockerfiles byte for byte as the seed prints them (checked below against the seed), workflow_code/envs.py
 * as printed and tasks.py indented as Python. The seed's envs block pasted as a .flyimg
 * (test/corpus/seeds/pure_byoi/workflow_code/envs.flyimg) sits at the project root.
 *
 * 1. The team images are built the guide's way, `docker build -f data_prep/Dockerfile -t <registry>/data-prep:latest .`
 *    (here buildah), and pushed to the local registry.
 * 2. flyimgc compiles the pasted envs block with `--image data-prep=<uri> --image training=<uri>`: flyte's
 *    mapping; `build` asks the registry for both and builds nothing, the manifest and flyte's config.yaml
 *    name the pushed images, and the registry has them.
 * 3. flyimgc's own way to build those Dockerfiles, `from_dockerfile(..., context=Path("."))` (teams.flyimg):
 *    what it writes (the Dockerfile, the context) is the user's, and it is what buildah builds.
 * Inside each image: the apt packages, the pip packages at the pinned versions, the workflow code where the
 * COPY puts it, ENV/WORKDIR/USER as the Dockerfile says, and `import workflow_code.tasks` resolving through
 * PYTHONPATH from another directory, running the guide's tasks.
 *
 * STAND-INS (no Docker Hub and no PyPI here), named as such everywhere:
 * - `python:3.11-slim` and `python:3.10-slim`: test/e2e/seeds/python-standin (realbuild's Debian-based
 *   python:3.11-slim, pip pointed at a local index), tagged under those names in a private image store. The
 *   python:3.10-slim stand-in runs Python 3.11 (Debian bookworm has no 3.10): nothing here checks the version.
 * - flyte, pandas 2.1.4, pyarrow 14.0.1, torch 2.1.2, numpy 1.26.4: tiny wheels (test/e2e/seeds/wheels,
 *   versions labelled `+standin`) served by the local PEP 503 index (support/packageIndex.ts), which each
 *   build reaches as `pypi-standin` through `--add-host` (a build flag; the Dockerfiles are unchanged).
 * Real: the Dockerfiles, buildah, apt-get from Debian's mirror (libpq-dev, build-essential), pip resolving
 * and installing from an index over HTTP, the registry, flyimgc.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';
import type { PackageIndex } from './support/packageIndex.js';
import { pythonStandins, startStandinIndex, type StandinStore } from './support/pythonStandins.js';
import { head, inside, manifestOf, realbuild, resultOf, sh, type Env } from './support/realbuild.js';

const SEED = join(REPO_ROOT, '..', 'shared', 'seeds', 'bring-your-own-image.txt');
const NAMESPACE = `e2e-byoi-${process.pid}-${Date.now().toString(36)}`;
let env: Env = {};
let store: StandinStore | undefined;
let index: PackageIndex | undefined;
let addHost = '';
let project = '';
let outputs = '';
/** The images built the guide's way: team → pushed URI and digest. */
const pushed = new Map<'data-prep' | 'training', { uri: string; digest: string }>();

interface Team {
  readonly name: 'data-prep' | 'training';
  readonly dockerfile: string;
  readonly from: string;
  readonly workdir: string;
  readonly apt: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly absent: readonly string[];
}
const TEAMS: readonly Team[] = [
  { name: 'data-prep', dockerfile: 'data_prep/Dockerfile', from: 'python:3.11-slim', workdir: '/app', apt: 'libpq-dev', packages: { flyte: '0.0.0+standin', pandas: '2.1.4+standin', pyarrow: '14.0.1+standin', numpy: '1.26.4+standin' }, absent: ['torch'] },
  { name: 'training', dockerfile: 'training/Dockerfile', from: 'python:3.10-slim', workdir: '/workspace', apt: 'build-essential', packages: { flyte: '0.0.0+standin', torch: '2.1.2+standin', numpy: '1.26.4+standin' }, absent: ['pandas', 'pyarrow'] },
];

beforeAll(async () => {
  env = await realbuild('up');
  ({ index, addHost } = await startStandinIndex());
  store = await pythonStandins(env, ['3.11', '3.10']);

  project = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-byoi-'));
  outputs = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-byoi-out-'));
  cpSync(join(REPO_ROOT, 'test/e2e/seeds/pure_byoi'), project, { recursive: true });
  cpSync(join(REPO_ROOT, 'test/corpus/seeds/pure_byoi/workflow_code/envs.flyimg'), join(project, 'envs.flyimg'));
  writeFileSync(join(project, 'flyimg.toml'), '# the pure-BYOI project of the BYOI guide\n');
  writeFileSync(join(project, 'config.yaml'), '# flyte config of the team\nadmin:\n  endpoint: dns:///flyte.example.com\n');

  // The guide's build and push, with the user's Dockerfiles as they are (from the project folder, the parent
  // of both teams' folders). The image store and index are the stand-ins'; the build flags are realbuild's,
  // plus `--add-host` naming the index for the stand-ins' pip.conf (a flag, not a change to the Dockerfile).
  for (const team of TEAMS) {
    const uri = `${env['REGISTRY']}/${NAMESPACE}/${team.name}:latest`;
    await sh(store.env, 'buildah', ['build', '--isolation', 'chroot', '--network', 'host', '--format', 'docker', '--layers', '--add-host', addHost, '-f', team.dockerfile, '-t', uri, '.'], { cwd: project });
    const digestFile = join(outputs, `${team.name}.digest`);
    await sh(store.env, 'buildah', ['push', '--tls-verify=false', '--digestfile', digestFile, uri]);
    pushed.set(team.name, { uri, digest: readFileSync(digestFile, 'utf8').trim() });
  }
}, 900_000);

afterAll(async () => {
  await index?.close();
  await store?.dispose();
  for (const dir of [project, outputs]) if (dir) rmSync(dir, { recursive: true, force: true });
}, 300_000);

/** What the team's Dockerfile says its image holds, looked at in the image pulled from the registry. */
async function checkTeamImage(team: Team, uri: string): Promise<void> {
  const config = JSON.parse(await sh(store!.env, 'skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${uri}`])) as {
    config: { Env?: string[]; WorkingDir?: string; User?: string; Labels?: Record<string, string> };
  };
  expect(config.config.WorkingDir).toBe(team.workdir);
  expect(config.config.Env).toContain(`PYTHONPATH=${team.workdir}`);
  expect(config.config.User ?? '').toBe('');
  // FROM resolved to the stand-in for the name the Dockerfile gives.
  expect(config.config.Labels?.['io.flyimgc.standin']).toBe(team.from);

  const names = [...Object.keys(team.packages), ...team.absent];
  const out = await inside(
    store!.env,
    uri,
    [
      'echo "pwd=$(pwd) user=$(id -un) PYTHONPATH=$PYTHONPATH"',
      'cat /etc/flyimgc-standin',
      `dpkg-query -W -f='\${Package} \${Status}\\n' ${team.apt}`,
      'echo "apt-lists=$(ls /var/lib/apt/lists | grep -v -e "^lock$" -e "^partial$" | wc -l)"',
      'test -e /root/.cache/pip && echo pip-cache-left || echo no-pip-cache',
      `find ${team.workdir} -type f | sort`,
      // Last: importing writes byte code next to the modules.
      `cd / && python -c "import importlib.metadata as m
for name in ${JSON.stringify(names).replace(/"/g, "'")}:
    try:
        print('dist', name, m.version(name))
    except m.PackageNotFoundError:
        print('dist', name, 'absent')"`,
      `cd / && python -c "import ${Object.keys(team.packages).join(', ')}; print('imported', ${Object.keys(team.packages).map((p) => `${p}.__version__`).join(', ')})"`,
      `cd / && python -c "import asyncio, workflow_code.tasks as t; print('module', t.__file__); print('prepare', asyncio.run(t.prepare()), 'in', t.prepare.environment.name, 'train in', t.train.environment.name)"`,
      'echo end',
    ].join('\n'),
  );
  expect(out).toContain(`pwd=${team.workdir} user=root PYTHONPATH=${team.workdir}\n`);
  expect(out).toContain(`STAND-IN for ${team.from}`);
  expect(out).toContain(`${team.apt} install ok installed\n`);
  expect(out).toContain('apt-lists=0\n');
  expect(out).toContain('no-pip-cache\n');
  // Exactly the workflow code, where the COPY puts it.
  expect(out).toContain(`${team.workdir}/workflow_code/envs.py\n${team.workdir}/workflow_code/tasks.py\n`);
  expect(out).not.toContain('.flyimg');
  for (const [name, version] of Object.entries(team.packages)) expect(out).toContain(`dist ${name} ${version}\n`);
  for (const name of team.absent) expect(out).toContain(`dist ${name} absent\n`);
  expect(out).toContain(`imported ${Object.values(team.packages).join(' ')}\n`);
  expect(out).toContain(`module ${team.workdir}/workflow_code/tasks.py\n`);
  expect(out).toContain('prepare 11.0 in data-prep train in training\n');
  if (team.apt === 'build-essential') expect(await inside(store!.env, uri, 'gcc --version | head -1')).toMatch(/^gcc .*12\.\d/);
}

describe("the BYOI guide's pure-BYOI pattern, for real", () => {
  it('has the team Dockerfiles exactly as the seed prints them', () => {
    const seed = readFileSync(SEED, 'utf8');
    for (const team of TEAMS) {
      const dockerfile = readFileSync(join(REPO_ROOT, 'test/e2e/seeds/pure_byoi', team.dockerfile), 'utf8');
      expect(seed.includes(dockerfile), team.dockerfile).toBe(true);
      expect(dockerfile).toMatch(new RegExp(`^FROM ${team.from.replace('.', '\\.')}$`, 'm'));
      expect(dockerfile).toContain(`\n${team.apt} \\\n`);
    }
    expect(seed.includes(readFileSync(join(project, 'workflow_code/envs.py'), 'utf8'))).toBe(true);
    expect(readFileSync(join(project, 'envs.flyimg'), 'utf8')).toBe(readFileSync(join(project, 'workflow_code/envs.py'), 'utf8'));
  });

  it("pip installed from the local index the stand-in bases' pip.conf names", () => {
    for (const project of ['flyte', 'pandas', 'pyarrow', 'torch', 'numpy']) expect(index!.requests, project).toContain(`/main/simple/${project}/`);
    expect(index!.requests).toContain('/main/files/pandas-2.1.4+standin-py3-none-any.whl');
    expect(index!.requests).toContain('/main/files/torch-2.1.2+standin-py3-none-any.whl');
  });

  it.each(TEAMS)('the $name image built the guide\'s way holds what its Dockerfile says', async (team) => {
    await checkTeamImage(team, pushed.get(team.name)!.uri);
  }, 300_000);

  it('compiles the pasted envs block with the name=uri mapping; the registry has what the manifest names', async () => {
    const mapping = TEAMS.flatMap((t) => ['--image', `${t.name}=${pushed.get(t.name)!.uri}`]);
    const out = join(outputs, 'envs');
    const run = await flyimgc(['build', 'envs.flyimg', '--builder', 'buildah', '--insecure-registry', env['REGISTRY']!, '--platform', 'linux/amd64', '--out', out, '--format', 'json', '--flyte-config', 'config.yaml', ...mapping], { cwd: project, env: store!.env });
    const result = resultOf(run.stdout, out);
    expect(run.exitCode, run.stderr).toBe(0);
    // Pure BYOI: flyimgc builds nothing; it asked the registry for both mapped images.
    expect(result.images).toEqual([]);
    expect(result.bases.map((b) => [b.reference, b.status]).sort()).toEqual(TEAMS.map((t) => [pushed.get(t.name)!.uri, 'exists']).sort());

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      images: Array<{ kind: string; refName?: string; uri?: string; notBuilt?: string }>;
      environments: Array<{ name: string; uri?: string; dependsOn: string[] }>;
      imageRefs: string[];
    };
    expect(manifest.environments.map((e) => [e.name, e.uri, e.dependsOn])).toEqual([
      ['training', pushed.get('training')!.uri, []],
      ['data-prep', pushed.get('data-prep')!.uri, ['training']],
    ]);
    expect(manifest.images.every((i) => i.kind === 'external' && i.notBuilt !== undefined)).toBe(true);
    const named = new Set([...manifest.images.map((i) => i.uri!), ...manifest.environments.map((e) => e.uri!)]);
    expect([...named].sort()).toEqual(TEAMS.map((t) => pushed.get(t.name)!.uri).sort());
    for (const uri of named) {
      const found = await head(env, uri);
      expect(found.status, uri).toBe(200);
      expect(found.digest).toBe([...pushed.values()].find((p) => p.uri === uri)!.digest);
    }

    // flyte's config.yaml maps both names to the pushed images, the rest of the file kept.
    const config = readFileSync(join(project, 'config.yaml'), 'utf8');
    expect(config).toContain('# flyte config of the team');
    const refs = (parse(config) as { image: { image_refs: Record<string, string> } }).image.image_refs;
    expect(refs['training']).toBe(pushed.get('training')!.uri);
    expect(refs['data-prep']).toBe(pushed.get('data-prep')!.uri);
  });

  it('a mapping to an image that was never pushed stops the run before any build', async () => {
    const out = join(outputs, 'missing');
    const run = await flyimgc(
      ['build', 'envs.flyimg', '--builder', 'buildah', '--insecure-registry', env['REGISTRY']!, '--platform', 'linux/amd64', '--out', out, '--format', 'json', '--image', `training=${env['REGISTRY']}/${NAMESPACE}/training:never-pushed`, '--image', `data-prep=${pushed.get('data-prep')!.uri}`],
      { cwd: project, env: store!.env },
    );
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout) as { bases: Array<{ reference: string; status: string }> };
    expect(result.bases.find((b) => b.reference.endsWith(':never-pushed'))?.status).toBe('missing');
  });

  it("flyimgc's from_dockerfile(context=...) writes the user's Dockerfile and context, and that is what gets built", async () => {
    const out = join(outputs, 'teams');
    const args = ['build', 'teams.flyimg', '--builder', 'buildah', '--builder-arg=--network=host', `--builder-arg=--add-host=${addHost}`, '--registry', `${env['REGISTRY']}/${NAMESPACE}/flyimgc`, '--insecure-registry', env['REGISTRY']!, '--platform', 'linux/amd64', '--out', out, '--format', 'json'];
    const run = await flyimgc(args, { cwd: project, env: store!.env });
    const result = resultOf(run.stdout, out);
    expect(run.exitCode, run.stderr).toBe(0);
    const manifest = manifestOf(out);
    for (const team of TEAMS) {
      const binding = `${team.name.replace('-', '_')}_image`;
      const image = result.images.find((i) => i.binding === binding)!;
      expect(image.status).toBe('built');
      // The Dockerfile flyimgc wrote is the user's, byte for byte; the context holds the project's files.
      expect(readFileSync(join(out, binding, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(project, team.dockerfile), 'utf8'));
      for (const file of ['workflow_code/envs.py', 'workflow_code/tasks.py']) {
        expect(readFileSync(join(out, binding, 'context', file), 'utf8'), file).toBe(readFileSync(join(project, file), 'utf8'));
      }
      // ...and buildah was given exactly those.
      expect(image.commands[0]).toContain(`buildah build --file ${join(out, binding, 'Dockerfile')} --tag ${image.uri} `);
      expect(image.commands[0]!.endsWith(` ${join(out, binding, 'context')}`)).toBe(true);
      expect(manifest.images.find((i) => i.binding === binding)?.uri).toBe(image.uri);
      const found = await head(env, image.uri);
      expect(found.status, image.uri).toBe(200);
      expect(image.digest).toBe(found.digest);
      await checkTeamImage(team, image.uri);
    }
  }, 600_000);
});
