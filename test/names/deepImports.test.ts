import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { layersInOrder } from '../../src/check/layers.js';
import { memoryHost } from '../helpers/memoryHost.js';

/** An import chain far deeper than the call stack would allow if files were loaded recursively. */
function chain(depth: number): Record<string, string> {
  const files: Record<string, string> = { 'f0.flyimg': 'x0 = Image.from_debian_base(python_version=(3, 12), name="a", registry="ghcr.io/acme")\n' };
  for (let i = 1; i < depth; i++) files[`f${i}.flyimg`] = `import "f${i - 1}.flyimg"\n\nx${i} = x${i - 1}.with_env_vars({"A": "${i}"})\n`;
  return files;
}

describe('deep import chains', () => {
  it('checks a chain of 3,000 files, each importing the one before, without overflowing the stack', () => {
    const analysis = analyze(['f2999.flyimg'], memoryHost(chain(3000)));
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.program.files.size).toBe(3000);
    // Dependencies first: the order images are evaluated and reported in.
    expect([...analysis.program.files.keys()].slice(0, 2)).toEqual(['f0.flyimg', 'f1.flyimg']);
    expect(layersInOrder(analysis.model.images.at(-1)!.image.layers).filter((l) => l.kind === 'env')).toHaveLength(2999);
  });

  it('still reports a cycle at the bottom of a deep chain, with the whole cycle', () => {
    const files = chain(3000);
    files['f0.flyimg'] = `import "f2999.flyimg"\n\n${files['f0.flyimg']!}`;
    const analysis = analyze(['f2999.flyimg'], memoryHost(files));
    const cycle = analysis.diagnostics.filter((d) => d.code === 'FLY2005');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.primary!.span.file).toBe('f0.flyimg');
  });
});
