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
import { parseSource, type Parsed } from '../syntax/parse.js';
import { pushAll } from '../util/pushAll.js';

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

/** `parse` turns a decoded file into its AST: `parseSource`, or an incremental parser that reuses what it parsed before. */
export function loadProgram(roots: readonly string[], host: HostFiles, parse: (source: SourceFile) => Parsed = parseSource): Loaded {
  const files = new Map<string, ProgramFile>();
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();

  /** A file being loaded: its imports are followed one at a time, depth-first. */
  interface Frame {
    readonly path: string;
    readonly source: SourceFile;
    readonly ast: Ast.FileNode;
    readonly statements: readonly Ast.Import[];
    next: number;
    readonly imports: ResolvedImport[];
    /** The import whose target is being loaded (one frame up the stack). */
    waiting?: { readonly node: Ast.Import; readonly target: string };
  }

  /** Reads and parses `path`: a frame to follow its imports, or whether it was already loaded. */
  const open = (path: string): Frame | boolean => {
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
    pushAll(diagnostics, decoded.diagnostics);
    const parsed = decoded.ok ? parse(decoded.source) : undefined;
    if (parsed) pushAll(diagnostics, parsed.diagnostics);
    const ast: Ast.FileNode = parsed?.ast ?? { kind: 'File', span: { file: path, start: 0, end: 0 }, statements: [], comments: [] };
    const statements = ast.statements.filter((s): s is Ast.Import => s.kind === 'Import');
    return { path, source: decoded.source, ast, statements, next: 0, imports: [] };
  };

  /** Where an import points, or undefined (reported) when it cannot be a `.flyimg` file. */
  const targetOf = (node: Ast.Import, importer: string): string | undefined => {
    const written = node.path.value;
    if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) {
      diagnostics.push(diag.invalidImport(node.path.span, 'absolute'));
      return undefined;
    }
    if (!written.endsWith('.flyimg')) {
      diagnostics.push(diag.invalidImport(node.path.span, 'not-flyimg'));
      return undefined;
    }
    return posix.normalize(posix.join(posix.dirname(importer), written.replace(/\\/g, '/')));
  };

  const loaded = (node: Ast.Import, target: string, ok: boolean): string | undefined => {
    if (ok) return target;
    // A file that exists but cannot be read (or is a FIFO, a device) was reported by `open`, with why.
    const kind = host.stat(target)?.kind;
    if (kind === undefined || kind === 'directory') diagnostics.push(diag.importNotFound(node.path.span, node.path.value));
    return undefined;
  };

  /**
   * Loads `root` and, depth-first, what it imports, with an explicit stack: an import chain thousands of
   * files deep must not overflow the call stack. Files are added when all they import is loaded.
   */
  const load = (root: string): boolean => {
    const first = open(root);
    if (typeof first === 'boolean') return first;
    const stack: Frame[] = [first];
    const onStack = new Map<string, number>([[root, 0]]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.statements.length) {
        const node = frame.statements[frame.next++]!;
        const target = targetOf(node, frame.path);
        if (target === undefined) {
          frame.imports.push({ node, target: undefined });
          continue;
        }
        const cycleStart = onStack.get(target);
        if (cycleStart !== undefined) {
          diagnostics.push(diag.importCycle(node.path.span, [...stack.slice(cycleStart).map((f) => f.path), target]));
          frame.imports.push({ node, target: undefined });
          continue;
        }
        // The same containment rule as copies for links: an import written inside the project may not be a
        // link that leads out of it. (An import written with `..` names its file openly and stays allowed.)
        const root = projectRoot(host, posix.dirname(frame.path));
        const writtenInside = !posix.isAbsolute(target) && !posix.relative(root, target).startsWith('..');
        if (writtenInside && linkOutOf(host, target, root) !== undefined) {
          diagnostics.push(diag.pathOutsideProject(node.path.span, node.path.value, 'symlink', root));
          frame.imports.push({ node, target: undefined });
          continue;
        }
        const child = open(target);
        if (typeof child === 'boolean') {
          frame.imports.push({ node, target: loaded(node, target, child) });
          continue;
        }
        frame.waiting = { node, target };
        onStack.set(target, stack.length);
        stack.push(child);
        continue;
      }
      stack.pop();
      onStack.delete(frame.path);
      files.set(frame.path, { path: frame.path, source: frame.source, ast: frame.ast, imports: frame.imports });
      const parent = stack[stack.length - 1];
      if (parent?.waiting) {
        parent.imports.push({ node: parent.waiting.node, target: loaded(parent.waiting.node, parent.waiting.target, true) });
        delete parent.waiting;
      }
    }
    return true;
  };

  for (const root of roots) {
    if (!load(root) && !host.stat(root)) diagnostics.push(diag.inputNotFound(root));
  }
  return { program: { files, roots }, sources, diagnostics };
}
