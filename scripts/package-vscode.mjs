// Packages the VS Code extension (editors/vscode) into a .vsix, offline: bundles extension.js with
// vscode-languageclient, and server.js with the whole compiler (src/, through esbuild), so the extension
// works with nothing else installed; copies the grammar and language configuration from grammar/ (their
// one source), and runs `vsce package` on the result.
// Usage: node scripts/package-vscode.mjs [--out FILE]   (default: build/vscode/flyimg-<version>.vsix)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'editors/vscode');
const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'build/vscode', `${manifest.name}-${manifest.version}.vsix`));

mkdirSync(dirname(out), { recursive: true });
const staging = mkdtempSync(join(dirname(out), '.vsix-staging-'));
try {
  copyFileSync(join(source, 'package.json'), join(staging, 'package.json'));
  copyFileSync(join(source, 'README.md'), join(staging, 'README.md'));
  copyFileSync(join(root, 'grammar/language-configuration.json'), join(staging, 'language-configuration.json'));
  mkdirSync(join(staging, 'syntaxes'));
  copyFileSync(join(root, 'grammar/flyimg.tmLanguage.json'), join(staging, 'syntaxes/flyimg.tmLanguage.json'));
  await build({
    entryPoints: [join(source, 'extension.js')],
    outfile: join(staging, manifest.main),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minify: true,
    // Provided by VS Code itself at run time.
    external: ['vscode'],
    logLevel: 'warning',
  });
  // The language server: the CLI's `lsp` command and everything it runs, as one ES module. Two modules
  // find files next to themselves at run time, which a bundle has not got; they are replaced here by what
  // they would find: the version from package.json, and chevrotain imported directly.
  const TREE_SITTER_BESIDE_SERVER = [
    "import { createRequire } from 'node:module';",
    "import { fileURLToPath } from 'node:url';",
    'const requireBeside = createRequire(import.meta.url);',
    "export function loadWebTreeSitter() { return requireBeside('./tree-sitter/tree-sitter.cjs'); }",
    "export function pythonGrammarPath() { return fileURLToPath(new URL('./tree-sitter/tree-sitter-python.wasm', import.meta.url)); }",
  ].join('\n');
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const chevrotainBundle = join(root, 'node_modules/chevrotain/lib/chevrotain.mjs');
  await build({
    entryPoints: [join(source, 'server.js')],
    outfile: join(staging, 'dist/server.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minify: true,
    // CommonJS dependencies (vscode-languageserver) require Node's built-in modules.
    banner: { js: "import { createRequire as __flyimgcRequire } from 'node:module'; const require = __flyimgcRequire(import.meta.url);" },
    plugins: [
      {
        name: 'flyimgc-bundle-edges',
        setup(b) {
          b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(rootManifest.version)};`, loader: 'ts' }));
          b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]treeSitterFiles\.ts$/ }, () => ({ contents: TREE_SITTER_BESIDE_SERVER, loader: 'ts' }));
          b.onLoad({ filter: /[\\/]src[\\/]syntax[\\/]chevrotain\.ts$/ }, () => ({ contents: `import * as chevrotain from ${JSON.stringify(chevrotainBundle)};\nexport { chevrotain };`, loader: 'ts' }));
        },
      },
    ],
    logLevel: 'warning',
  });
  // The Python parser (a baked loaded_modules code bundle follows the entry modules' imports): tree-sitter's
  // runtime, which finds tree-sitter.wasm beside itself, and the Python grammar.
  mkdirSync(join(staging, 'dist/tree-sitter'));
  for (const file of ['web-tree-sitter/tree-sitter.cjs', 'web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
    copyFileSync(join(root, 'node_modules', file), join(staging, 'dist/tree-sitter', file.split('/')[1]));
  }
  // --no-dependencies: everything the extension needs is in the bundle, so vsce runs no npm and needs no network.
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], { cwd: staging, stdio: ['ignore', 'inherit', 'inherit'] });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
console.log(out);
