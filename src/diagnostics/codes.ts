/**
 * THE diagnostics catalog: every code flyimgc can report, and the only place messages are built.
 * Codes are grouped by phase (0xxx lexical, 1xxx syntax, 2xxx names, 3xxx arguments and values,
 * 4xxx image rules, 5xxx files and lowering, 6xxx hash and emit, 9xxx command line and IO).
 * A code is never renumbered or reused. `docs/diagnostics.md` is generated from this table
 * (`npm run gen:docs`) and a test keeps the two equal.
 */
import type { Diagnostic, Label, Severity, Span } from './diagnostic.js';

export interface CatalogEntry {
  readonly name: string;
  readonly severity: Severity;
  /** One line for the docs index. */
  readonly title: string;
  /** Why this is reported and how to fix it, for the docs. */
  readonly explanation: string;
  /** A small input that triggers it (shown in the docs). */
  readonly example?: string;
}

export const CATALOG = {
  // ── 0xxx lexical ────────────────────────────────────────────────────────────
  FLY0001: {
    name: 'not-utf8-text',
    severity: 'error',
    title: 'the file is not UTF-8 text',
    explanation:
      'A `.flyimg` file must be UTF-8 text. The file holds a NUL byte or a byte sequence that is not valid UTF-8, which usually means a binary file was given by mistake. The position of the first bad byte is reported.',
  },
  FLY0002: {
    name: 'unterminated-string',
    severity: 'error',
    title: 'a string is not closed',
    explanation:
      'A string literal starts but its closing quote is missing before the end of the line (or, for a triple-quoted string, before the end of the file). Add the closing quote; to put a quote inside a string, escape it (`\\"`) or use the other kind of quote.',
    example: 'app = Image.from_base("python:3.12-slim)',
  },
  FLY0003: {
    name: 'unexpected-character',
    severity: 'error',
    title: 'a character that cannot start any token',
    explanation:
      'The character is not part of the `.flyimg` language outside a string or a comment (for example `@`, `;`, `$`, a backslash that does not end a line, or a non-ASCII letter in a name). Remove it, or put it inside a string.',
    example: 'app = Image.from_base("python:3.12-slim") ;',
  },
  FLY0004: {
    name: 'invalid-escape',
    severity: 'warning',
    title: 'an unknown escape sequence in a string',
    explanation:
      'Like Python, flyimgc keeps the backslash of an unknown escape such as `\\d` in the string, but it is probably a mistake. Write `\\\\` for a literal backslash, or use a raw string `r"..."`.',
    example: 'app = base.with_commands(["grep \\d file"])',
  },
  FLY0005: {
    name: 'unsupported-string-prefix',
    severity: 'error',
    title: 'f-strings and byte strings are not supported',
    explanation:
      'A `.flyimg` file is data, not a program: `f"..."` strings cannot be evaluated and `b"..."` bytes have no meaning here. Write the final text as a plain string. Raw strings (`r"..."`) are supported.',
    example: 'app = base.with_pip_packages(f"flyte=={version}")',
  },
  FLY0006: {
    name: 'file-too-large',
    severity: 'error',
    title: 'the file is larger than flyimgc accepts',
    explanation: 'Source files are limited to 8 MiB. Split the definitions over several files and `import` them.',
  },
  // ── 1xxx syntax ─────────────────────────────────────────────────────────────
  FLY1001: {
    name: 'unexpected-token',
    severity: 'error',
    title: 'the parser found something it did not expect',
    explanation:
      'The statement does not follow the grammar in `docs/language.md`. The message says what was expected at that point. Each statement is parsed on its own, so mistakes further down are still reported.',
    example: 'app = Image.from_base("python:3.12-slim").',
  },
  FLY1002: {
    name: 'unclosed-bracket',
    severity: 'error',
    title: 'a bracket is opened but never closed',
    explanation:
      'An opening `(`, `[` or `{` has no matching closing bracket before the statement ends. A line that starts at column 1 with `name =` or `import` always starts a new statement, so an unclosed bracket never swallows the rest of the file; indent the arguments of multi-line calls.',
    example: 'app = Image.from_base("python:3.12-slim"\nother = app',
  },
  FLY1003: {
    name: 'unmatched-closing-bracket',
    severity: 'error',
    title: 'a closing bracket has no opening bracket',
    explanation: 'A `)`, `]` or `}` appears where no bracket of that kind is open. Remove it or add the opening bracket.',
    example: 'app = Image.from_base("python:3.12-slim"))',
  },
  FLY1004: {
    name: 'nesting-too-deep',
    severity: 'error',
    title: 'an expression is nested or chained too deeply',
    explanation:
      'flyimgc refuses brackets nested more than 64 levels deep and method chains longer than 2,000 calls, so that no input can exhaust the compiler. Split the expression into several bindings.',
  },
  FLY1005: {
    name: 'expected-binding',
    severity: 'error',
    title: 'a statement that is not a binding or an import',
    explanation:
      'At the top level a `.flyimg` file holds only `name = expression` bindings and `import "file.flyimg"` statements. An expression on its own would build an image nobody can refer to: give it a name.',
    example: 'Image.from_base("python:3.12-slim")',
  },
  FLY1006: {
    name: 'positional-after-keyword',
    severity: 'error',
    title: 'a positional argument follows a keyword argument',
    explanation: 'As in Python, positional arguments must come before keyword arguments in a call.',
    example: 'app = Image.from_debian_base(name="app", (3, 12))',
  },
  FLY1007: {
    name: 'unsupported-syntax',
    severity: 'error',
    title: 'Python syntax that `.flyimg` does not have',
    explanation:
      'The construct is valid Python but a `.flyimg` file is declarative data: there are no statements other than bindings and imports, no operators other than the `/` path join, and no loops, comprehensions, lambdas or `*args` unpacking. Write the value out.',
    example: 'app = Image.from_debian_base(name="app").with_pip_packages(*packages)',
  },
  FLY1008: {
    name: 'python-import',
    severity: 'warning',
    title: 'a Python import line, which is ignored',
    explanation:
      '`import flyte` or `from flyte import Image` lines pasted from Python are not needed: `Image`, `Secret` and `Path` are always available. The line is ignored; delete it. To use bindings of another file, write `import "other.flyimg"`.',
    example: 'from flyte import Image',
  },
  // ── 2xxx names ──────────────────────────────────────────────────────────────
  FLY2001: {
    name: 'unknown-name',
    severity: 'error',
    title: 'a name that is not defined',
    explanation:
      'The name is neither a builtin (`Image`, `Secret`, `Path`), nor a binding defined earlier in this file, nor a binding of an imported file. Check the spelling, define it before it is used, or `import` the file that defines it.',
    example: 'app = bsae.with_pip_packages("requests")',
  },
  FLY2002: {
    name: 'duplicate-binding',
    severity: 'error',
    title: 'a name is bound twice',
    explanation:
      'Every binding names one image, and the name is how the image is found in the outputs, so a name may be bound only once per file, and not also imported. Rename one of them.',
    example: 'app = Image.from_base("a")\napp = Image.from_base("b")',
  },
  FLY2003: {
    name: 'used-before-definition',
    severity: 'error',
    title: 'a binding is used before it is defined',
    explanation:
      'A binding can refer only to bindings defined above it (and to imported ones), which keeps every file readable top to bottom and rules out cycles. Move the definition up.',
    example: 'app = base.with_pip_packages("x")\nbase = Image.from_debian_base(name="base")',
  },
  FLY2004: {
    name: 'import-not-found',
    severity: 'error',
    title: 'an imported file does not exist',
    explanation: 'The path of an `import` is resolved relative to the importing file. The file it names does not exist or cannot be read.',
    example: 'import "common/base.flyimg"',
  },
  FLY2005: {
    name: 'import-cycle',
    severity: 'error',
    title: 'files import each other in a cycle',
    explanation: 'Imports must form a tree. Move the shared bindings into a file that both import.',
  },
  FLY2006: {
    name: 'import-conflict',
    severity: 'error',
    title: 'two imports define the same name',
    explanation: 'Two imported files both define a binding with this name, so a reference to it would be ambiguous. Rename one of the bindings.',
  },
  FLY2007: {
    name: 'empty-file',
    severity: 'warning',
    title: 'the file defines nothing',
    explanation: 'The file has no bindings and no imports. It may be a file saved empty by mistake.',
  },
  FLY2008: {
    name: 'invalid-import',
    severity: 'error',
    title: 'an import that is not a relative `.flyimg` path',
    explanation:
      'An import names another `.flyimg` file by a relative path written as a string literal, for example `import "common/base.flyimg"`. Absolute paths are refused so that a project builds the same on every machine.',
    example: 'import "/home/me/base.flyimg"',
  },
  // ── 9xxx command line and IO ────────────────────────────────────────────────
  FLY9001: {
    name: 'input-not-found',
    severity: 'error',
    title: 'a file or directory given on the command line does not exist',
    explanation: 'Check the path. Directories are searched recursively for `*.flyimg` files.',
  },
  FLY9002: {
    name: 'no-input-files',
    severity: 'error',
    title: 'a directory holds no `.flyimg` files',
    explanation: 'A directory given on the command line is searched recursively for `*.flyimg` files (skipping `node_modules` and hidden directories); none were found.',
  },
  FLY9003: {
    name: 'read-error',
    severity: 'error',
    title: 'a file could not be read',
    explanation: 'The operating system refused to read the file (for example for lack of permission). The message gives its reason.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type Code = keyof typeof CATALOG;

interface Extra {
  readonly related?: readonly Label[];
  readonly notes?: readonly string[];
  readonly help?: string | undefined;
}

function make(code: Code, message: string, primary: Label | undefined, extra: Extra = {}): Diagnostic {
  const entry: CatalogEntry = CATALOG[code];
  return {
    code,
    name: entry.name,
    severity: entry.severity,
    message,
    ...(primary ? { primary } : {}),
    related: extra.related ?? [],
    notes: extra.notes ?? [],
    ...(extra.help ? { help: extra.help } : {}),
  };
}

const here = (span: Span, message?: string): Label => (message === undefined ? { span } : { span, message });

/** One factory per code: the only way a pass builds a diagnostic. */
export const diag = {
  notUtf8Text: (span: Span, reason: 'nul' | 'invalid') =>
    make('FLY0001', 'this file is not UTF-8 text', here(span, reason === 'nul' ? 'a NUL byte' : 'not valid UTF-8'), {
      help: 'give flyimgc `.flyimg` source files; a binary file may have been passed by mistake',
    }),
  unterminatedString: (span: Span, triple: boolean) =>
    make('FLY0002', 'unterminated string', here(span, triple ? 'this string is never closed' : 'this string is not closed before the end of the line'), {
      help: triple ? 'add the closing triple quote' : 'add the closing quote; a string on one line cannot contain a raw line break (use `\\n`)',
    }),
  unexpectedCharacter: (span: Span, char: string) =>
    make('FLY0003', `unexpected character ${describeChar(char)}`, here(span, 'not valid here'), {
      help:
        char === '\\'
          ? 'a backslash may only continue a line when it is the last character on it'
          : char === ';'
            ? 'put each binding on its own line'
            : 'remove it, or put it inside a string',
    }),
  invalidEscape: (span: Span, escape: string) =>
    make('FLY0004', `invalid escape sequence \`${escape}\``, here(span), {
      help: 'write `\\\\` for a backslash, or use a raw string like r"..."',
    }),
  unsupportedStringPrefix: (span: Span, prefix: string) =>
    make('FLY0005', `\`${prefix}"..."\` strings are not supported`, here(span), {
      help: prefix.toLowerCase().includes('f') ? 'write the final text as a plain string; `.flyimg` files are not evaluated' : 'use a plain string',
    }),
  fileTooLarge: (span: Span, bytes: number) =>
    make('FLY0006', `this file is ${bytes} bytes; the limit is 8 MiB`, here(span), { help: 'split it into several files and `import` them' }),

  unexpectedToken: (span: Span, found: string, expected: string) =>
    make('FLY1001', `expected ${expected}, found ${found}`, here(span, `expected ${expected}`)),
  unclosedBracket: (open: Span, bracket: string, closedAt: Span | undefined) =>
    make('FLY1002', `\`${bracket}\` is never closed`, here(open, 'opened here'), {
      related: closedAt ? [here(closedAt, 'the statement ends here')] : [],
      help: `add \`${closingOf(bracket)}\`; a line starting at column 1 with \`name =\` starts a new statement, so indent the lines of a multi-line call`,
    }),
  unmatchedClosingBracket: (span: Span, bracket: string) =>
    make('FLY1003', `unmatched \`${bracket}\``, here(span, 'no bracket is open here'), { help: 'remove it, or add the opening bracket' }),
  nestingTooDeep: (span: Span, what: 'brackets' | 'chain', limit: number) =>
    make('FLY1004', what === 'brackets' ? `brackets are nested more than ${limit} levels deep` : `this expression has more than ${limit} calls and attributes in a row`, here(span), {
      help: 'split the expression into several bindings',
    }),
  expectedBinding: (span: Span) =>
    make('FLY1005', 'expected a binding `name = ...` or an `import`', here(span, 'this expression is not bound to a name'), {
      help: 'give the image a name, e.g. `app = ...`',
    }),
  positionalAfterKeyword: (span: Span, keyword: Span) =>
    make('FLY1006', 'positional argument follows keyword argument', here(span), {
      related: [here(keyword, 'keyword argument given here')],
      help: 'move the positional arguments before the keyword arguments',
    }),
  unsupportedSyntax: (span: Span, what: string, help: string) => make('FLY1007', `${what} is not supported in .flyimg files`, here(span), { help }),
  pythonImport: (span: Span) =>
    make('FLY1008', 'Python imports are not needed in .flyimg files; this line is ignored', here(span), {
      help: '`Image`, `Secret` and `Path` are always available; use `import "other.flyimg"` to use another file\'s bindings',
    }),

  unknownName: (span: Span, name: string, suggestion: string | undefined) =>
    make('FLY2001', `cannot find \`${name}\` in this file`, here(span, 'not defined'), {
      ...(suggestion ? { help: suggestion } : { help: 'define it above this line, or `import` the file that defines it' }),
    }),
  duplicateBinding: (span: Span, name: string, previous: Span, previousIsImport: boolean) =>
    make('FLY2002', `\`${name}\` is bound more than once`, here(span, 'bound again here'), {
      related: [here(previous, previousIsImport ? `\`${name}\` is also defined by this import` : 'first bound here')],
      help: 'rename one of the bindings',
    }),
  usedBeforeDefinition: (span: Span, name: string, definition: Span, selfReference: boolean) =>
    make('FLY2003', selfReference ? `\`${name}\` is used in its own definition` : `\`${name}\` is used before it is defined`, here(span, 'used here'), {
      related: [here(definition, selfReference ? 'defined here' : 'defined later here')],
      help: selfReference ? 'derive it from another image, e.g. `app = base.with_...`' : 'move the definition above its first use',
    }),
  importNotFound: (span: Span, path: string) =>
    make('FLY2004', `cannot find the imported file \`${path}\``, here(span, 'no such file'), {
      notes: ['import paths are resolved relative to the importing file'],
    }),
  importCycle: (span: Span, cycle: readonly string[]) =>
    make('FLY2005', `import cycle: ${cycle.join(' → ')}`, here(span, 'this import closes the cycle'), {
      help: 'move the shared bindings into a file that both import',
    }),
  importConflict: (span: Span, name: string, other: Span) =>
    make('FLY2006', `\`${name}\` is defined by two imported files`, here(span, `this import defines \`${name}\``), {
      related: [here(other, `so does this one`)],
      help: 'rename one of the bindings',
    }),
  emptyFile: (span: Span) => make('FLY2007', 'this file defines no images', here(span)),
  invalidImport: (span: Span, reason: 'absolute' | 'not-flyimg') =>
    make('FLY2008', reason === 'absolute' ? 'imports must use relative paths' : 'only `.flyimg` files can be imported', here(span), {
      help: reason === 'absolute' ? 'write the path relative to this file' : 'name a file ending in `.flyimg`',
    }),

  inputNotFound: (path: string) => make('FLY9001', `no such file or directory: \`${path}\``, undefined),
  noInputFiles: (path: string) => make('FLY9002', `no \`.flyimg\` files in \`${path}\``, undefined),
  readError: (path: string, reason: string) => make('FLY9003', `cannot read \`${path}\`: ${reason}`, undefined),
} as const;

function closingOf(bracket: string): string {
  return bracket === '(' ? ')' : bracket === '[' ? ']' : '}';
}

function describeChar(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp < 0x20 || cp === 0x7f) return hex;
  return `\`${char}\` (${hex})`;
}
