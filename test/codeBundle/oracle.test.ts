/**
 * The two code-bundle specs of flyte-sdk's own outputs (../shared/flyte-oracle), compiled with
 * `--copy-style none --hash flyte`: flyte-sdk's tag, its Dockerfile instruction by instruction and its build
 * context, each deliberate difference named below. The general known-answer test of all 26 specs lives in
 * the oracle test; this one pins the bake-in down on its own.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import { flyimgc, REPO_ROOT, tempProject } from '../helpers/cli.js';

const ORACLE = process.env['FLYTE_ORACLE_DIR'] ?? join(REPO_ROOT, '..', 'shared', 'flyte-oracle');

/** Each instruction as keyword, flags and arguments (whitespace and line continuations do not count). */
function instructions(text: string): string[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => {
      const flags = 'getFlags' in i && typeof i.getFlags === 'function' ? (i.getFlags() as Array<{ getName(): string; getValue(): string | null }>).map((f) => `--${f.getName()}=${f.getValue()} `).join('') : '';
      return `${i.getKeyword()} ${flags}${i.getArguments().map((a) => a.getValue()).join(' ')}`;
    });
}

function oracle(spec: string) {
  const dir = join(ORACLE, 'out', spec);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { final_tag: string };
  const context = readFileSync(join(dir, 'context.txt'), 'utf8').trim().split('\n').map((l) => l.split('\t')[0]!).filter((p) => p !== 'Dockerfile');
  return { tag: meta.final_tag, dockerfile: instructions(readFileSync(join(dir, 'Dockerfile'), 'utf8')), context };
}

/** Every COPY of flyte-sdk's is `--chown=flyte:flyte`; flyimgc chowns only where the image creates that user (docs/hashing.md). */
const withoutChown = (lines: string[]) => lines.map((l) => l.replace('COPY --chown=flyte:flyte ', 'COPY '));

// The specs as .flyimg files. `python_version=(3, 11)`: flyte-sdk took its default from the interpreter that ran the specs.
const SPECS = {
  'remote.flyimg': [
    'image = (',
    '    Image.from_base("python:3.11-slim")',
    '    .clone(name="remote-pattern", registry="ghcr.io/acme", python_version=(3, 11), extendable=True)',
    '    .with_commands(["pip install --no-cache-dir uv", "mkdir -p /opt/tools/bin"])',
    '    .with_env_vars({"PATH": "/opt/tools/bin:$PATH", "APP_MODE": "prod"})',
    '    .with_code_bundle()',
    ')',
    '',
  ].join('\n'),
  'all.flyimg': [
    'image_all = (',
    '    Image.from_base("python:3.11-slim")',
    '    .clone(name="remote-pattern-all", registry="ghcr.io/acme", python_version=(3, 11), extendable=True)',
    '    .with_env_vars({"PATH": "/opt/tools/bin:$PATH"})',
    '    .with_code_bundle(copy_style="all", dst="/root/code")',
    ')',
    '',
  ].join('\n'),
  // flyte.init(root_dir="fixtures/app"); the spec runner imported main_mod, so it is the entry.
  'flyimg.toml': '[flyte]\nroot_dir = "fixtures/app"\nentry = ["fixtures/app/main_mod.py"]\n',
};

describe('code bundles baked in, against flyte-sdk', async () => {
  const project = tempProject(SPECS);
  cpSync(join(ORACLE, 'specs', 'fixtures', 'app'), join(project, 'fixtures', 'app'), { recursive: true });
  const run = await flyimgc(['compile', '.', '--out', 'out', '--hash', 'flyte', '--copy-style', 'none'], { cwd: project });
  const manifest = () => JSON.parse(readFileSync(join(project, 'out', 'manifest.json'), 'utf8')) as { images: Array<{ binding: string; uri: string }> };
  const ours = (binding: string) => ({
    uri: manifest().images.find((i) => i.binding === binding)!.uri,
    dockerfile: instructions(readFileSync(join(project, 'out', binding, 'Dockerfile'), 'utf8')),
    context: (JSON.parse(readFileSync(join(project, 'out', 'manifest.json'), 'utf8')) as { images: Array<{ binding: string; inputs: Array<{ path: string }> }> }).images.find((i) => i.binding === binding)!.inputs.map((f) => f.path),
  });

  it('compiles', () => {
    expect(run.stderr).toContain('compiled 2 images');
    expect(run.exitCode).toBe(0);
  });

  it('02_remote_builder_pattern (loaded_modules): same tag, same Dockerfile, the same module files', () => {
    const want = oracle('02_remote_builder_pattern');
    const got = ours('image');
    expect(got.uri).toBe(`ghcr.io/acme/remote-pattern:${want.tag}`);
    // flyte-sdk stages an absolute root_dir under `_flyte_abs_context<absolute host path>`; flyimgc never
    // emits host paths and stages the bundle apart, under `_code_bundle/`, so that only its files are copied.
    const staged = 'COPY --chown=flyte:flyte _flyte_abs_contextORACLE_DIR/specs/fixtures/app .';
    expect(want.dockerfile).toContain(staged);
    expect(got.dockerfile).toEqual(withoutChown(want.dockerfile.map((l) => (l === staged ? 'COPY _code_bundle .' : l))).map((l) => l.replace(/_F_IMG_ID=.*/, `_F_IMG_ID=${got.uri}`)));
    expect(got.context).toEqual(want.context.map((p) => p.replace('_flyte_abs_contextORACLE_DIR/specs/fixtures/app/', '_code_bundle/')).sort());
  });

  it('02b_code_bundle_all (all): same tag, same Dockerfile, all of root_dir', () => {
    const want = oracle('02b_code_bundle_all');
    const got = ours('image_all');
    expect(got.uri).toBe(`ghcr.io/acme/remote-pattern-all:${want.tag}`);
    expect(got.dockerfile).toEqual(withoutChown(want.dockerfile));
    expect(got.context).toEqual(want.context);
  });

  it('a development run strips the bundle: no code in the image, another tag', async () => {
    const dev = await flyimgc(['compile', '.', '--out', 'dev', '--hash', 'flyte'], { cwd: project });
    expect(dev.exitCode).toBe(0);
    const devManifest = JSON.parse(readFileSync(join(project, 'dev', 'manifest.json'), 'utf8')) as { images: Array<{ uri: string; inputs: unknown[] }> };
    expect(devManifest.images.map((i) => i.inputs.length)).toEqual([0, 0]);
    expect(devManifest.images.map((i) => i.uri)).not.toContain(`ghcr.io/acme/remote-pattern:${oracle('02_remote_builder_pattern').tag}`);
  });
});
