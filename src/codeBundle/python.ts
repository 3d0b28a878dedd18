/**
 * What flyimgc needs from a Python file: the modules it imports and where it is not valid Python. Parsed for
 * real with tree-sitter's Python grammar (never with regular expressions): an `import` inside a string, a
 * comment or a docstring is not an import, and one inside a function or `if TYPE_CHECKING:` is (as in
 * flyte-sdk's static import graph, `ruff analyze graph --type-checking-imports`).
 *
 * The parser itself (a WebAssembly module) is loaded by the caller, lazily, and handed in: see
 * `src/cli/pythonParser.ts`. Offsets are UTF-16 code units, the same as `SourceFile.text`.
 */
import type { Node, Parser } from 'web-tree-sitter';

export interface PythonImport {
  /** Dotted module path as written after `import` or `from` (without the leading dots); may be empty (`from . import x`). */
  readonly module: string;
  /** Leading dots of a relative import; 0 for an absolute one. */
  readonly level: number;
  /** `from m import a, b`: `a`, `b` (they may be submodules); `*` for a wildcard; empty for `import m`. */
  readonly names: readonly string[];
  readonly start: number;
  readonly end: number;
}

export interface PythonSyntaxError {
  readonly start: number;
  readonly end: number;
  /** What is wrong, in a few words (`invalid syntax`, `missing \`)\``). */
  readonly what: string;
}

export interface ParsedPython {
  readonly imports: readonly PythonImport[];
  /** Empty for valid Python; otherwise the first problems, in source order. */
  readonly errors: readonly PythonSyntaxError[];
}

/** Parses one file's text. Synchronous once the grammar is loaded. */
export type PythonParser = (text: string) => ParsedPython;

/** At most this many syntax errors are reported per file: the first one is what needs fixing. */
const MAX_ERRORS = 3;

export function pythonParserFrom(parser: Parser): PythonParser {
  return (text) => {
    const tree = parser.parse(text);
    if (!tree) return { imports: [], errors: [{ start: 0, end: 0, what: 'the file could not be parsed' }] };
    try {
      const imports: PythonImport[] = [];
      const errors: PythonSyntaxError[] = [];
      visit(tree.rootNode, imports, errors);
      return { imports, errors: errors.slice(0, MAX_ERRORS) };
    } finally {
      tree.delete();
    }
  };
}

function visit(root: Node, imports: PythonImport[], errors: PythonSyntaxError[]): void {
  // Iterative, so that a deeply nested file cannot overflow the stack.
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isMissing) {
      errors.push({ start: node.startIndex, end: node.startIndex, what: `missing \`${node.type}\`` });
      continue;
    }
    if (node.type === 'ERROR') {
      errors.push({ start: node.startIndex, end: Math.max(node.startIndex + 1, Math.min(node.endIndex, node.startIndex + 40)), what: 'invalid syntax' });
      continue;
    }
    if (node.type === 'import_statement') imports.push(...plainImports(node));
    else if (node.type === 'import_from_statement') {
      const from = fromImport(node);
      if (from) imports.push(from);
    }
    if (!node.hasError && node.type !== 'module' && !mayHoldImports(node)) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  errors.sort((a, b) => a.start - b.start);
}

/** Expressions and strings hold no import statements; skipping them keeps big data files cheap. */
function mayHoldImports(node: Node): boolean {
  return !(node.type.endsWith('string') || node.type === 'expression_statement' || node.type === 'comment');
}

/** `import a.b, c as d`: one import per name. */
function plainImports(node: Node): PythonImport[] {
  return node.childrenForFieldName('name').flatMap((name) => {
    const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
    return dotted ? [{ module: dotted.text, level: 0, names: [], start: node.startIndex, end: node.endIndex }] : [];
  });
}

/** `from ..a.b import c, d as e` / `from . import x` / `from m import *`. */
function fromImport(node: Node): PythonImport | undefined {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return undefined;
  let module = moduleNode.text;
  let level = 0;
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.children.find((c) => c?.type === 'import_prefix');
    level = prefix ? prefix.text.length : 0;
    module = moduleNode.children.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  const names = node.childrenForFieldName('name').flatMap((name) => {
    const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
    return dotted ? [dotted.text] : [];
  });
  if (node.children.some((c) => c?.type === 'wildcard_import')) names.push('*');
  return { module: module.replace(/\s+/g, ''), level, names, start: node.startIndex, end: node.endIndex };
}
