// The command line as scripts (`npm run build` runs this after tsc): dist/bundle/<script>.cjs, one per
// command or group of commands, which bin/flyimgc.js runs through dist/bundle/start.cjs (src/cli/start.ts: with V8's code cache).
//
// Why: start-up (issue 14). tsc's output is ~150 modules and zod alone ~100 more; resolving, reading and
// compiling each one cost more than all the work `flyimgc check` does on a small file. One script is read
// at once, and V8 can keep its compiled code between runs (start.ts); Node 20 has no code cache for ES
// modules, so the scripts are CommonJS. They are made from tsc's output in dist/ (not from src/), so the
// code that runs is the code tsc compiled and checked; the library (`import 'flyimgc'`, dist/index.js)
// stays as tsc wrote it.
//
// Each script is the whole dispatch (dist/cli/main.js: every command's options, help and usage errors),
// but only one command's code (or, for `pipeline`, the compiling commands'): main.ts and the commands load their heavy parts with dynamic imports, and
// in each script only the dynamic imports its command makes are kept (SCRIPTS); the others become a module
// that fails if ever loaded, which cannot happen: start.ts picks the script by the same first argument
// main.ts dispatches on (its SCRIPT_OF). A script reads and caches a third of what the whole command line would be.
//
// DEFERRED modules are needed deep inside synchronous code, and only sometimes: the flyimg.toml schema
// (zod/mini: ~8 ms of start-up, paid only by projects that have a flyimg.toml). Each is built into a script of
// its own, and the bundle gets a stand-in with the same exports that requires it on first use.
//
// The first line of a script names its build (a hash of the rest): start.ts keys the code cache with it,
// so that a cache is never used with another build's script.
//
// Left out of the bundle, loaded from node_modules when needed: tree-sitter (it finds its WebAssembly files
// next to itself) and dockerfile-ast (required lazily through createRequire, which a bundler does not follow).
// Usage: node scripts/bundle-cli.mjs   (after tsc; normally through `npm run build`)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(dist, 'bundle');

/** Module under dist/ → the script of its own it is built into, next to the bundle. */
const DEFERRED = { 'config/schema.js': 'config-schema.cjs' };
/**
 * Modules started as worker threads, found by the module that starts them next to itself
 * (`new URL('./x.js', import.meta.url)`): built, as ES modules, to the same name next to the scripts,
 * which is where that URL points in a script.
 */
const WORKERS = { 'cli/digestWorker.js': 'digestWorker.js' };

// chevrotain's single-file ES module, the one src/syntax/chevrotain.ts finds at run time (see there).
const chevrotainBundle = join(createRequire(import.meta.url).resolve('chevrotain'), '../../chevrotain.mjs');

/**
 * chevrotain's module, with one change that costs nothing later: every Lexer it builds first fills a table of
 * 65,536 entries, `i > 255 ? 255 + ~~(i / 255) : i`, once per process, which took ~4 ms of every start
 * (the loop runs before anything is compiled; issue 14). In the scripts the same value is computed where it is
 * looked up. The library (dist/, and the tests) loads chevrotain unchanged. Fails the build if chevrotain's
 * code is no longer the code this replaces.
 */
