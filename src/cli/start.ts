/**
 * How `flyimgc` starts (bin/flyimgc.js): it runs the command line from the script for its command,
 * dist/bundle/<script>.cjs (scripts/bundle-cli.mjs: each holds the whole dispatch and the code of one
 * command or group of commands), with V8's code cache.
 *
 * Compiling the command line's JavaScript costs more than all the work `flyimgc check` does on a small
 * file (issue 14). V8 can save the code it compiled during a run and take it back in the next, which skips
 * parsing and compiling: Node 22 does this itself (`module.enableCompileCache`), Node 20 only for scripts
 * run through `vm.Script`, hence this. The cache is a file per script, build of it, Node version and
 * machine architecture, under the cache directory (`$FLYIMGC_CACHE_DIR`, like the digest cache), and
 * `FLYIMGC_NO_CACHE` turns it off too. It only holds V8's compiled form of the bundle: V8 checks that it
 * fits (its version and flags, the script's length) and ignores it if not, and the bundle's build hash in
 * the file name keeps one build from ever using another's. A cache that cannot be read or written costs
 * only the time it would have saved; nothing is ever reported about it.
 *
 * V8 runs what a code cache holds as the script's code, so only the user may be able to write it: the
 * cache directory is created private (0700), and a directory that is not the user's own or that others
 * can write to (a `FLYIMGC_CACHE_DIR` under /tmp, say) is not used at all.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import { cacheDir } from './cachePaths.js';

/** The bundle's first line: `// flyimgc-build <hash of the rest>`. */
const BUILD_LINE = /^\/\/ flyimgc-build ([0-9a-f]{32})\n/;

/** Command → the script that has its code (scripts/bundle-cli.mjs); anything else (help, --version, a mistake) runs `main.cjs`. */
const SCRIPT_OF: Readonly<Record<string, string>> = { check: 'check', compile: 'pipeline', explain: 'pipeline', plan: 'pipeline', build: 'pipeline', diff: 'pipeline', fmt: 'fmt', lsp: 'lsp' };

type Main = (argv: readonly string[]) => Promise<number>;

/** `scripts`: the directory of the command scripts (dist/bundle). */
export async function start(scripts: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const name = Object.hasOwn(SCRIPT_OF, argv[0] ?? '') ? SCRIPT_OF[argv[0]!]! : 'main';
  const bundle = join(scripts, `${name}.cjs`);
  // ASCII (scripts/bundle-cli.mjs makes sure), so Latin-1 reads it as UTF-8 would, only faster.
  const source = readFileSync(bundle, 'latin1');
  const build = BUILD_LINE.exec(source)?.[1];
  const dir = join(cacheDir(env), 'v8');
  const cacheFile = build !== undefined && (env['FLYIMGC_NO_CACHE'] ?? '') === '' && privateDir(dir) ? join(dir, `${name}-${build}-${process.version}-${process.arch}.bin`) : undefined;
  const cached = cacheFile === undefined ? undefined : readOrUndefined(cacheFile);

  // The CommonJS module wrapper, as Node's own loader would add it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cached ? { cachedData: cached } : {}),
    // The bundle imports tree-sitter (an ES module) when a run needs it.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as { main?: Main } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${bundle} has no main(): run \`npm run build\``);
  const code = await main(argv);
  // Saved after the run, so that it holds the functions the run compiled, not only the top level.
  if (cacheFile !== undefined && (cached === undefined || script.cachedDataRejected === true)) save(dir, `${name}-`, cacheFile, script);
  return code;
}

/** The code cache directory, created if missing, is the user's alone (where there are owners and modes). */
function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    return stat.isDirectory() && (process.getuid === undefined || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a rename); the script's caches from other builds and Node versions are removed. */
function save(dir: string, prefix: string, file: string, script: Script): void {
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file);
    for (const other of readdirSync(dir)) if (other.startsWith(prefix) && other.endsWith('.bin') && join(dir, other) !== file) rmSync(join(dir, other), { force: true });
  } catch {
    // Read-only or full cache directory: the next run compiles again, as without a cache.
  }
}
