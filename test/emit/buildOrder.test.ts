import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOrder, type ManifestImage } from '../../src/emit/manifest.js';

const image = (binding: string, dependsOn: readonly string[], kind = 'generated'): ManifestImage => ({ binding, kind, dependsOn }) as unknown as ManifestImage;

/** The order's definition, recursively: each image after its (sorted) dependencies, roots in name order. */
function recursive(images: readonly ManifestImage[]): string[] {
  const built = new Map(images.filter((i) => i.kind !== 'external').map((i) => [i.binding, i]));
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, stack: Set<string>) => {
    if (done.has(name) || stack.has(name)) return;
    stack.add(name);
    for (const dep of [...(built.get(name)?.dependsOn ?? [])].sort()) if (built.has(dep)) visit(dep, stack);
    stack.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of [...built.keys()].sort()) visit(name, new Set());
  return order;
}

describe('buildOrder', () => {
  it('orders a chain of images each extending the one before, however long, without recursion', () => {
    const n = 50_000;
    const images = Array.from({ length: n }, (_, i) => image(`x${i}`, i > 0 ? [`x${i - 1}`] : []));
    const order = buildOrder(images);
    expect(order).toHaveLength(n);
    expect(order.slice(0, 3)).toEqual(['x0', 'x1', 'x2']);
    expect(order.at(-1)).toBe(`x${n - 1}`);
  });

  it('is the recursive definition on any graph, cycles, external and unknown names included', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const graph = fc.uniqueArray(
      fc.record({ binding: fc.constantFrom(...names), deps: fc.array(fc.constantFrom(...names, 'zz'), { maxLength: 3 }), external: fc.boolean() }),
      { selector: (i) => i.binding },
    );
    fc.assert(
      fc.property(graph, (spec) => {
        const images = spec.map((s) => image(s.binding, s.deps, s.external ? 'external' : 'generated'));
        expect(buildOrder(images)).toEqual(recursive(images));
      }),
      { numRuns: 500 },
    );
  });
});
