/**
 * Where tree-sitter's runtime and its Python grammar come from: the installed packages. The VS Code
 * extension has no node_modules; its build (scripts/package-vscode.mjs) replaces this module with one that
 * finds the same three files shipped beside its server.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** web-tree-sitter's CommonJS build (see pythonParser.ts for why not `import()`). */
export function loadWebTreeSitter(): typeof import('web-tree-sitter') {
  return require('web-tree-sitter') as typeof import('web-tree-sitter');
}

export function pythonGrammarPath(): string {
  return require.resolve('tree-sitter-python/tree-sitter-python.wasm');
}
