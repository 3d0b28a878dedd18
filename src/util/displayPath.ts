/** The one way a path is shown to users: relative to the working directory, with `/`, or absolute when outside it. */
import * as path from 'node:path';

export function toDisplayPath(p: string, cwd: string): string {
  const absolute = path.resolve(cwd, p);
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? '.' : relative.startsWith('..') && path.isAbsolute(p) ? absolute : relative;
  return shown.split(path.sep).join('/');
}
