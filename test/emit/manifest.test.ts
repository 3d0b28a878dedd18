import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../src/emit/manifestSchema.js';
import { flyimgc, tempProject } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/cli.js';

const schemaText = readFileSync(join(REPO_ROOT, 'docs/manifest.schema.json'), 'utf8');

describe('the build manifest', () => {
  it('docs/manifest.schema.json is generated from the zod schema (npm run gen:docs)', () => {
    expect(schemaText).toBe(manifestJsonSchema());
  });

  it('the manifest of the examples validates against the published JSON Schema (checked by ajv)', async () => {
    const dir = tempProject({});
    const result = await flyimgc(['compile', join(REPO_ROOT, 'examples'), '--out', join(dir, 'out')], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schemaText));
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...manifest, images: [{ binding: 'x' }] })).toBe(false);

    const bake = JSON.parse(readFileSync(join(dir, 'out/docker-bake.json'), 'utf8'));
    expect(bake.group.default.targets).toEqual(manifest.buildOrder);
    for (const image of manifest.images.filter((i: { kind: string }) => i.kind !== 'external')) {
      expect(bake.target[image.binding]).toMatchObject({ context: `${'${FLYIMGC_OUT}'}/${image.binding}/context`, dockerfile: '../Dockerfile', tags: [image.uri], platforms: image.platforms });
    }
  });

  it('orders builds dependencies first and records what each image derives from', async () => {
    const dir = tempProject({
      'a.flyimg': 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_packages("requests==2.32.3")\naaa = app.with_workdir("/srv")\n',
    });
    await flyimgc(['compile', '.', '--out', 'out'], { cwd: dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    expect(manifest.buildOrder).toEqual(['base', 'app', 'aaa']);
    expect(manifest.images.map((i: { binding: string; dependsOn: string[] }) => [i.binding, i.dependsOn])).toEqual([
      ['base', []],
      ['app', ['base']],
      ['aaa', ['app']],
    ]);
  });

  it('is written as YAML on request, with the same content', async () => {
    const dir = tempProject({ 'a.flyimg': 'base = Image.from_debian_base(python_version=(3, 12), name="base")\n' });
    await flyimgc(['compile', '.', '--out', 'json'], { cwd: dir });
    await flyimgc(['compile', '.', '--out', 'yaml', '--manifest-format', 'yaml'], { cwd: dir });
    expect(yaml.load(readFileSync(join(dir, 'yaml/manifest.yaml'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'json/manifest.json'), 'utf8')));
  });
});
