import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { baseRequirements, ownBasesOf } from '../../src/build/bases.js';
import { bakeFile } from '../../src/emit/bake.js';
import { compile } from '../../src/compile.js';
import { mirrorFor } from '../../src/config/mirrors.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { memoryHost } from '../helpers/memoryHost.js';

function compiled(source: string, files: Record<string, string> = {}, imageMap: ReadonlyMap<string, string> = new Map()) {
  const result = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, ...files }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap, tools: DEFAULT_TOOL_IMAGES });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

describe('what images are built FROM', () => {
  it('lists each base and the uv image once, with every platform some image needs, through the mirrors', () => {
    const result = compiled(
      [
        'a = Image.from_debian_base(python_version=(3, 12), name="a", registry="r.example.com", platform="linux/amd64")',
        'b = Image.from_debian_base(python_version=(3, 12), name="b", registry="r.example.com").with_apt_packages("curl")',
        '',
      ].join('\n'),
    );
    const requirements = baseRequirements(result.images, mirrorFor(new Map([['ghcr.io/astral-sh', { value: 'mirror.example.com/astral' }]])));
    expect(requirements.map((r) => [r.reference, r.platforms, r.neededBy.map((n) => `${n.binding}:${n.as}`)])).toEqual([
      ['ghcr.io/flyteorg/flyte:py3.12-v2.6.5', ['linux/amd64', 'linux/arm64'], ['a:base', 'b:base']],
      ['mirror.example.com/astral/uv:0.8.13', ['linux/amd64', 'linux/arm64'], ['a:uv', 'b:uv']],
    ]);
  });

  it('asks for a mapped from_ref_name target, which nothing builds', () => {
    const result = compiled('ext = Image.from_ref_name("training")\n', {}, new Map([['training', 'r.example.com/training:1.4']]));
    expect(baseRequirements(result.images, (r) => r).map((r) => [r.reference, r.neededBy])).toEqual([['r.example.com/training:1.4', [{ binding: 'ext', as: 'reference' }]]]);
  });

  it('leaves out a base that is an image of the same run, which is built first (and bake gets a `contexts` entry)', () => {
    const first = compiled('first = Image.from_debian_base(python_version=(3, 12), name="first", registry="r.example.com")\n');
    const uri = first.images[0]!.uri!;
    const result = compiled(`first = Image.from_debian_base(python_version=(3, 12), name="first", registry="r.example.com")\nsecond = Image.from_base("${uri}").clone(name="second", registry="r.example.com", extendable=True).with_env_vars({"A": "1"})\n`);
    const second = result.images.find((i) => i.ir.binding.name === 'second')!;
    expect(baseRequirements(result.images, (r) => r).map((r) => r.reference)).not.toContain(uri);
    expect(ownBasesOf(second, result.images, (r) => r)).toEqual(['first']);
    expect(bakeFile(result.images, result.manifest!.buildOrder).target['second']!.contexts).toEqual({ [uri]: 'target:first' });
  });
});
