/**
 * End to end, for real (buildah and the local registry, as build.test.ts): with `[flyte] root_dir` set and no
 * `with_dockerignore`, the `.dockerignore` that filters an editable path dependency is `<root_dir>/.dockerignore`,
 * as in flyte-sdk, not the project root's (issue 11 changed this; the context listing is tested in
 * test/check/imageIgnore.test.ts, this is the image it builds).
 *
 * The uv stand-in (test/e2e/standin/uv) records every file `uv sync` sees in the project it is given, so the
 * built image tells which of the dependency's files reached the build.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';
import { inside, makeProject, manifestOf, pushBases, pushStandin, realbuild, resultOf, type Env } from './support/realbuild.js';

let env: Env = {};
let project = '';
const NAMESPACE = `e2e-rootdir-${process.pid}-${Date.now().toString(36)}`;

beforeAll(async () => {
  env = await realbuild('up');
  await pushStandin(env);
  project = makeProject(env['REGISTRY']!, { examples: [], flyte: ['root_dir = "rooted/app"'] });
  // The uv project of checks.flyimg's `seeded` image, with two more files in its editable dependency: one
  // that root_dir's .dockerignore leaves out, one that only the project root's .dockerignore would.
  const uvproj = join(project, 'rooted/app/uvproj');
  mkdirSync(join(project, 'rooted/app'), { recursive: true });
  cpSync(join(REPO_ROOT, 'test/e2e/project/seeded/uvproj'), uvproj, { recursive: true });
  writeFileSync(join(uvproj, 'libs/helper/secret.txt'), 'left out by root_dir/.dockerignore\n');
  writeFileSync(join(uvproj, 'libs/helper/notes.md'), 'left out only by the project root .dockerignore\n');
  writeFileSync(join(project, 'rooted/app/.dockerignore'), '**/secret.txt\n');
  writeFileSync(join(project, '.dockerignore'), '**/notes.md\n');
  writeFileSync(join(project, 'rooted/images.flyimg'), 'rooted = Image.from_debian_base(python_version=(3, 11), registry="ghcr.io/acme", name="e2e-rooted").with_uv_project(Path("app/uvproj/pyproject.toml"))\n');
  await pushBases(env, project, ['--registry', `${env['REGISTRY']}/${NAMESPACE}`, '--platform', 'linux/amd64']);
}, 600_000);

describe('[flyte] root_dir, for real', () => {
  it("an editable dependency reaches uv sync filtered by root_dir's .dockerignore", async () => {
    const registry = env['REGISTRY']!;
    const args = ['build', 'rooted/images.flyimg', '--builder', 'buildah', '--builder-arg=--network=host', '--registry', `${registry}/${NAMESPACE}`, '--insecure-registry', registry, '--platform', 'linux/amd64', '--out', 'build', '--format', 'json'];
    const run = await flyimgc(args, { cwd: project, env });
    const result = resultOf(run.stdout, join(project, 'build'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(result.images.map((i) => [i.binding, i.status])).toEqual([['rooted', 'built']]);

    const uri = manifestOf(join(project, 'build')).images.find((i) => i.binding === 'rooted')!.uri!;
    const seen = await inside(env, uri, 'cat /opt/uv-standin/requests.log');
    expect(seen).toContain('uv sync sees ./libs/helper/src/helper/__init__.py');
    expect(seen).toContain('uv sync sees ./libs/helper/notes.md');
    expect(seen).not.toContain('secret.txt');
  }, 600_000);

  it('a changed file in an editable dependency reaches the next build (buildah must not reuse the cached RUN --mount layer)', async () => {
    // A new tag (the file is part of the hash), and a builder whose layer cache holds the previous build:
    // buildah 1.28 keys a cached RUN on its text, not on the files it bind-mounts (buildah#5400).
    writeFileSync(join(project, 'rooted/app/uvproj/libs/helper/src/helper/added.py'), 'ADDED = True\n');
    const registry = env['REGISTRY']!;
    const args = ['build', 'rooted/images.flyimg', '--builder', 'buildah', '--builder-arg=--network=host', '--registry', `${registry}/${NAMESPACE}`, '--insecure-registry', registry, '--platform', 'linux/amd64', '--out', 'build', '--format', 'json'];
    const run = await flyimgc(args, { cwd: project, env: { ...env, BUILDAH_LAYERS: 'true' } });
    const result = resultOf(run.stdout, join(project, 'build'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(result.images.map((i) => [i.binding, i.status])).toEqual([['rooted', 'built']]);
    const seen = await inside(env, result.images[0]!.uri, 'cat /opt/uv-standin/requests.log');
    expect(seen).toContain('uv sync sees ./libs/helper/src/helper/added.py');
  }, 600_000);
});
