/**
 * The `.flyimg` syntax tree: plain readonly data, one `kind` per node, a half-open span on every node.
 * It is deliberately generic (calls, names, literals): what `Image.from_base` means is decided by the
 * checker, not the grammar.
 */
import type { Span } from '../diagnostics/diagnostic.js';

export interface FileNode {
  readonly kind: 'File';
  readonly span: Span;
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
  /** Pasted Python imports (`import flyte`, `from pathlib import Path`); they bind names, nothing else. */
  readonly pythonImports?: readonly PythonImport[];
}

/**
 * `import a.b [as c]` (one per module) or `from a.b import x [as y], ...`. Not a statement of the
 * language: kept beside the statements so that names resolve as they would in Python.
 */
export interface PythonImport {
  readonly kind: 'PythonImport';
  readonly span: Span;
  /** The module as written, e.g. `flyte`, `pathlib`, `workflow_code.envs`, `.envs`. */
  readonly module: string;
  /** The names the line binds: `x` (or `y`) for `from a import x [as y]`; `a` (or `c`) for `import a.b [as c]`. */
  readonly names: readonly { readonly imported: string; readonly bound: string; readonly span: Span }[];
  /** `from ... import`, as opposed to `import ...`. */
  readonly from: boolean;
}

export interface Comment {
  readonly kind: 'Comment';
  readonly span: Span;
  /** The text after `#`. */
  readonly text: string;
}

export type Statement = Binding | Import;

export interface Binding {
  readonly kind: 'Binding';
  readonly span: Span;
  readonly name: Identifier;
  readonly value: Expr;
}

export interface Import {
  readonly kind: 'Import';
  readonly span: Span;
  readonly path: Str;
}

export interface Identifier {
  readonly kind: 'Identifier';
  readonly span: Span;
  readonly name: string;
}

export type Expr = Name | Member | Call | PathJoin | Str | Num | Bool | NoneLit | Tuple | List | Dict | Missing;

export interface Name {
  readonly kind: 'Name';
  readonly span: Span;
  readonly name: string;
}

/** `object.property` */
export interface Member {
  readonly kind: 'Member';
  readonly span: Span;
  readonly object: Expr;
  readonly property: Identifier;
}

export interface Call {
  readonly kind: 'Call';
  readonly span: Span;
  readonly callee: Expr;
  readonly args: readonly Arg[];
}

export type Arg = Positional | Keyword;

export interface Positional {
  readonly kind: 'Positional';
  readonly span: Span;
  readonly value: Expr;
}

export interface Keyword {
  readonly kind: 'Keyword';
  readonly span: Span;
  readonly name: Identifier;
  readonly value: Expr;
}

/** `left / right`, Python's `pathlib` join. */
export interface PathJoin {
  readonly kind: 'PathJoin';
  readonly span: Span;
  readonly left: Expr;
  readonly right: Expr;
}

export interface Str {
  readonly kind: 'Str';
  readonly span: Span;
  /** The decoded value (escapes applied, adjacent literals concatenated). */
  readonly value: string;
  /** Set when a piece was an f-string or a byte string, which parse but cannot be used. */
  readonly unsupportedPrefix?: { readonly prefix: string; readonly span: Span };
  /** The closing quote is missing (already reported); checks stay quiet about the value. */
  readonly unterminated?: boolean;
}

export interface Num {
  readonly kind: 'Num';
  readonly span: Span;
  readonly value: number;
  /** As written, e.g. `3.10` (which a float would turn into 3.1). */
  readonly text: string;
  readonly isInteger: boolean;
}

export interface Bool {
  readonly kind: 'Bool';
  readonly span: Span;
  readonly value: boolean;
}

export interface NoneLit {
  readonly kind: 'None';
  readonly span: Span;
}

export interface Tuple {
  readonly kind: 'Tuple';
  readonly span: Span;
  readonly items: readonly Expr[];
}

export interface List {
  readonly kind: 'List';
  readonly span: Span;
  readonly items: readonly Expr[];
}

export interface DictEntry {
  readonly span: Span;
  readonly key: Expr;
  readonly value: Expr;
}

export interface Dict {
  readonly kind: 'Dict';
  readonly span: Span;
  readonly entries: readonly DictEntry[];
}

/** A gap left by a syntax error; checks skip it silently because the syntax error was reported. */
export interface Missing {
  readonly kind: 'Missing';
  readonly span: Span;
}

export type Node = FileNode | Statement | Expr | Arg | Identifier | Comment;
