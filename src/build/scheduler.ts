/**
 * The job scheduler of `flyimgc build` (without `--bake`): every image after the images it is built FROM,
 * at most `jobs` builds at a time. With `--bake`, BuildKit schedules instead (see bake.ts).
 */

/** Runs `task` for every item, at most `jobs` at a time, each only after the items it depends on. */
export async function runInOrder<T>(items: readonly T[], jobs: number, deps: (item: T) => readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  const started = new Map<T, Promise<void>>();
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    while (running >= jobs) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const start = (item: T): Promise<void> => {
    const existing = started.get(item);
    if (existing) return existing;
    const promise = (async () => {
      await Promise.all(deps(item).map(start));
      await slot();
      try {
        await task(item);
      } finally {
        release();
      }
    })();
    started.set(item, promise);
    return promise;
  };
  await Promise.all(items.map(start));
}

/**
 * `names` and everything they are built FROM (transitively), in `order`. Unknown names are returned
 * separately so that the caller can report them.
 */
export function withDependencies(names: readonly string[], order: readonly string[], dependsOn: (name: string) => readonly string[]): { readonly selected: string[]; readonly unknown: string[] } {
  const known = new Set(order);
  const unknown = names.filter((n) => !known.has(n));
  const wanted = new Set<string>();
  // An explicit stack: a chain of images each extending the one before can be deeper than the call stack.
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (wanted.has(name) || !known.has(name)) continue;
    wanted.add(name);
    pending.push(...dependsOn(name));
  }
  return { selected: order.filter((n) => wanted.has(n)), unknown };
}
