/**
 * The hostile-input suite, built for real (issue 10): every value of test/hostile (SURFACE × PAYLOADS, at
 * the start and end of TOKEN) that flyimgc accepts and writes into a Dockerfile is built by buildah, in a
 * few batched images (support/hostileBatch.ts says how each form is batched and read back), and then read
 * back from the pushed image: its config (Env, WorkingDir, User, Shell), its history (one entry per
 * instruction: nothing swallowed, nothing injected), and files that recorders in the image wrote with the
 * exact arguments the builder ran (/bin/sh) and the shell passed on (uv, apt-get, poetry). Everything is
 * compared byte for byte with the values as written.
 *
 * Values flyimgc refuses are not built: test/hostile checks that each is a located diagnostic.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flyimgc } from '../helpers/cli.js';
import { TOKEN } from '../hostile/payloads.js';
import { SURFACE } from '../hostile/surface.js';
import { acceptedValues, configBatch, expand, filesBatch, foldersBatch, NOT_BATCHED, reachesDockerfile, runBatch, VARS, type Batch, type ToolGroup } from './support/hostileBatch.js';
import { manifestOf, pushBases, pushStandin, realbuild, resultOf, sh, standinUvRef, type Env } from './support/realbuild.js';

const NAMESPACE = `e2e-hostile-${process.pid}-${Date.now().toString(36)}`;
let env: Env = {};
let registry = '';
let project = '';
let batches: Batch[] = [];

/** Each batch in a folder of its own with its own flyimg.toml, so that its paths start with the value. */
function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-e2e-hostile-'));
  const toml = ['[tools]', `uv = "${standinUvRef(registry)}"`, '[mirrors]', `"docker.io/library" = "${registry}/standin/library"`, '[build]', 'dockerfile_frontend = "builtin"', ''].join('\n');
  for (const batch of batches) {
    const folder = join(dir, batch.binding);
    mkdirSync(folder);
    writeFileSync(join(folder, 'flyimg.toml'), toml);
    writeFileSync(join(folder, `${batch.binding}.flyimg`), batch.source);
    for (const [path, text] of Object.entries(batch.files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), text);
    }
  }
  return dir;
}

const flags = (namespace = NAMESPACE) => ['--registry', `${registry}/${namespace}`, '--platform', 'linux/amd64'];

