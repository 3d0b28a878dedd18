/**
 * Base images are asked for before anything is built, against the real local registry: a mapped
 * `from_ref_name` target that does not exist, or a missing base, is an error of `plan` and `build`, and
 * nothing is built (it used to be "nothing to build", exit 0, or a failure 20 s into a build).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';
import { head, realbuild, type Env } from './support/realbuild.js';

const NAMESPACE = `e2e-bases-${process.pid}-${Date.now().toString(36)}`;
let env: Env = {};
let registry = '';

beforeAll(async () => {
  env = await realbuild('up');
  registry = env['REGISTRY']!;
}, 600_000);

describe('base images, asked for first', () => {
  it('a mapped from_ref_name target that is not in the registry fails plan and build', async () => {
    const missing = `${registry}/${NAMESPACE}/training:does-not-exist`;
    const dir = tempProject({ 'flyimg.toml': `[images]\ntraining = "${missing}"\n[build]\ninsecure_registries = ["${registry}"]\n`, 'app.flyimg': 'training = Image.from_ref_name("training")\n' });
    const plan = await flyimgc(['plan', '.'], { cwd: dir, env });
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toContain(`error: base image ${missing} does not exist (needed by \`training\`)`);
    const build = await flyimgc(['build', '.', '--builder', 'buildah', '--out', 'out'], { cwd: dir, env });
    expect(build.exitCode).toBe(1);
    expect(build.stderr).toContain('nothing was built: a base image is missing');

    // The same mapping to a tag that exists plans cleanly.
    const present = `${registry}/library/python:3.11-slim`;
    const ok = tempProject({ 'flyimg.toml': `[images]\ntraining = "${present}"\n[build]\ninsecure_registries = ["${registry}"]\n`, 'app.flyimg': 'training = Image.from_ref_name("training")\n' });
    const fine = await flyimgc(['plan', '.', '--format', 'json'], { cwd: ok, env });
    expect(fine.exitCode, fine.stderr).toBe(0);
    expect(JSON.parse(fine.stdout).bases).toMatchObject([{ reference: present, status: 'exists' }]);
  });

  it('a missing base stops build before the first build starts', async () => {
    const dir = tempProject({
      'flyimg.toml': `[tools]\nuv = "${registry}/${NAMESPACE}/uv:missing"\n[build]\ninsecure_registries = ["${registry}"]\n`,
      'app.flyimg': `app = Image.from_base("${registry}/library/python:3.11-slim").clone(name="app", registry="${registry}/${NAMESPACE}", extendable=True).with_env_vars({"A": "1"})\n`,
    });
    const build = await flyimgc(['build', '.', '--builder', 'buildah', '--platform', 'linux/amd64', '--out', 'out', '--format', 'json'], { cwd: dir, env });
    expect(build.exitCode).toBe(1);
    const result = JSON.parse(build.stdout) as { bases: Array<{ reference: string; status: string }>; images: Array<{ uri: string; status: string; commands: string[] }> };
    expect(result.bases.map((b) => [b.reference, b.status])).toEqual([
      [`${registry}/${NAMESPACE}/uv:missing`, 'missing'],
      [`${registry}/library/python:3.11-slim`, 'exists'],
    ]);
    expect(result.images[0]!).toMatchObject({ status: 'blocked', commands: [] });
    expect((await head(env, result.images[0]!.uri)).status).toBe(404);
  });
});
