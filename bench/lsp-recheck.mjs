#!/usr/bin/env node
// Benchmark (not a test): how long the language server takes to re-check a file after a keystroke, for
// 2,000 and 8,000 lines. Targets (issue #14, 6): p95 < 30 ms for 2,000 lines, < 60 ms for 8,000.
// (1) In process, as the server runs it after each keystroke (analysis + conversion to LSP diagnostics),
//     after one uncounted block of each (the first keystrokes after start, JIT cold, are printed apart):
//     the incremental analysis (src/incremental/) and, in alternating blocks over the same edits, a full
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

const ROUNDS = 4;
const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [2000, 8000];
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
 * Keystrokes in the middle of the file, as range edits: (a) typing inside a string (`"curl"` becomes
 * `"curl-dev"` and back, one character at a time: the file stays valid), then (b) typing a new item into
 * an apt list (`"vim", ` one character at a time, then deleted again: the half-typed states open a string
 * and unbalance the brackets of the statement).
 */
function keystrokes(lines) {
  const at = lines.findIndex((l, i) => i >= lines.length / 2 && l.includes('.with_apt_packages("curl"'));
  const typing = (column, word) => {
    const edits = [];
    for (let n = 0; n < word.length; n++) edits.push({ range: { start: { line: at, character: column + n }, end: { line: at, character: column + n } }, text: word[n] });
    for (let n = word.length; n > 0; n--) edits.push({ range: { start: { line: at, character: column + n - 1 }, end: { line: at, character: column + n } }, text: '' });
    return edits;
  };
  const quote = lines[at].indexOf('"curl"');
  return [
    ...typing(quote + 5, '-dev').map((edit) => ({ kind: 'inside a string', edit })),
    ...typing(quote, '"vim", ').map((edit) => ({ kind: 'a new list item', edit })),
  ];
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

  // (1) In process: the keystrokes checked incrementally (as the server does), then the same keystrokes
  // with a full analysis each (as it did before), in alternating blocks, so neither pays for the other's garbage.
  const full = (workspace, path) => documentDiagnostics(workspace, analyze([path], workspace.host), path);
  const incrementally = (workspace, path) => documentDiagnostics(workspace, workspace.analysis(path), path);
  const block = (check) => {
    const workspace = new Workspace(dir, false, machineForLsp);
    const path = workspace.open(uri, text, 1);
    check(workspace, path); // warm-up: JIT, first reads, the first (full) analysis
    return edits.map(({ edit }, k) => {
      workspace.change(uri, [edit], k + 2);
      const start = performance.now();
      const cpu = process.cpuUsage();
      const diagnostics = check(workspace, path);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - start, cpu: (used.user + used.system) / 1000, diagnostics: JSON.stringify(diagnostics) };
    });
  };
  const incremental = [];
  const fresh = [];
  const incrementalCpu = [];
  const freshCpu = [];
  const kinds = new Map();
  let mismatches = 0;
  // One block of each first, not counted: the first keystrokes after start run the incremental code before
  // the JIT optimized it (the full analysis is warmed by every block's first analysis). Printed on its own.
  const cold = block(incrementally).map((run) => run.cpu);
  block(full);
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = round % 2 === 0 ? [block(incrementally), block(full)] : [block(full), block(incrementally)].reverse();
    a.forEach((run, k) => {
      incremental.push(run.ms);
      fresh.push(b[k].ms);
      incrementalCpu.push(run.cpu);
      freshCpu.push(b[k].cpu);
      if (run.diagnostics !== b[k].diagnostics) mismatches++;
      const kind = edits[k].kind;
      kinds.set(kind, [...(kinds.get(kind) ?? []), [run.ms, b[k].ms]]);
    });
  }

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
  for (const [k, { edit }] of edits.entries()) {
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
  console.log(`${text.split('\n').length - 1} lines (${lines.filter((l) => l.endsWith('= (')).length} images), ${edits.length} keystrokes × ${ROUNDS} rounds, incremental and full in alternating blocks:`);
  console.log(`  in process, incremental:      p50 ${fmt(p50)}, p95 ${fmt(p95)}`);
  console.log(`  in process, full re-analysis: p50 ${fmt(quantile(fresh, 0.5))}, p95 ${fmt(quantile(fresh, 0.95))}`);
  console.log(`  ratio full / incremental:     p50 ${(quantile(fresh, 0.5) / p50).toFixed(1)}×, p95 ${(quantile(fresh, 0.95) / p95).toFixed(1)}×`);
  const c50 = quantile(incrementalCpu, 0.5);
  const c95 = quantile(incrementalCpu, 0.95);
  console.log(`  CPU time (less sensitive to the load), incremental: p50 ${fmt(c50)}, p95 ${fmt(c95)}; full: p50 ${fmt(quantile(freshCpu, 0.5))}, p95 ${fmt(quantile(freshCpu, 0.95))}; ratio p50 ${(quantile(freshCpu, 0.5) / c50).toFixed(1)}×, p95 ${(quantile(freshCpu, 0.95) / c95).toFixed(1)}×`);
  console.log(`  CPU time of the uncounted first block (just started, JIT cold), incremental: p50 ${fmt(quantile(cold, 0.5))}, max ${fmt(Math.max(...cold))}`);
  for (const [kind, runs] of kinds) {
    const p50 = quantile(runs.map((r) => r[0]), 0.5);
    const full50 = quantile(runs.map((r) => r[1]), 0.5);
    console.log(`    ${kind} (${runs.length}): incremental p50 ${fmt(p50)}, full p50 ${fmt(full50)}, ${(full50 / p50).toFixed(1)}×`);
  }
  console.log(`  results equal to the full analysis: ${mismatches === 0 ? 'all' : `NO: ${mismatches} differ`}`);
  console.log(`  over stdio (didChange -> publishDiagnostics): p50 ${fmt(quantile(roundTrips, 0.5))}, p95 ${fmt(quantile(roundTrips, 0.95))}`);
  console.log(`  target p95 < ${target} ms in process: wall ${p95 < target ? 'met' : 'NOT met'}, CPU ${c95 < target ? 'met' : 'NOT met'} (on a loaded machine the ratios are the figures)`);
}
