import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../src/analyze.js';
import { nodeHost } from '../src/cli/io.js';
import { compile } from '../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../src/ir/ir.js';

/**
 * The Python code blocks of the two seed documents (../shared/seeds: the BYOI guide and flyte-sdk's
 * container image lifecycle page), pasted as written into .flyimg files under test/corpus/seeds, with
 * the small files they reference. The text keeps the seeds' flattened indentation (keyword arguments at
 * column 1), `flyte.` prefixes, Python imports, docstrings and comments.
 */
const SEEDS = fileURLToPath(new URL('./corpus/seeds/', import.meta.url));
const host = nodeHost(SEEDS);

function flyimgFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return flyimgFiles(path);
    return name.endsWith('.flyimg') ? [relative(SEEDS, path).split('\\').join('/')] : [];
  });
}

/** Blocks that define images: they must check clean (no error, and nothing from parsing or names). */
const IMAGE_BLOCKS = [
  'lifecycle/code-bundle/image.flyimg',
  'lifecycle/debian/image.flyimg',
  'lifecycle/dockerfile/image.flyimg',
  'lifecycle/fluent/image.flyimg',
  'lifecycle/poetry/image.flyimg',
  'lifecycle/source/image.flyimg',
  'lifecycle/uv-project/image.flyimg',
  'lifecycle/uv-script/image.flyimg',
  'pure_byoi/workflow_code/envs.flyimg',
  'remote_builder/tasks/envs_filled.flyimg',
];

/** Blocks that are Python programs, not image definitions: one FLY1040 each (plus FLY1008 for module imports). */
const PYTHON_BLOCKS: Readonly<Record<string, readonly string[]>> = {
  'lifecycle/build-engine/build.flyimg': ['FLY1040'],
  'pure_byoi/main.flyimg': ['FLY1008', 'FLY1040'],
  'pure_byoi/workflow_code/tasks.flyimg': ['FLY1008', 'FLY1040'],
  'remote_builder/main.flyimg': ['FLY1040'],
  'remote_builder/tasks/tasks.flyimg': ['FLY1008', 'FLY1040'],
};

const check = (file: string) => analyze([file], host, DEFAULT_ANALYZE_OPTIONS);

describe('seed documents pasted as written', () => {
  it('has every block in one list or the other', () => {
    expect(flyimgFiles(SEEDS).sort()).toEqual([...IMAGE_BLOCKS, ...Object.keys(PYTHON_BLOCKS), 'remote_builder/tasks/envs.flyimg'].sort());
  });

  it.each(IMAGE_BLOCKS)('%s checks clean', (file) => {
    const diagnostics = check(file).diagnostics;
    expect(diagnostics.filter((d) => d.severity === 'error' || /^FLY[012]/.test(d.code)).map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it.each(Object.entries(PYTHON_BLOCKS))('%s is one located diagnostic for its Python code', (file, codes) => {
    const diagnostics = check(file).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(codes);
    const python = diagnostics.find((d) => d.code === 'FLY1040')!;
    expect(python.primary?.span.file).toBe(file);
    expect(python.help).toMatch(/keeps only image definitions/);
  });

  it('the remote builder block as written reports only its placeholders, each with a hint', () => {
    const diagnostics = check('remote_builder/tasks/envs.flyimg').diagnostics.filter((d) => d.severity === 'error');
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.code).toBe('FLY3016');
      expect(d.help).toMatch(/`<your-(registry|org)>` is a placeholder/);
    }
  });

  it('compiles the environments of both BYOI patterns into the manifest, with their images and dependencies', () => {
    const options = { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map([['training', 'localhost:5000/training:1.0']]), tools: DEFAULT_TOOL_IMAGES };
    const pure = compile(['pure_byoi/workflow_code/envs.flyimg'], host, options);
    expect(pure.manifest?.environments).toEqual([
      { name: 'training', binding: 'env_train', source: 'envs.flyimg:6', image: 'env_train', uri: 'localhost:5000/training:1.0', dependsOn: [] },
      { name: 'data-prep', binding: 'env_data', source: 'envs.flyimg:10', image: 'env_data', dependsOn: ['training'] },
    ]);
    const remote = compile(['remote_builder/tasks/envs_filled.flyimg'], host, options);
    const environments = remote.manifest?.environments ?? [];
    expect(environments.map((e) => [e.name, e.image, e.dependsOn])).toEqual([
      ['training', 'env_train_image', []],
      ['data-prep', 'env_data_image', ['training']],
    ]);
    const uris = new Map(remote.manifest?.images.map((i) => [i.binding, i.uri]));
    expect(environments.map((e) => e.uri)).toEqual([uris.get('env_train_image'), uris.get('env_data_image')]);
    expect(environments.every((e) => e.uri?.startsWith('localhost:5000/acme/flyte-adapted:'))).toBe(true);
  });
});
