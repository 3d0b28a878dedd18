#!/usr/bin/env node
// Benchmark (not a test): how long the language server takes to re-check a file after a keystroke, for
// 2,000 and 8,000 lines. Targets (issue #14, 6): p95 < 30 ms for 2,000 lines, < 60 ms for 8,000.
// (1) In process, as the server runs it after each keystroke (analysis + conversion to LSP diagnostics):
//     the incremental analysis (src/incremental/) and, alternating with it on the same edits, a full
//     analysis of the same text (what the server did before); printed as p50/p95 and their ratio.
//     Every incremental result is also compared with the full one (they must be equal).
// (2) The whole round trip over stdio: a `didChange` (a range edit, as editors send) sent to
//     `flyimgc lsp` until its `publishDiagnostics` arrives (no debounce).
// Usage: npm run build && node bench/lsp-recheck.mjs [lines...]   (default: 2000 8000)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Workspace } from '../dist/lsp/workspace.js';
import { machineForLsp } from '../dist/cli/commands/lsp.js';
import { documentDiagnostics } from '../dist/lsp/diagnostics.js';
import { analyze } from '../dist/analyze.js';

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [2000, 8000];
const KEYSTROKES = 40;
mkdirSync(new URL('./.work/', import.meta.url), { recursive: true });

/** Realistic images: a shared base, chains of 8 calls with comments, one image per 18 lines. */
function generate(targetLines) {
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
  return lines;
}

/**
 * Keystrokes in the middle of the file: typing a package name into an apt list (each character a new
 * edit; the half-typed names are errors), then deleting it again, character by character.
 */
function keystrokes(lines) {
  const at = lines.findIndex((l, i) => i >= lines.length / 2 && l.includes('.with_apt_packages("curl"'));
  const column = lines[at].indexOf('"curl"');
  const word = '"vim", ';
  const edits = [];
  for (let k = 0; k < KEYSTROKES; k++) {
    const typed = k % (2 * word.length);
    const inserting = typed < word.length;
    const n = inserting ? typed : 2 * word.length - typed;
    const range = { start: { line: at, character: column + n }, end: { line: at, character: column + n + (inserting ? 0 : 1) } };
    edits.push({ range, text: inserting ? word[n] : '' });
    // Deleting removes the character before the cursor: the range above is fixed up below.
    if (!inserting) edits[edits.length - 1].range = { start: { line: at, character: column + n - 1 }, end: { line: at, character: column + n } };
  }
  return edits;
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

for (const size of sizes) {
  const dir = mkdtempSync(fileURLToPath(new URL('./.work/lsp-', import.meta.url)));
  const lines = generate(size);
  const text = `${lines.join('\n')}\n`;
  const file = join(dir, 'big.flyimg');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const edits = keystrokes(lines);

  // (1) In process: incremental and full, alternating which goes first, on the same text.
  const workspace = new Workspace(dir, false, machineForLsp);
  const path = workspace.open(uri, text, 1);
  const full = () => {
    const analysis = analyze([path], workspace.host);
    return documentDiagnostics(workspace, analysis, path);
  };
  documentDiagnostics(workspace, workspace.analysis(path), path); // warm-up: JIT, first reads
  full();
  const incremental = [];
  const fresh = [];
  let mismatches = 0;
  edits.forEach((edit, k) => {
    workspace.change(uri, [edit], k + 2);
    const runIncremental = () => {
      const start = performance.now();
      const diagnostics = documentDiagnostics(workspace, workspace.analysis(path), path);
      incremental.push(performance.now() - start);
      return diagnostics;
    };
    const runFull = () => {
      const start = performance.now();
      const diagnostics = full();
      fresh.push(performance.now() - start);
      return diagnostics;
    };
    let a;
    let b;
    if (k % 2 === 0) {
      a = runIncremental();
      b = runFull();
    } else {
      b = runFull();
      a = runIncremental();
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) mismatches++;
  });

  // (2) Over stdio, as an editor sees it.
  const server = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(fileURLToPath(new URL('../dist/cli/commands/lsp.js', import.meta.url))).href)}); process.exitCode = await m.runLsp({ cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });`,
    ],
    { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] },
  );
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
  for (const [k, edit] of edits.entries()) {
    next = published();
    const start = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [edit] });
    await next;
    roundTrips.push(performance.now() - start);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  rmSync(dir, { recursive: true, force: true });

  const target = size <= 2000 ? 30 : 60;
  const p50 = quantile(incremental, 0.5);
  const p95 = quantile(incremental, 0.95);
  console.log(`${text.split('\n').length - 1} lines (${lines.filter((l) => l.endsWith('= (')).length} images), ${edits.length} keystrokes:`);
  console.log(`  in process, incremental:      p50 ${fmt(p50)}, p95 ${fmt(p95)}`);
  console.log(`  in process, full re-analysis: p50 ${fmt(quantile(fresh, 0.5))}, p95 ${fmt(quantile(fresh, 0.95))}`);
  console.log(`  ratio full / incremental:     p50 ${(quantile(fresh, 0.5) / p50).toFixed(1)}×, p95 ${(quantile(fresh, 0.95) / p95).toFixed(1)}×`);
  console.log(`  results equal to the full analysis: ${mismatches === 0 ? 'all' : `NO: ${mismatches} differ`}`);
  console.log(`  over stdio (didChange -> publishDiagnostics): p50 ${fmt(quantile(roundTrips, 0.5))}, p95 ${fmt(quantile(roundTrips, 0.95))}`);
  console.log(`  target p95 < ${target} ms in process: ${p95 < target ? 'met' : 'NOT met'} (timings on a loaded machine: the ratio is the figure)`);
}
