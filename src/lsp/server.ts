/**
 * `flyimgc lsp`: a language server over stdio, built on the compiler's own passes (src/analyze.ts,
 * src/compile.ts), so the editor reports exactly what `flyimgc check` reports. The connection is made
 * here with our own "watchdog", so that the `exit` notification ends `startServer`'s promise with an exit
 * code instead of the library calling process.exit.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  RequestType,
  type TextDocumentPositionParams,
  type TextEdit,
} from 'vscode-languageserver';
import { StreamMessageReader, StreamMessageWriter, createProtocolConnection } from 'vscode-languageserver/node';
import { formatSource } from '../format/format.js';
import { codeActions } from './codeActions.js';
import { complete } from './completion.js';
import { documentDiagnostics } from './diagnostics.js';
import { hover } from './hover.js';
import { dockerfileAt, explanationAt, registryCheckAt, type ImageCommandResult } from './imageCommands.js';
import { RegistryStatus, type RegistryChecker } from './registryStatus.js';
import { definition, documentSymbols, references } from './navigation.js';
import { FrameFilter } from './frames.js';
import type { LspHost } from './host.js';
import { Workspace } from './workspace.js';

export interface ServerOptions {
  /** The directory used when the client names no workspace folder. */
  readonly cwd: string;
  /** Where the protocol layer reports what it cannot send to the client (malformed messages). */
  readonly log: (message: string) => void;
  /** The files, the workspace's `.flyimg` files and the process table: the machine, passed in. */
  readonly host: LspHost;
  /** Asks a registry whether a tag exists (only on the `flyimg/checkRegistry` request); absent: never asked. */
  readonly checkRegistry?: RegistryChecker;
}

/** What the client may pass as `initializationOptions`. */
interface InitializationOptions {
  /** How long to wait after the last edit before checking, in ms (default 150). */
  readonly debounceMs?: number;
}

export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: ServerOptions): Promise<number> {
  return new Promise((resolve) => {
    let shutdown = false;
    let parentWatch: NodeJS.Timeout | undefined;
    // The protocol layer's own complaints go to stderr: the client may be gone when they happen.
    const log = (message: string) => options.log(`flyimgc lsp: ${message}\n`);
    // Malformed frames are skipped (and logged) before the library's reader, which would wedge on them.
    const frames = new FrameFilter(log);
    input.pipe(frames);
    const reader = new StreamMessageReader(frames);
    const writer = new StreamMessageWriter(output);
    reader.onError((error) => log(`could not read a message: ${error.message}`));
    let stop = () => {};
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      stop();
      if (parentWatch) clearInterval(parentWatch);
      resolve(code);
    };
    const watchDog = {
      initialize: (params: InitializeParams) => {
        // The client may die without saying goodbye; the protocol asks servers to notice.
        const parent = params.processId;
        if (typeof parent === 'number') {
          parentWatch = setInterval(() => {
            if (!options.host.processAlive(parent)) finish(1);
          }, 3000);
          parentWatch.unref();
        }
      },
      get shutdownReceived() {
        return shutdown;
      },
      set shutdownReceived(value: boolean) {
        shutdown = value;
      },
      exit: (code: number) => finish(code),
    };
    const logger = { error: log, warn: log, info: log, log };
    const connection = createConnection(() => createProtocolConnection(reader, writer, logger), watchDog);
    reader.onClose(() => finish(shutdown ? 0 : 1));
    stop = serve(connection, options);
    connection.listen();
  });
}

/** The requests behind the editor commands (editors/vscode/extension.js sends them). */
export const DOCKERFILE_REQUEST = new RequestType<TextDocumentPositionParams, ImageCommandResult, void>('flyimg/dockerfile');
export const EXPLAIN_REQUEST = new RequestType<TextDocumentPositionParams, ImageCommandResult, void>('flyimg/explain');
export const CHECK_REGISTRY_REQUEST = new RequestType<TextDocumentPositionParams, ImageCommandResult, void>('flyimg/checkRegistry');

