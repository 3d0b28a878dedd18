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

export const lspHelp = `Usage: flyimgc lsp

Run the flyimgc language server over stdin and stdout (the Language Server
Protocol). Editors start it themselves; the VS Code extension in
editors/vscode does. It checks open .flyimg files as you type (the same
diagnostics as 'flyimgc check'), and offers quick fixes, hover (signatures,
parameters, an image's tag and Dockerfile, and whether the tag exists in
its registry once asked with the flyimg/checkRegistry request), completion,
go to definition, find references, document symbols and formatting
('flyimgc fmt'). A malformed message is logged on stderr and skipped.

Options:
  -h, --help  show this help

Exit status: 0 after the client's shutdown and exit, 1 if the client went
away without them.
`;

export async function runLsp(ctx: CliContext): Promise<number> {
  const { startServer } = await import('../../lsp/server.js');
  const { checkExistence, defaultCredentials } = await import('../existence.js');
  const credentials = defaultCredentials(ctx.env);
  const code = await startServer(process.stdin, ctx.stdout, {
    cwd: ctx.cwd,
    log: (message) => ctx.stderr.write(message),
    host: machineForLsp,
    // Only on the editor's "check the registry" request; over https only (no --insecure-registry here).
    checkRegistry: (uri, platforms) => checkExistence(uri, platforms, [], credentials),
  });
  // A readable stdin keeps the process alive; the client is gone, so let go of it.
  process.stdin.destroy();
  return code;
}
