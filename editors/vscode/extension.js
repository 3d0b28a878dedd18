// @ts-check
// The flyimg extension: the language, its grammar (contributed in package.json) and `flyimgc lsp` as the
// language server. scripts/package-vscode.mjs bundles this file with vscode-languageclient into
// dist/extension.js and packages the .vsix.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The flyimgc to run: the setting, else the workspace's own (node_modules/.bin), else the one on PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('flyimg').get('server.path');
  if (typeof configured === 'string' && configured !== '') return configured;
  const name = process.platform === 'win32' ? 'flyimgc.cmd' : 'flyimgc';
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', name);
    if (fs.existsSync(local)) return local;
  }
  return 'flyimgc';
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  const command = serverCommand();
  client = new LanguageClient(
    'flyimg',
    'flyimgc language server',
    // No `transport`: the client would add `--stdio`; `flyimgc lsp` always speaks over stdio.
    { command, args: ['lsp'], options: { shell: process.platform === 'win32' } },
    {
      documentSelector: [{ language: 'flyimg' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.flyimg,flyimg.toml}') },
      initializationOptions: { debounceMs: vscode.workspace.getConfiguration('flyimg').get('diagnostics.debounceMs') },
    },
  );
  context.subscriptions.push(vscode.commands.registerCommand('flyimg.restartServer', () => client?.restart()));
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `flyimg: could not start \`${command} lsp\` (${error instanceof Error ? error.message : String(error)}). Install flyimgc (npm install -g flyimgc) or set flyimg.server.path.`,
    );
  }
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
