import * as os from 'node:os';
import * as path from 'node:path';

/** `$FLYIMGC_CACHE_DIR`, else `$XDG_CACHE_HOME/flyimgc`, else `~/.cache/flyimgc`. */
export function defaultCacheFile(env: NodeJS.ProcessEnv): string {
  const dir = env['FLYIMGC_CACHE_DIR'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'flyimgc');
  return path.join(dir, 'digests-v2.txt');
}
