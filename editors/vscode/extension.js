// @ts-check
// The flyimg extension: the language, its grammar (contributed in package.json), and the flyimgc language
// server, bundled into this extension (dist/server.mjs, built from src/ by scripts/package-vscode.mjs), so
// it works with nothing else installed. `flyimg.server.path` names another flyimgc to run instead.
'use strict';
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/**
 * How to start the server: the configured flyimgc, else the bundled one, run by VS Code's own Node.
 * @param {import('vscode').ExtensionContext} context
 * @returns {{ serverOptions: import('vscode-languageclient/node').ServerOptions, description: string }}
 */
function serverOptions(context) {
  const configured = vscode.workspace.getConfiguration('flyimg').get('server.path');
  if (typeof configured === 'string' && configured !== '') {
    // No `transport`: the client would add `--stdio`; `flyimgc lsp` always speaks over stdio.
    return { serverOptions: { command: configured, args: ['lsp'], options: { shell: process.platform === 'win32' } }, description: `${configured} lsp` };
  }
  const module = context.asAbsolutePath(path.join('dist', 'server.mjs'));
  return { serverOptions: { module, transport: TransportKind.stdio }, description: 'the bundled flyimgc language server' };
}

/**
 * Runs one of the server's image requests for the cursor and shows its text in a new editor.
 * @param {string} method
 * @param {string} language
 */
async function showImageText(method, language) {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'flyimg') {
    void vscode.window.showInformationMessage('flyimg: open a .flyimg file and put the cursor on an image.');
    return;
  }
  /** @type {{ ok: true, image: string, text: string } | { ok: false, message: string }} */
  const result = await client.sendRequest(method, {
    textDocument: { uri: editor.document.uri.toString() },
    position: editor.selection.active,
  });
  if (!result.ok) {
    void vscode.window.showWarningMessage(`flyimg: ${result.message}`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ content: result.text, language });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/** Asks the server to look the tag up (in the background); hover shows the answer from then on. */
async function checkRegistry() {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'flyimg') return;
  /** @type {{ ok: true, image: string, text: string } | { ok: false, message: string }} */
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'flyimg: asking the registry' }, () =>
    client.sendRequest('flyimg/checkRegistry', { textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active }),
  );
  if (result.ok) void vscode.window.showInformationMessage(`flyimg: ${result.text.replace(/\*\*/g, '').replace('\n', ': ')}`);
  else void vscode.window.showWarningMessage(`flyimg: ${result.message}`);
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  const { serverOptions: server, description } = serverOptions(context);
  client = new LanguageClient('flyimg', 'flyimgc language server', server, {
    documentSelector: [{ language: 'flyimg' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.flyimg,flyimg.toml}') },
    initializationOptions: { debounceMs: vscode.workspace.getConfiguration('flyimg').get('diagnostics.debounceMs') },
  });
  context.subscriptions.push(
    vscode.commands.registerCommand('flyimg.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('flyimg.formatDocument', () => vscode.commands.executeCommand('editor.action.formatDocument')),
    vscode.commands.registerCommand('flyimg.showDockerfile', () => showImageText('flyimg/dockerfile', 'dockerfile')),
    vscode.commands.registerCommand('flyimg.explainTag', () => showImageText('flyimg/explain', 'plaintext')),
    vscode.commands.registerCommand('flyimg.checkRegistry', checkRegistry),
  );
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`flyimg: could not start ${description} (${error instanceof Error ? error.message : String(error)}). Check flyimg.server.path, or leave it empty to use the bundled server.`);
  }
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
