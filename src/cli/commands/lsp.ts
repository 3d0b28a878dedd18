/**
 * `flyimgc lsp`: the language server, over stdin/stdout, until the client says `exit`. The server is
 * loaded only when the command runs, so that `--help` stays instant.
 */
import type { LspHost } from '../../lsp/host.js';
import type { CliContext } from '../context.js';
import { findInputs, nodeHost } from '../io.js';

/** The real machine, for the server: files under the workspace folder, and the process table. */
export const machineForLsp: LspHost = {
  files: (root) => nodeHost(root),
  findFlyimgFiles: (root) => findInputs([root], root).files,
  processAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  },
};

export async function runLsp(ctx: CliContext): Promise<number> {
  const { startServer } = await import('../../lsp/server.js');
  const { checkExistence, defaultCredentials } = await import('../existence.js');
  const credentials = defaultCredentials(ctx.env);
  // Loaded up front (about 50 ms): the analyses are synchronous, and a project may set `copy_style = "none"`
  // at any time while the server runs.
  const python = await (await import('../pythonParser.js')).loadPythonParser();
  const code = await startServer(process.stdin, ctx.stdout, {
    cwd: ctx.cwd,
    log: (message) => ctx.stderr.write(message),
    host: { ...machineForLsp, python },
    // Only on the editor's "check the registry" request; over https only (no --insecure-registry here).
    checkRegistry: (uri, platforms) => checkExistence(uri, platforms, [], credentials),
  });
  // A readable stdin keeps the process alive; the client is gone, so let go of it.
  process.stdin.destroy();
  return code;
}
