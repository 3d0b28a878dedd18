import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.flyimg` file of the examples, the golden fixtures and the corpus (paths relative to the repository). */
export function everyFlyimgFile(): string[] {
  return ['examples', 'test/fixtures', 'test/corpus'].flatMap((dir) => filesUnder(dir, '.flyimg'));
}

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ending);
    return name.endsWith(ending) ? [path] : [];
  });
}
