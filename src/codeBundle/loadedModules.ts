/**
 * `with_code_bundle(copy_style="loaded_modules")` baked in: the files of the Python modules a deploy would
 * have loaded. flyte-sdk takes them from `sys.modules` after running the user's entry point (widened by
 * ruff's static import graph); flyimgc cannot run Python, so it follows the imports statically, starting
 * from the entry modules the user names: `import a.b`, `from a import b` (b may be a submodule), relative
 * imports, anywhere in a file. A module counts when its file lies under `root_dir` (flyte's rule: installed
 * packages and the standard library never do); importing `a.b` loads `a/__init__.py` first, as Python does.
 * Not seen: imports by name at run time (`importlib.import_module(x)`, `__import__`).
 */
import { posix } from 'node:path';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { HostFiles } from '../host.js';
import type { SourceFile } from '../source.js';
import { decodeSource } from '../syntax/decode.js';
import type { PythonImport, PythonParser } from './python.js';

export interface EntryModule {
  /** Host path of the `.py` file. */
  readonly path: string;
  /** Where it was named (`[flyte] entry` in flyimg.toml); absent when named on the command line. */
  readonly span?: Span;
}

export interface LoadedModules {
  /** Host paths, sorted by code point (flyte-sdk sorts the full paths). */
  readonly files: readonly string[];
  /** The Python files read, for rendering diagnostics located in them. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly diagnostics: readonly Diagnostic[];
}

export function loadedModules(entries: readonly EntryModule[], rootDir: string, host: HostFiles, parse: PythonParser): LoadedModules {
  const files = new Set<string>();
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const queue: string[] = [];
  const add = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    queue.push(path);
  };

  for (const entry of entries) {
    const stat = host.stat(entry.path);
    if (stat?.kind !== 'file') {
      diagnostics.push(diag.entryModuleNotFound(entry.span, entry.path, stat ? 'not a file' : 'does not exist'));
      continue;
    }
    const rel = inside(rootDir, entry.path);
    if (rel === undefined || !rel.endsWith('.py')) {
      diagnostics.push(diag.entryModuleNotFound(entry.span, entry.path, rel === undefined ? `is not under root_dir \`${rootDir}\`` : 'is not a `.py` file'));
      continue;
    }
    // An entry is imported as the module its path names, so its packages' `__init__.py` load first.
    const parts = rel.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) addIfFile(host, posix.join(rootDir, ...parts.slice(0, i), '__init__.py'), add);
    add(entry.path);
  }

  while (queue.length > 0) {
    const file = queue.shift()!;
    const read = host.readFile(file);
    if (!read.ok) {
      diagnostics.push(diag.readError(file, read.reason));
      continue;
    }
    const decoded = decodeSource(file, read.bytes);
    sources.set(file, decoded.source);
    if (!decoded.ok) {
      diagnostics.push(...decoded.diagnostics);
      continue;
    }
    const parsed = parse(decoded.source.text);
    for (const error of parsed.errors) diagnostics.push(diag.pythonSyntaxError({ file, start: error.start, end: error.end }, error.what));
    const pkg = packageOf(rootDir, file);
    for (const imported of parsed.imports) for (const target of moduleFiles(imported, pkg, rootDir, host)) add(target);
  }
  return { files: [...files].sort(codePointOrder), sources, diagnostics };
}

/** The package a module file belongs to, as path parts under root: `a/b.py` → [a]; `a/__init__.py` → [a]. */
function packageOf(rootDir: string, file: string): string[] {
  const rel = inside(rootDir, file) ?? '';
  return rel.split('/').slice(0, -1);
}

/** The files an import loads: every package on the way, then the module, then submodules named by `from`. */
function moduleFiles(imported: PythonImport, pkg: readonly string[], rootDir: string, host: HostFiles): string[] {
  let base: string[];
  if (imported.level === 0) base = imported.module.split('.');
  else {
    const up = imported.level - 1;
    // Above the top-level package: Python raises ImportError; nothing of ours is loaded.
    if (up > pkg.length) return [];
    base = [...pkg.slice(0, pkg.length - up), ...(imported.module ? imported.module.split('.') : [])];
  }
  const out: string[] = [];
  const collect = (path: string) => addIfFile(host, path, (p) => out.push(p));
  // Relative imports start inside a package that is already loaded.
  const first = imported.level === 0 ? 1 : Math.max(1, base.length - (imported.module ? imported.module.split('.').length : 0) + 1);
  for (let i = first; i <= base.length; i++) {
    const parts = base.slice(0, i);
    const dir = posix.join(rootDir, ...parts);
    if (host.stat(dir)?.kind === 'directory') collect(posix.join(dir, '__init__.py'));
    else if (host.stat(`${dir}.py`)?.kind === 'file') {
      collect(`${dir}.py`);
      // A module is not a package: nothing below it is a module, and `from m import x` names an attribute.
      return out;
    } else return out;
  }
  for (const name of imported.names) {
    if (name === '*' || name.includes('.')) continue;
    const sub = posix.join(rootDir, ...base, name);
    if (host.stat(sub)?.kind === 'directory') collect(posix.join(sub, '__init__.py'));
    else collect(`${sub}.py`);
  }
  return out;
}

function addIfFile(host: HostFiles, path: string, add: (path: string) => void): void {
  if (host.stat(path)?.kind === 'file') add(path);
}

/** `path` relative to `dir` when it lies below it, else undefined. */
function inside(dir: string, path: string): string | undefined {
  const rel = posix.relative(dir, path);
  return rel === '' || rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel) ? undefined : rel;
}

function codePointOrder(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
