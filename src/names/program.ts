/**
 * Loads the files a compilation is about, and every file they import, through HostFiles.
 * Each file is read, decoded and parsed once, however many files import it.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import { linkOutOf, projectRoot } from '../files/project.js';
import { TEXT_INPUT_LIMIT, type HostFiles } from '../host.js';
import type { SourceFile } from '../source.js';
import type * as Ast from '../syntax/ast.js';
import { decodeSource } from '../syntax/decode.js';
import { parseSource } from '../syntax/parse.js';

export interface ResolvedImport {
  readonly node: Ast.Import;
  /** The imported file's path, or undefined when it could not be loaded or closes a cycle. */
  readonly target: string | undefined;
}

export interface ProgramFile {
  readonly path: string;
  readonly source: SourceFile;
  readonly ast: Ast.FileNode;
  readonly imports: readonly ResolvedImport[];
}

export interface Program {
  /** Every loaded file by path, in the order they were first reached. */
  readonly files: ReadonlyMap<string, ProgramFile>;
  /** The files asked for (not only imported), in the order given. */
  readonly roots: readonly string[];
}

export interface Loaded {
  readonly program: Program;
  /** Every source read, including ones that could not be parsed, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly diagnostics: readonly Diagnostic[];
}

export function loadProgram(roots: readonly string[], host: HostFiles): Loaded {
  const files = new Map<string, ProgramFile>();
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  const loading: string[] = [];

  /** Loads `path` and, depth-first, what it imports; returns false if the file could not be loaded. */
  const load = (path: string): boolean => {
    if (files.has(path)) return true;
    if (failed.has(path)) return false;
    const read = host.readFile(path, { maxBytes: TEXT_INPUT_LIMIT });
    if (!read.ok) {
      failed.add(path);
      if (!read.missing) diagnostics.push(diag.readError(path, read.reason));
      return false;
    }
    const decoded = decodeSource(path, read.bytes);
    sources.set(path, decoded.source);
    diagnostics.push(...decoded.diagnostics);
    const parsed = decoded.ok ? parseSource(decoded.source) : undefined;
    if (parsed) diagnostics.push(...parsed.diagnostics);
    const ast: Ast.FileNode = parsed?.ast ?? { kind: 'File', span: { file: path, start: 0, end: 0 }, statements: [], comments: [] };

    loading.push(path);
    const imports: ResolvedImport[] = [];
    for (const statement of ast.statements) {
      if (statement.kind !== 'Import') continue;
      imports.push({ node: statement, target: resolveImport(statement, path) });
    }
    loading.pop();
    files.set(path, { path, source: decoded.source, ast, imports });
    return true;
  };

  const resolveImport = (node: Ast.Import, importer: string): string | undefined => {
    const written = node.path.value;
    if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) {
      diagnostics.push(diag.invalidImport(node.path.span, 'absolute'));
      return undefined;
    }
    if (!written.endsWith('.flyimg')) {
      diagnostics.push(diag.invalidImport(node.path.span, 'not-flyimg'));
      return undefined;
    }
    const target = posix.normalize(posix.join(posix.dirname(importer), written.replace(/\\/g, '/')));
    const cycleStart = loading.indexOf(target);
    if (cycleStart >= 0) {
      diagnostics.push(diag.importCycle(node.path.span, [...loading.slice(cycleStart), target]));
      return undefined;
    }
    // The same containment rule as copies: an import may not be a link that leads out of the project.
    const root = projectRoot(host, posix.dirname(importer));
    if (linkOutOf(host, target, root) !== undefined) {
      const climbs = posix.relative(root, target).startsWith('..') || posix.isAbsolute(written);
      diagnostics.push(diag.pathOutsideProject(node.path.span, written, climbs ? (posix.isAbsolute(written) ? 'absolute' : 'parent') : 'symlink', root));
      return undefined;
    }
    if (!load(target)) {
      // A file that exists but cannot be read (or is a FIFO, a device) was reported by `load`, with why.
      const kind = host.stat(target)?.kind;
      if (kind === undefined || kind === 'directory') diagnostics.push(diag.importNotFound(node.path.span, written));
      return undefined;
    }
    return target;
  };

  for (const root of roots) {
    if (!load(root) && !host.stat(root)) diagnostics.push(diag.inputNotFound(root));
  }
  return { program: { files, roots }, sources, diagnostics };
}
