// The language server inside the .vsix: flyimgc's own CLI running `flyimgc lsp`, bundled with the whole
// compiler by scripts/package-vscode.mjs into dist/server.mjs, so the extension needs nothing installed.
// The language client starts it with Node (VS Code's own) and adds `--stdio`, which `lsp` accepts.
import { main } from '../../src/cli/main.ts';

process.exitCode = await main(['lsp', ...process.argv.slice(2).filter((arg) => arg === '--stdio')]);
