// The command line as a few ES modules (`npm run build` runs this after tsc): dist/bundle/main.js, which
// bin/flyimgc.js runs, and chunks loaded when the command that needs them runs.
//
// Why: start-up (issue 14). tsc's output is ~150 modules and zod alone ~100 more; resolving, reading and
// compiling each one cost more than all the work `flyimgc check` does on a small file. The bundle is made
// from tsc's output in dist/ (not from src/), so the code that runs is the code tsc compiled and checked;
// the library (`import 'flyimgc'`, dist/index.js) stays as tsc wrote it.
//
// Three kinds of loading, cheapest first:
// - the command dispatch (dist/cli/main.js) is read on every run;
// - each command is a dynamic import in main.js, so esbuild splits it into chunks read only when it runs;
// - DEFERRED modules are needed deep inside synchronous code, and only sometimes: the flyimg.toml schema
//   (zod: ~40 ms of start-up, paid only by projects that have a flyimg.toml). Each is built into a file of
//   its own, and the bundle gets a stand-in that loads it on first use with a synchronous require() of an
//   ES module (Node ≥ 20.19, as package.json's engines says).
//
// Left out of the bundle, loaded from node_modules when needed: tree-sitter (it finds its WebAssembly files
// next to itself) and dockerfile-ast (required lazily through createRequire, which a bundler does not follow).
// Usage: node scripts/bundle-cli.mjs   (after tsc; normally through `npm run build`)
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(dist, 'bundle');

/** Module under dist/ → the file of its own it is built into, next to the bundle. */
const DEFERRED = { 'config/schema.js': 'config-schema.js' };

// chevrotain's single-file ES module, the one src/syntax/chevrotain.ts finds at run time (see there).
const chevrotainBundle = join(createRequire(import.meta.url).resolve('chevrotain'), '../../chevrotain.mjs');
readFileSync(chevrotainBundle); // fail here, not at run time, if chevrotain moved it

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Smaller to read and compile; names are kept, so an internal error's stack still names the functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
};

rmSync(out, { recursive: true, force: true });

for (const [module, file] of Object.entries(DEFERRED)) {
  const result = await build({ ...common, entryPoints: [join(dist, module)], outfile: join(out, file), metafile: true });
  // A deferred file has its own copy of everything in it: that is only right for dependencies without
  // state shared with the rest of flyimgc, so nothing of flyimgc's own but the module itself may be in it.
  const own = Object.keys(result.metafile.inputs).filter((input) => !input.split(/[\\/]/).includes('node_modules') && relative(dist, join(root, input)).split(sep).join('/') !== module);
  if (own.length > 0) throw new Error(`deferred ${module} pulls in flyimgc's own modules (${own.join(', ')}): defer a module that does not`);
}

/** What the bundle has in place of a deferred module: the same exports, loaded on first use. */
async function standIn(module, file) {
  const real = await import(pathToFileURL(join(dist, module)).href);
  const lines = [
    "import { createRequire } from 'node:module';",
    'let loaded;',
    `const load = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(`./${file}`)}));`,
  ];
  for (const [name, value] of Object.entries(real)) {
    if (typeof value === 'function') lines.push(`export const ${name} = (...args) => load().${name}(...args);`);
    else if (typeof value === 'object' && value !== null) lines.push(`export const ${name} = new Proxy({}, { get: (_, key) => load().${name}[key] });`);
    else throw new Error(`deferred ${module} exports ${name}, a ${typeof value}: only functions and objects can be loaded on first use`);
  }
  return `${lines.join('\n')}\n`;
}

await build({
  ...common,
  entryPoints: { main: join(dist, 'cli/main.js') },
  outdir: out,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  external: ['web-tree-sitter', 'tree-sitter-python'],
  // CommonJS dependencies bundled into ES modules require Node's built-in modules.
  banner: { js: "import { createRequire as __flyimgcRequire } from 'node:module'; const require = __flyimgcRequire(import.meta.url);" },
  plugins: [
    {
      name: 'flyimgc-bundle-edges',
      setup(b) {
        // Found at run time next to itself in dist/; in the bundle it is imported directly.
        b.onLoad({ filter: /[\\/]dist[\\/]syntax[\\/]chevrotain\.js$/ }, () => ({ contents: `import * as chevrotain from ${JSON.stringify(chevrotainBundle)};\nexport { chevrotain };\n`, loader: 'js' }));
        for (const [module, file] of Object.entries(DEFERRED)) {
          const path = join(dist, module);
          b.onLoad({ filter: new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }, async () => ({ contents: await standIn(module, file), loader: 'js' }));
        }
      },
    },
  ],
});
