/** The build manifest: everything CI and people need to know about the compiled images, as plain data. */
import type { z } from 'zod';
import type { ManifestEnvironmentSchema, ManifestImageSchema, ManifestSchema } from './manifestSchema.js';

/** The manifest's types are those of its zod schema, so the two cannot drift apart. */
export type ManifestImage = z.infer<typeof ManifestImageSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEnvironment = z.infer<typeof ManifestEnvironmentSchema>;


/**
 * Dependencies first; ties in binding-name order, so the order is the same on every machine. A depth-first
 * walk with its own stack, not recursion: a chain of images each extending the one before is as deep as
 * it is long.
 */
export function buildOrder(images: readonly ManifestImage[]): string[] {
  const built = new Map(images.filter((i) => i.kind !== 'external').map((i) => [i.binding, i]));
  const order: string[] = [];
  const done = new Set<string>();
  const depsOf = (name: string) => [...(built.get(name)?.dependsOn ?? [])].sort().filter((dep) => built.has(dep));
  for (const root of [...built.keys()].sort()) {
    if (done.has(root)) continue;
    // The images being visited (a cycle is not followed), each with the dependencies not yet visited.
    const visiting = new Set([root]);
    const stack = [{ name: root, deps: depsOf(root), next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++]!;
        if (done.has(dep) || visiting.has(dep)) continue;
        visiting.add(dep);
        stack.push({ name: dep, deps: depsOf(dep), next: 0 });
        continue;
      }
      stack.pop();
      visiting.delete(top.name);
      done.add(top.name);
      order.push(top.name);
    }
  }
  return order;
}