function patchedChevrotain() {
  const source = readFileSync(chevrotainBundle, 'utf8');
  const replacements = [
    [
      'return charCode < minOptimizationVal ? charCode : charCodeToOptimizedIdxMap[charCode];',
      'return charCode < minOptimizationVal ? charCode : 255 + ~~(charCode / 255);',
    ],
    [
      `  if (isEmpty_default(charCodeToOptimizedIdxMap)) {
    charCodeToOptimizedIdxMap = new Array(65536);
    for (let i = 0; i < 65536; i++) {
      charCodeToOptimizedIdxMap[i] = i > 255 ? 255 + ~~(i / 255) : i;
    }
  }`,
      '',
    ],
  ];
  let patched = source;
  for (const [from, to] of replacements) {
    if (patched.split(from).length !== 2) throw new Error(`${chevrotainBundle} no longer holds the code bundle-cli.mjs replaces (${from.split('\n')[0]}): update patchedChevrotain`);
    patched = patched.replace(from, to);
  }
  // Nothing else may read the table.
  if (patched.split('charCodeToOptimizedIdxMap').length !== 2) throw new Error(`${chevrotainBundle} reads charCodeToOptimizedIdxMap elsewhere: update patchedChevrotain`);
  return patched;
}
const chevrotainSource = patchedChevrotain();

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Smaller to read and compile; names are kept, so an internal error's stack still names the functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // `import.meta.url` (createRequire, package.json next to dist/) is the script's own URL. Injected, not a
  // banner: a banner would come before the bundle's "use strict", which then would not apply.
  define: { 'import.meta.url': 'flyimgcScriptUrl' },
  inject: [join(root, 'scripts/bundle-script-url.mjs')],
};

rmSync(out, { recursive: true, force: true });

// The hashing worker thread (src/cli/fileDigest.ts starts `./digestWorker.js` next to itself): a file of
// its own next to the chunks, which esbuild leaves `new URL(..., import.meta.url)` pointing at.
await build({ ...common, entryPoints: [join(dist, 'cli/digestWorker.js')], outfile: join(out, 'digestWorker.js') });

for (const [module, file] of Object.entries(DEFERRED)) {
  const result = await build({ ...common, entryPoints: [join(dist, module)], outfile: join(out, file), metafile: true });
  // A deferred script has its own copy of everything in it: that is only right for dependencies without
  // state shared with the rest of flyimgc, so nothing of flyimgc's own but the module itself may be in it.
  const own = Object.keys(result.metafile.inputs).filter((input) => !input.split(/[\\/]/).includes('node_modules') && !input.startsWith('scripts/') && relative(dist, join(root, input)).split(sep).join('/') !== module);
  if (own.length > 0) throw new Error(`deferred ${module} pulls in flyimgc's own modules (${own.join(', ')}): defer a module that does not`);
}

/** What the bundle has in place of a deferred module: the same exports, required on first use. */
async function standIn(module, file) {
  const real = await import(pathToFileURL(join(dist, module)).href);
  const lines = ['let loaded;', `const load = () => (loaded ??= require(${JSON.stringify(`./${file}`)}));`];
  for (const [name, value] of Object.entries(real)) {
    if (typeof value === 'function') lines.push(`export const ${name} = (...args) => load().${name}(...args);`);
    else if (typeof value === 'object' && value !== null) lines.push(`export const ${name} = new Proxy({}, { get: (_, key) => load().${name}[key] });`);
    else throw new Error(`deferred ${module} exports ${name}, a ${typeof value}: only functions and objects can be loaded on first use`);
  }
  return `${lines.join('\n')}\n`;
}

// Every module URL next to a module in tsc's output must be a worker above, or the bundle would lack it.
for (const module of jsFiles(dist)) {
  for (const [, name] of readFileSync(join(dist, module), 'utf8').matchAll(/new URL\('\.\/([^']+)', import\.meta\.url\)/g)) {
    const target = posix.join(posix.dirname(module), name);
    if (!(target in WORKERS)) throw new Error(`dist/${module} finds ${name} next to itself: add ${target} to WORKERS in scripts/bundle-cli.mjs`);
  }
}
for (const [module, file] of Object.entries(WORKERS)) {
  await build({ ...common, format: 'esm', inject: [], define: {}, entryPoints: [join(dist, module)], outfile: join(out, file) });
}

function jsFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return path === 'bundle' ? [] : jsFiles(dir, path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

// How the scripts are started (src/cli/start.ts), for bin/flyimgc.js: CommonJS too, as the entry point is
// (bin/package.json), because Node starts a CommonJS entry point faster than an ES module one.
await build({ ...common, entryPoints: [join(dist, 'cli/start.js')], outfile: join(out, 'start.cjs') });

/** Script → the dynamic imports (modules under dist/cli/, dist/) kept in it; `main` serves help, --version and mistakes. */
const SCRIPTS = {
  main: [],
  check: ['cli/commands/check.js', 'cli/pythonParser.js'],
  // The commands that compile share nearly all their code: one script (a script each would add ~4 MB to
  // the package for little faster start-up).
  pipeline: ['cli/commands/compile.js', 'cli/commands/explain.js', 'cli/commands/plan.js', 'cli/commands/build.js', 'cli/commands/diff.js', 'cli/pythonParser.js'],
  fmt: ['cli/commands/fmt.js', 'format/format.js', 'syntax/decode.js', 'syntax/parse.js', 'diagnostics/codes.js', 'cli/report.js'],
  lsp: ['cli/commands/lsp.js', 'lsp/server.js', 'cli/existence.js', 'cli/pythonParser.js'],
};
const KNOWN = new Set(Object.values(SCRIPTS).flat());

for (const [name, kept] of Object.entries(SCRIPTS)) {
  const file = join(out, `${name}.cjs`);
  await build({
    ...common,
    entryPoints: [join(dist, 'cli/main.js')],
    outfile: file,
    external: ['web-tree-sitter', 'tree-sitter-python'],
    plugins: [
      {
        name: 'flyimgc-bundle-edges',
        setup(b) {
          const literal = (path) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
          // Found at run time next to itself in dist/; in the bundle it is imported directly.
          b.onLoad({ filter: literal(join(dist, 'syntax/chevrotain.js')) }, () => ({ contents: `import * as chevrotain from ${JSON.stringify(chevrotainBundle)};\nexport { chevrotain };\n`, loader: 'js' }));
          b.onLoad({ filter: literal(chevrotainBundle) }, () => ({ contents: chevrotainSource, loader: 'js' }));
          for (const [module, deferred] of Object.entries(DEFERRED)) {
            b.onLoad({ filter: literal(join(dist, module)) }, async () => ({ contents: await standIn(module, deferred), loader: 'js' }));
            b.onResolve({ filter: literal(`./${deferred}`) }, ({ path }) => ({ path, external: true }));
          }
          b.onResolve({ filter: /^\./ }, ({ path, importer, kind }) => {
            if (kind !== 'dynamic-import') return undefined;
            const target = relative(dist, join(importer, '..', path)).split(sep).join('/');
            if (!KNOWN.has(target)) throw new Error(`${importer} imports ${path} dynamically: add ${target} to SCRIPTS in scripts/bundle-cli.mjs`);
            return kept.includes(target) ? undefined : { path: target, namespace: 'flyimgc-other-command' };
          });
          b.onLoad({ filter: /.*/, namespace: 'flyimgc-other-command' }, ({ path }) => ({ contents: `throw new Error(${JSON.stringify(`${path} is not in the ${name} script (scripts/bundle-cli.mjs)`)});\n`, loader: 'js' }));
        },
      },
    ],
  });
  const script = readFileSync(file, 'utf8');
  // start.ts reads scripts as Latin-1, which is faster than UTF-8 and the same for ASCII: esbuild escapes
  // every other character (its default `charset`), and this keeps it so.
  if (!/^[\x00-\x7f]*$/.test(script)) throw new Error(`${file} is not ASCII: start.ts reads it as Latin-1`);
  // A script run from V8's code cache (start.ts) cannot make a real `import()` on Node 20: the callback it needs is
  // gone (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, an internal error on every run after the first).
  const dynamic = /\bimport\(\s*["'`]/.exec(script);
  if (dynamic) throw new Error(`${file} makes a dynamic import() of a package (${script.slice(dynamic.index, dynamic.index + 60)}): require its CommonJS build instead`);
  writeFileSync(file, `// flyimgc-build ${createHash('sha256').update(script).digest('hex').slice(0, 32)}\n${script}`);
}
