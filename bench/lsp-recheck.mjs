#!/usr/bin/env node
// Benchmark (not a test): how long the language server takes to re-check a 2,000-line file after an edit.
// Target: under 50 ms. Measures (1) the check itself, in process, as the server runs it after each
// keystroke (analysis + conversion to LSP diagnostics), and (2) the whole round trip over stdio: a
// `didChange` sent to `flyimgc lsp` until its `publishDiagnostics` arrives (no debounce).
// Usage: npm run build && node bench/lsp-recheck.mjs [lines=2000]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Workspace } from '../dist/lsp/workspace.js';
import { machineForLsp } from '../dist/cli/commands/lsp.js';
import { documentDiagnostics } from '../dist/lsp/diagnostics.js';

const targetLines = Number(process.argv[2] ?? 2000);
mkdirSync(new URL('./.work/', import.meta.url), { recursive: true });
const dir = mkdtempSync(fileURLToPath(new URL('./.work/lsp-', import.meta.url)));

// Realistic images: a shared base, chains of 8 calls with comments, one image per 20 lines.
const lines = ['# generated for bench/lsp-recheck.mjs', 'base = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="base")', ''];
for (let i = 0; lines.length < targetLines; i++) {
  lines.push(
    `# image ${i}: system packages, python packages, settings`,
    `img_${i} = (`,
    `    base`,
    `    .clone(name="img-${i}")`,
    `    # apt first, then pip`,
    `    .with_apt_packages("curl", "git", "pkg-${i}")`,
    `    .with_pip_packages(`,
    `        "numpy==2.0.${i % 10}",`,
    `        "pandas==2.2.3",`,
    `        index_url="https://pypi.example.com/simple",`,
    `        pre=True,`,
    `    )`,
    `    .with_env_vars({"IMAGE": "${i}", "MODE": "prod"})`,
    `    .with_commands(["echo ${i}", "true"])`,
    `    .with_workdir("/srv/${i}")`,
    `    .with_pip_packages("requests==2.32.${i % 5}")`,
    `)`,
    '',
  );
}
const text = `${lines.join('\n')}\n`;
const file = join(dir, 'big.flyimg');
writeFileSync(file, text);
const uri = pathToFileURL(file).href;
const lineCount = text.split('\n').length - 1;
// The edit: a typo that introduces an error in the middle of the file, then its fix.
const editLine = Math.floor(lines.length / 2);
const edited = (typo) => lines.map((l, i) => (i === editLine && typo ? `${l}  # edited ${typo}` : l)).join('\n') + '\n';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// (1) In process.
const workspace = new Workspace(dir, false, machineForLsp);
const path = workspace.open(uri, text, 1);
documentDiagnostics(workspace, workspace.analysis(path), path); // warm-up: JIT, first reads
const inProcess = [];
for (let run = 1; run <= 30; run++) {
  workspace.change(uri, [{ text: edited(run) }], run + 1);
  const start = performance.now();
  documentDiagnostics(workspace, workspace.analysis(path), path);
  inProcess.push(performance.now() - start);
}

// (2) Over stdio, as an editor sees it.
const server = spawn(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(fileURLToPath(new URL('../dist/cli/commands/lsp.js', import.meta.url))).href)}); process.exitCode = await m.runLsp({ cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });`], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
let waiting;
connection.onNotification('textDocument/publishDiagnostics', () => waiting?.());
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
await connection.sendNotification('initialized', {});
const published = () => new Promise((resolve) => (waiting = resolve));
let next = published();
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'flyimg', version: 1, text } });
await next;
const roundTrips = [];
for (let run = 1; run <= 30; run++) {
  next = published();
  const start = performance.now();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: run + 1 }, contentChanges: [{ text: edited(run) }] });
  await next;
  roundTrips.push(performance.now() - start);
}
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
rmSync(dir, { recursive: true, force: true });

console.log(`re-checking a ${lineCount}-line file (${lines.filter((l) => l.endsWith('= (')).length} images) after an edit, 30 runs:`);
console.log(`  in process (analysis + diagnostics): median ${fmt(median(inProcess))}, max ${fmt(Math.max(...inProcess))}`);
console.log(`  over stdio (didChange -> publishDiagnostics): median ${fmt(median(roundTrips))}, max ${fmt(Math.max(...roundTrips))}`);
console.log(`  target: < 50 ms: ${median(roundTrips) < 50 ? 'met' : 'NOT met'}`);
