/** The build manifest: everything CI and people need to know about the compiled images, as plain data. */
import type { z } from 'zod';
import type { ManifestEnvironmentSchema, ManifestImageSchema, ManifestSchema } from './manifestSchema.js';

/** The manifest's types are those of its zod schema, so the two cannot drift apart. */
export type ManifestImage = z.infer<typeof ManifestImageSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEnvironment = z.infer<typeof ManifestEnvironmentSchema>;


/** Dependencies first; ties in binding-name order, so the order is the same on every machine. */
export function buildOrder(images: readonly ManifestImage[]): string[] {
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