beforeAll(async () => {
  env = await realbuild('up');
  registry = env['REGISTRY']!;
  batches = [configBatch(), filesBatch(), foldersBatch(), runBatch()];
  await pushStandin(env);
  project = writeProject();
  await pushBases(env, project, flags());
}, 900_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

interface Inspected {
  config: { User?: string; WorkingDir?: string; Env?: string[]; Shell?: string[] };
  history: Array<{ created_by?: string }>;
}

/** The pushed image's config and history (pulled from the registry: what was pushed). */
async function inspect(uri: string): Promise<Inspected> {
  await sh(env, 'buildah', ['pull', '--tls-verify=false', uri]);
  // The Docker form: the OCI config has no Shell.
  const data = JSON.parse(await sh(env, 'buildah', ['inspect', '--type', 'image', uri])) as { Docker: Inspected };
  return data.Docker;
}

/** Every regular file under `roots` in the pushed image (absolute path → bytes as UTF-8), read through `buildah mount`. */
async function filesIn(uri: string, roots: readonly string[]): Promise<Map<string, string>> {
  const container = (await sh(env, 'buildah', ['from', '--pull=always', '--tls-verify=false', uri])).trim().split('\n').pop()!;
  try {
    const mount = (await sh(env, 'buildah', ['mount', container])).trim();
    const files = new Map<string, string>();
    const walk = (path: string) => {
      const stat = statSync(join(mount, path), { throwIfNoEntry: false });
      if (stat?.isDirectory()) for (const name of readdirSync(join(mount, path)).sort()) walk(posix.join(path, name));
      else if (stat?.isFile()) files.set(path, readFileSync(join(mount, path), 'utf8'));
    };
    for (const root of roots) walk(root);
    await sh(env, 'buildah', ['umount', container]);
    return files;
  } finally {
    await sh(env, 'buildah', ['rm', container]);
  }
}

/** Records separated by RS (0x1E), fields by NUL; a GS (0x1D) splits a tool record into argv and mounted files. */
function records(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text
    .split('\x1e')
    .slice(0, -1)
    .map((r) => r.split(/[\0\x1d]/).slice(0, -1));
}

const batch = (binding: string) => batches.find((b) => b.binding === binding)!;

/** The emitted Dockerfile's instructions after its last FROM, as a parser reads them (for the history count). */
function stageInstructions(out: string, binding: string): string[] {
  const text = readFileSync(join(project, out, binding, 'Dockerfile'), 'utf8');
  const keywords = DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
  return keywords.slice(keywords.lastIndexOf('FROM') + 1);
}

/** What a value is replaced with in the baseline's record: every TOKEN, and a list's one TOKEN by all of its values. */
function substitute(baseline: readonly string[], values: readonly string[]): string[] {
  return baseline.flatMap((field, j) => {
    if (field === TOKEN && values.length !== 1) return values.flatMap((v, k) => (k === 0 ? [v] : /^--(extra-)?index-url$/.test(baseline[j - 1] ?? '') ? [baseline[j - 1]!, v] : [v]));
    return [values.length === 1 ? field.replaceAll(TOKEN, values[0]!) : field];
  });
}

describe('hostile values built for real: the batches', () => {
  it('every parameter whose accepted values reach a Dockerfile is built here (or listed with the reason it is not)', () => {
    const batched = new Set(batches.flatMap((b) => b.slots.map((s) => s.key)));
    const missing = Object.keys(SURFACE).filter((key) => !batched.has(key) && !(key in NOT_BATCHED) && reachesDockerfile(key) && acceptedValues(key).length > 0);
    expect(missing).toEqual([]);
    // The batches are not empty: the hostile values that must be accepted are in them.
    const values = (key: string) => batches.flatMap((b) => b.slots.filter((s) => s.key === key).map((s) => s.value));
    expect(values('with_commands.commands')).toContain(`${TOKEN}\nUSER root`);
    expect(values('with_env_vars.env_vars')).toContain(`${TOKEN}\\ `);
    expect(values('with_source_file.dst')).toContain(`${TOKEN} # c`);
    expect(values('with_pip_packages.extra_args')).toContain(`$(id)${TOKEN}`);
  });
});

/** The checks for one builder: `setup` gives its environment and `flyimgc build` arguments. */
function builderSuite(builder: string, setup: () => Promise<{ buildEnv: Env; args: readonly string[] }>): void {
  describe(`hostile values, built for real by ${builder} and read back`, () => {
    let uris = new Map<string, string>();
    const uriOf = (binding: string) => uris.get(binding)!;
    const out = `build-${builder}`;

    it('builds and pushes every batch', async () => {
      const { buildEnv, args } = await setup();
      // Its own namespace: the images of another builder's run would otherwise count as already built.
      const run = await flyimgc(['build', '.', ...args, ...flags(`${NAMESPACE}-${builder}`), '--insecure-registry', registry, '--out', out, '--jobs', '2', '--format', 'json'], { cwd: project, env: buildEnv });
      const result = resultOf(run.stdout, join(project, out));
      expect(run.exitCode, run.stderr).toBe(0);
      expect(result.images.map((i) => [i.binding, i.status]).sort()).toEqual(batches.map((b) => [b.binding, 'built']).sort());
      uris = new Map(manifestOf(join(project, out)).images.map((i) => [i.binding, i.uri!] as const));
    }, 1_200_000);

    it('the history has one entry per instruction a parser reads in the Dockerfile, and the config ends as written', async () => {
      for (const b of batches) {
        const image = await inspect(uriOf(b.binding));
        const base = await inspect(`${registry}/standin/library/python:3.11-slim`);
        const added = image.history.slice(base.history.length).map((h) => h.created_by ?? '');
        expect(added.length, `${b.binding}:\n${added.join('\n')}`).toBe(stageInstructions(out, b.binding).length);
        expect(image.config.User, b.binding).toBe('root');
        expect(image.config.Shell, b.binding).toEqual(['/bin/bash', '-c']);
      }
    }, 300_000);

    it('ENV: every value, `$NAME` and `${NAME}` expanded, nothing else changed', async () => {
      const b = batch('h_config');
      const config = (await inspect(uriOf('h_config'))).config;
      const got = new Map((config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const));
      const names = b.envNames!;
      expect(names.map((n) => [n, got.get(n)])).toEqual(b.slots.filter((s) => s.key === 'with_env_vars.env_vars').map((s, i) => [names[i], expand(s.value)]));
      expect([...got.keys()].filter((k) => /^V\d+$/.test(k)).sort()).toEqual([...names].sort());
      for (const [name, value] of Object.entries(VARS)) expect(got.get(name)).toBe(value);
    }, 120_000);

    it('WORKDIR: every value, each relative to the one before', async () => {
      const b = batch('h_config');
      const config = (await inspect(uriOf('h_config'))).config;
      expect(config.WorkingDir).toBe(posix.join('/wd', ...b.slots.filter((s) => s.key === 'with_workdir.workdir').map((s) => expand(s.value))));
    }, 120_000);

    for (const binding of ['h_files', 'h_folders']) {
      it(`COPY sources and destinations, quoted shell words and --mount sources (${binding}): every file where it was asked, nothing else; every program called with exactly the values`, async () => {
        const b = batch(binding);
        const files = await filesIn(uriOf(binding), [...b.copyRoots!, '/rec']);
        const copied = Object.fromEntries([...files].filter(([path]) => !path.startsWith('/rec/')));
        expect(copied).toEqual(b.copies);
        expectToolCalls(b.toolGroups!, records(files.get('/rec/tools')));
      }, 300_000);
    }

    it('RUN (commands in shell and exec form, extra_args): /bin/sh gets exactly the text', async () => {
      const b = batch('h_run');
      const runs = records((await filesIn(uriOf('h_run'), ['/rec'])).get('/rec/sh'));
      expect(runs.length).toBe(b.runs!.length);
      const baseline = new Map<string, string[]>();
      b.runs!.forEach((slot, i) => {
        if (slot.value === TOKEN) baseline.set(slot.key, runs[i]!);
      });
      // A command is run as `/bin/sh -c <command>`, whichever form the Dockerfile wrote it in.
      expect(baseline.get('with_commands.commands')).toEqual(['-c', TOKEN]);
      b.runs!.forEach((slot, i) => {
        // `extra_args` is shell text spliced between words: white space around it only separates words, and
        // flyimgc writes it trimmed. A command is the whole text: exactly as written.
        const value = slot.key === 'with_commands.commands' ? slot.value : slot.value.trim();
        expect(runs[i], `${slot.key} ${JSON.stringify(slot.value)}`).toEqual(substitute(baseline.get(slot.key)!, [value]));
      });
    }, 300_000);
  });
}

builderSuite('buildah', async () => ({
  buildEnv: env,
  // One commit per image (--layers=false): the history still has one entry per instruction.
  args: ['--builder', 'buildah', '--builder-arg=--network=host', '--builder-arg=--layers=false'],
}));

/** docker buildx (BuildKit, the other parser users build with), on the private dockerd 26 of buildx.test.ts. */
builderSuite('docker', async () => {
  const buildEnv = await realbuild('buildx-up', { REALBUILD_DOCKERD: 'trixie' });
  buildEnv['PATH'] = `${dirname(buildEnv['REALBUILD_DOCKER']!)}:${process.env['PATH']}`;
  return { buildEnv, args: ['--builder', 'docker', '--builder-arg=--network=host'] };
});


/** Tool calls, group by group: each as its baseline group's, with TOKEN replaced by the group's values. */
function expectToolCalls(groups: readonly ToolGroup[], calls: readonly string[][]): void {
  expect(calls.length).toBe(groups.reduce((n, g) => n + g.calls, 0));
  const baseline = new Map<string, string[][]>();
  let at = 0;
  for (const group of groups) {
    const mine = calls.slice(at, at + group.calls);
    at += group.calls;
    if (group.values.length === 1 && group.values[0] === TOKEN) {
      baseline.set(group.key, mine);
      expect(mine.flat().some((f) => f.includes(TOKEN)), `${group.key}: the baseline shows its value`).toBe(true);
      continue;
    }
    const base = baseline.get(group.key)!;
    expect(mine, `${group.key} ${JSON.stringify(group.values)}`).toEqual(base.map((call) => substitute(call, group.values)));
  }
}
