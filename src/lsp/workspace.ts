/**
 * What the server knows: the open documents, and analyses of them made with the same compiler passes as
 * the CLI. Analyses are cached until anything changes (an edit, an opened or closed document, a file
 * changed on disk), so hover, completion and the rest of one keystroke share one analysis. After an edit,
 * an analysis is made incrementally (src/incremental/analyzer.ts): only what the edit can change is
 * parsed, evaluated and checked again; a change on disk starts every analysis afresh.
 */
import { posix } from 'node:path';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DEFAULT_ANALYZE_OPTIONS, type Analysis, type AnalyzeOptions } from '../analyze.js';
import { IncrementalAnalyzer } from '../incremental/analyzer.js';
import { compile, type CompileResult } from '../compile.js';
import type { HostFiles } from '../host.js';
import type { LspHost } from './host.js';
import { DEFAULT_TOOL_IMAGES } from '../ir/ir.js';
import type * as Ast from '../syntax/ast.js';
import { overlayHost } from './overlayHost.js';
import { PathMapper } from './paths.js';
import { bindingSlice } from './slice.js';

interface Cached<T> {
  readonly generation: number;
  readonly value: T;
}

export class Workspace {
  readonly paths: PathMapper;
  readonly host: HostFiles;
  private readonly analyzeOptions: AnalyzeOptions;
  private readonly documents = new Map<string, TextDocument>();
  /** Files that exist only while hover compiles them (binding slices). */
  private readonly virtual = new Map<string, string>();
  private generation = 0;
  private readonly analyses = new Map<string, Cached<Analysis>>();
  private readonly compiled = new Map<string, Cached<CompileResult>>();
  private compiledGeneration = 0;
  private whole: Cached<Analysis> | undefined;
  /** One incremental analyzer per open document (its analysis), and one for the whole workspace. */
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();
  private wholeAnalyzer: { readonly roots: string; readonly analyzer: IncrementalAnalyzer } | undefined;

  /** `root` is the workspace folder; `scanRoot` says whether to search it for every .flyimg file (references). */
  constructor(
    root: string,
    private readonly scanRoot: boolean,
    private readonly machine: LspHost,
  ) {
    this.analyzeOptions = machine.python ? { ...DEFAULT_ANALYZE_OPTIONS, python: machine.python } : DEFAULT_ANALYZE_OPTIONS;
    this.paths = new PathMapper(root);
    this.host = overlayHost(
      machine.files(root),
      (p) => this.documents.get(p)?.getText() ?? this.virtual.get(p),
      () => [...this.documents.keys(), ...this.virtual.keys()],
    );
  }

  open(uri: string, text: string, version: number): string {
    const path = this.paths.toPath(uri);
    this.documents.set(path, TextDocument.create(uri, 'flyimg', version, text));
    this.generation++;
    return path;
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): string {
    const path = this.paths.toPath(uri);
    const document = this.documents.get(path);
    if (document) this.documents.set(path, TextDocument.update(document, [...changes], version));
    this.generation++;
    return path;
  }

  close(uri: string): string {
    const path = this.paths.toPath(uri);
    this.documents.delete(path);
    this.analyses.delete(path);
    this.analyzers.delete(path);
    this.compiled.delete(path);
    this.generation++;
    return path;
  }

  /** Something changed on disk: every analysis may be stale. */
  filesChanged(): void {
    this.generation++;
    for (const analyzer of this.analyzers.values()) analyzer.forget();
    this.wholeAnalyzer?.analyzer.forget();
  }

  openPaths(): string[] {
    return [...this.documents.keys()];
  }

  document(path: string): TextDocument | undefined {
    return this.documents.get(path);
  }

  /** The text of a file as an analysis read it, for turning offsets into positions. */
  textDocument(path: string, analysis: Analysis): TextDocument | undefined {
    const open = this.documents.get(path);
    if (open) return open;
    const source = analysis.sources.get(path);
    return source ? TextDocument.create(this.paths.toUri(path), 'flyimg', 0, source.text) : undefined;
  }

  /** `path` and everything it imports, as `flyimgc check path` sees it. */
  analysis(path: string): Analysis {
    return this.cached(this.analyses, path, () => {
      let analyzer = this.analyzers.get(path);
      if (!analyzer) this.analyzers.set(path, (analyzer = new IncrementalAnalyzer([path], this.analyzeOptions)));
      return analyzer.analyze(this.host);
    });
  }

  /** Every .flyimg file of the workspace and every open document: for references across imports. */
  workspaceAnalysis(): Analysis {
    if (this.whole?.generation !== this.generation) {
      const onDisk = this.scanRoot ? this.machine.findFlyimgFiles(this.paths.root) : [];
      const roots = [...new Set([...onDisk, ...this.documents.keys()])].sort();
      const key = roots.join('\0');
      if (this.wholeAnalyzer?.roots !== key) this.wholeAnalyzer = { roots: key, analyzer: new IncrementalAnalyzer(roots, this.analyzeOptions) };
      this.whole = { generation: this.generation, value: this.wholeAnalyzer.analyzer.analyze(this.host) };
    }
    return this.whole.value;
  }

  /**
   * The compilation that defines `binding` of `path`, as `flyimgc compile` would make it (tags,
   * Dockerfiles), for hover: the whole file, or, when that has errors, the binding's slice.
   */
  compilationFor(path: string, binding: Ast.Binding): { readonly result: CompileResult; readonly file: string } {
    // Slices are keyed by their text, so old ones would pile up: start afresh after every change.
    if (this.compiledGeneration !== this.generation) this.compiled.clear();
    this.compiledGeneration = this.generation;
    const whole = this.cached(this.compiled, path, () => this.compile(path));
    if (!whole.diagnostics.some((d) => d.severity === 'error')) return { result: whole, file: path };
    const text = bindingSlice(this.analysis(path), path, binding);
    if (text === undefined) return { result: whole, file: path };
    const slice = posix.join(posix.dirname(path), `.${binding.name.name}.hover.flyimg`);
    return {
      result: this.cached(this.compiled, `${slice}\0${text}`, () => {
        this.virtual.set(slice, text);
        try {
          return this.compile(slice);
        } finally {
          this.virtual.delete(slice);
        }
      }),
      file: slice,
    };
  }

  private compile(path: string): CompileResult {
    return compile([path], this.host, { ...this.analyzeOptions, tools: DEFAULT_TOOL_IMAGES });
  }

  private cached<T>(cache: Map<string, Cached<T>>, path: string, make: () => T): T {
    const hit = cache.get(path);
    if (hit?.generation === this.generation) return hit.value;
    const value = make();
    cache.set(path, { generation: this.generation, value });
    return value;
  }
}
