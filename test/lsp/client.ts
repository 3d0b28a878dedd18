import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { REPO_ROOT } from '../helpers/cli.js';

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  source: string;
  message: string;
  relatedInformation?: { location: { uri: string }; message: string }[];
}

/**
 * `flyimgc lsp` as editors run it: a child process spoken to over stdio with JSON-RPC (vscode-jsonrpc,
 * the library VS Code's client is built on). Until `lsp` is registered in src/cli/main.ts, the command
 * module is started the way main.ts will start it.
 */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly diagnostics = new Map<string, Diagnostic[][]>();
  private readonly waiting: { uri: string; resolve: (d: Diagnostic[]) => void; count: number }[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  private constructor(private readonly child: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params.diagnostics);
      this.diagnostics.set(params.uri, list);
      for (const w of [...this.waiting]) {
        if (w.uri === params.uri && list.length >= w.count) {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          w.resolve(params.diagnostics);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection.listen();
  }

  static start(cwd: string): LspClient {
    const registered = readFileSync(join(REPO_ROOT, 'dist/cli/main.js'), 'utf8').includes('commands/lsp.js');
    const module = pathToFileURL(join(REPO_ROOT, 'dist/cli/commands/lsp.js')).href;
    const args = registered
      ? [join(REPO_ROOT, 'bin/flyimgc.js'), 'lsp']
      : ['--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); process.exitCode = await m.runLsp({ cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });`];
    return new LspClient(spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** Resolves with the `count`-th diagnostics published for `uri` (counting from the first). */
  diagnosticsFor(uri: string, count = 1): Promise<Diagnostic[]> {
    const list = this.diagnostics.get(uri) ?? [];
    if (list.length >= count) return Promise.resolve(list[count - 1]!);
    return new Promise((resolve) => this.waiting.push({ uri, resolve, count }));
  }

  publishedCount(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** `params` undefined sends none (`shutdown`, `exit`), as clients do. */
  request<T>(method: string, params?: unknown): Promise<T> {
    return (params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params)) as Promise<T>;
  }

  notify(method: string, params?: unknown): Promise<void> {
    return params === undefined ? this.connection.sendNotification(method) : this.connection.sendNotification(method, params);
  }

  kill(): void {
    this.child.kill();
  }
}
