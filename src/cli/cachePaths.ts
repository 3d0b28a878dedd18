import * as os from 'node:os';
import * as path from 'node:path';

/** `$FLYIMGC_CACHE_DIR`, else `$XDG_CACHE_HOME/flyimgc`, else `~/.cache/flyimgc`. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return env['FLYIMGC_CACHE_DIR'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'flyimgc');
}

export function defaultCacheFile(env: NodeJS.ProcessEnv): string {
  return path.join(cacheDir(env), 'digests-v2.txt');
}