/** Registers every handler; returns what stops pending work. */
function serve(connection: Connection, options: ServerOptions): () => void {
  let workspace = new Workspace(options.cwd, false, options.host);
  let debounceMs = 150;
  const registry = new RegistryStatus(options.checkRegistry);
  const timers = new Map<string, NodeJS.Timeout>();

  const publish = (path: string) => {
    const document = workspace.document(path);
    if (!document) return;
    const diagnostics = documentDiagnostics(workspace, workspace.analysis(path), path);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };
  /** Checks `first` soon, then every other open document (any of them may import it). */
  const schedule = (first: string) => {
    for (const path of [first, ...workspace.openPaths().filter((p) => p !== first)]) {
      clearTimeout(timers.get(path));
      const delay = path === first ? debounceMs : debounceMs + 50;
      timers.set(
        path,
        setTimeout(() => {
          timers.delete(path);
          publish(path);
        }, delay),
      );
    }
  };

  connection.onInitialize((params): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = folder?.startsWith('file:') ? fileURLToPath(folder) : options.cwd;
    workspace = new Workspace(root, folder !== undefined, options.host);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '(', ','] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'flyimgc' },
    };
  });

  connection.onDidOpenTextDocument(({ textDocument }) => schedule(workspace.open(textDocument.uri, textDocument.text, textDocument.version)));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => schedule(workspace.change(textDocument.uri, contentChanges, textDocument.version)));
  connection.onDidCloseTextDocument(({ textDocument }) => {
    const path = workspace.close(textDocument.uri);
    clearTimeout(timers.get(path));
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => {
    workspace.filesChanged();
    const [first] = workspace.openPaths();
    if (first) schedule(first);
  });

  const at = (uri: string, position: { line: number; character: number }) => {
    const path = workspace.paths.toPath(uri);
    const document = workspace.document(path);
    return document ? { path, offset: document.offsetAt(position) } : undefined;
  };
  connection.onHover(({ textDocument, position }) => {
    const where = at(textDocument.uri, position);
    return where ? hover(workspace, where.path, where.offset, registry) : null;
  });
  connection.onCompletion(({ textDocument, position }) => {
    const where = at(textDocument.uri, position);
    return where ? complete(workspace, where.path, where.offset) : [];
  });
  connection.onDefinition(({ textDocument, position }) => {
    const where = at(textDocument.uri, position);
    return where ? definition(workspace, where.path, where.offset) : null;
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const where = at(textDocument.uri, position);
    return where ? references(workspace, where.path, where.offset, context.includeDeclaration) : [];
  });
  // Custom requests behind the editor commands "show the Dockerfile" and "explain the tag".
  const notOpen: ImageCommandResult = { ok: false, message: 'the file is not open' };
  connection.onRequest(DOCKERFILE_REQUEST, ({ textDocument, position }): ImageCommandResult => {
    const where = at(textDocument.uri, position);
    return where ? dockerfileAt(workspace, where.path, where.offset) : notOpen;
  });
  connection.onRequest(EXPLAIN_REQUEST, ({ textDocument, position }): ImageCommandResult => {
    const where = at(textDocument.uri, position);
    return where ? explanationAt(workspace, where.path, where.offset) : notOpen;
  });
  // Asynchronous: the registry's answer may take seconds, and other requests are served meanwhile.
  connection.onRequest(CHECK_REGISTRY_REQUEST, async ({ textDocument, position }): Promise<ImageCommandResult> => {
    const where = at(textDocument.uri, position);
    return where ? registryCheckAt(workspace, registry, where.path, where.offset) : notOpen;
  });
  connection.onCodeAction(({ textDocument, range }) => {
    const path = workspace.paths.toPath(textDocument.uri);
    const document = workspace.document(path);
    return document ? codeActions(workspace, path, document.offsetAt(range.start), document.offsetAt(range.end)) : [];
  });
  connection.onDocumentSymbol(({ textDocument }) => documentSymbols(workspace, workspace.paths.toPath(textDocument.uri)));
  connection.onDocumentFormatting(({ textDocument }): TextEdit[] => {
    const path = workspace.paths.toPath(textDocument.uri);
    const document = workspace.document(path);
    if (!document) return [];
    const result = formatSource(document.getText(), path);
    if (!result.ok || result.text === document.getText()) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, newText: result.text }];
  });

  return () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
