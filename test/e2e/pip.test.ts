/**
 * pip for real: a local package index on 127.0.0.1 (support/packageIndex.ts, wheels built from the tiny
 * projects in packages/), and the uv stand-in performing `uv pip install` with pip against it whenever an
 * index it is given is local. The image must import what the pip layer installed: a package with a
 * dependency (main index), one found only on the extra index (extra_index_urls), one that exists only as
 * a pre-release (pre=True), with extra_args passed through; pip's downloads go to the uv cache mount and
 * must not be left in the image. Built with buildah (the other builders run the same Dockerfiles).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flyimgc } from '../helpers/cli.js';
import { startPackageIndex, type PackageIndex } from './support/packageIndex.js';
import { inside, makeProject, pushBases, pushStandin, realbuild, resultOf, type Env } from './support/realbuild.js';

const NAMESPACE = `e2e-pip-${process.pid}-${Date.now().toString(36)}`;
let env: Env = {};
let project = '';
let index: PackageIndex;

beforeAll(async () => {
  env = await realbuild('up');
  index = await startPackageIndex();
  await pushStandin(env);
  project = makeProject(env['REGISTRY']!, { examples: [] });
  writeFileSync(
    join(project, 'pip.flyimg'),
    [
      'piped = (',
      '    Image.from_debian_base(python_version=(3, 11), registry="ghcr.io/acme", name="e2e-pip")',
      '    .with_pip_packages(',
      '        "e2e-hello==1.0.0", "e2e-extra", "e2e-pre",',
      `        index_url="${index.url('main')}",`,
      `        extra_index_urls=["${index.url('extra')}"],`,
      '        pre=True,',
      '        extra_args="--no-compile",',
      '    )',
      ')',
      '',
    ].join('\n'),
  );
  await pushBases(env, project, ['--registry', `${env['REGISTRY']}/${NAMESPACE}`, '--platform', 'linux/amd64']);
}, 600_000);

afterAll(async () => {
  await index?.close();
});

describe('pip layers, for real, against a local index', () => {
  it('installs from the index, the extra index and pre-releases; the image imports them', async () => {
    const run = await flyimgc(
      ['build', '.', '--builder', 'buildah', '--builder-arg=--network=host', '--registry', `${env['REGISTRY']}/${NAMESPACE}`, '--insecure-registry', env['REGISTRY']!, '--platform', 'linux/amd64', '--out', 'build', '--format', 'json', '--only', 'piped'],
      { cwd: project, env },
    );
    const result = resultOf(run.stdout, join(project, 'build'));
    expect(run.exitCode, run.stderr).toBe(0);
    const piped = result.images.find((i) => i.binding === 'piped')!;
    expect(piped.status).toBe('built');
    // Each index was really asked, and the wheels were downloaded from it.
    expect(index.requests).toContain('/main/simple/e2e-hello/');
    expect(index.requests).toContain('/main/simple/e2e-dep/');
    expect(index.requests).toContain('/extra/simple/e2e-extra/');
    expect(index.requests).toContain('/main/files/e2e_pre-2.0.0rc1-py3-none-any.whl');

    const out = await inside(
      env,
      piped.uri,
      [
        // --no-compile (extra_args) reached pip: no byte code next to the installed modules.
        'find /opt/venv/lib -path "*e2e_hello*" -name "*.pyc" | wc -l',
        // pip's downloads went to the uv cache mount, not into the image.
        'find /root/.cache -type f 2>/dev/null | wc -l',
        'grep -c pip-installed /opt/uv-standin/requests.log',
        // Last, because importing writes byte code.
        '/opt/venv/bin/python -c "import e2e_hello, e2e_extra, e2e_pre; print(e2e_hello.GREETING); print(e2e_extra.WHERE); print(e2e_pre.VERSION)"',
      ].join('; '),
    );
    expect(out).toContain('hello from a local wheel, with its dependency');
    expect(out).toContain('from the extra index');
    expect(out).toContain('2.0.0rc1, a pre-release');
    expect(out.trim().split('\n').slice(0, 3)).toEqual(['0', '0', '1']);
  }, 600_000);
});
