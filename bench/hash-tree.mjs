#!/usr/bin/env node
// Benchmark (not a test): hashing a 20,000-file / 500 MB tree in process, next to sha256sum (one process at
// a time and xargs -P2) over the same files in the same run, alternated, medians; then a first and an
// unchanged re-run with the digest cache. Prints figures; asserts nothing. bench/hash-cold.mjs 20000 500
// measures the same tree as whole processes, and --hash flyte against flyte-sdk.
// Usage: npm run build && node bench/hash-tree.mjs [files=20000] [megabytes=500] [rounds=3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ANALYZE_OPTIONS } from '../dist/analyze.js';
import { DigestCache } from '../dist/cli/digestCache.js';
import { nodeHost } from '../dist/cli/io.js';
import { compile } from '../dist/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../dist/ir/ir.js';

const files = Number(process.argv[2] ?? 20000);
const megabytes = Number(process.argv[3] ?? 500);
const root = mkdtempSync(join(tmpdir(), 'flyimgc-bench-'));
const tree = join(root, 'tree');
const perFile = Math.floor((megabytes * 1024 * 1024) / files);

process.stderr.write(`making ${files} files of ${perFile} bytes under ${tree}...\n`);
const chunk = Buffer.alloc(perFile);
for (let i = 0; i < files; i++) {
  const dir = join(tree, `d${i % 100}`, `e${Math.floor(i / 100) % 20}`);
  if (i < 2000) mkdirSync(dir, { recursive: true });
  chunk.writeUInt32LE(i, 0);
  writeFileSync(join(dir, `f${i}.bin`), chunk);
}
writeFileSync(join(root, 'images.flyimg'), 'app = Image.from_base("python:3.12-slim").clone(name="app", extendable=True).with_source_folder("tree")\n');
execFileSync('sync');

const options = { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES };
const cacheFile = join(root, 'digests.json');
const run = (cache) => {
  const start = performance.now();
  // As the CLI: `--no-cache` is a digest cache with no file (hashing ahead, both cores), not no cache at all.
  const digests = new DigestCache(cache ? cacheFile : undefined, undefined, { prefetch: true });
  const result = compile(['images.flyimg'], nodeHost(root, { digests }), options);
  digests.save();
  const seconds = (performance.now() - start) / 1000;
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics[0].message);
  return { seconds, tag: result.images[0].hash.tag };
};

// Warm the page cache once so every side reads from memory, then alternate the sides, several rounds, medians.
execFileSync('sh', ['-c', `find ${tree} -type f -print0 | xargs -0 cat > /dev/null`]);
const rounds = Number(process.argv[4] ?? 3);
const timedShell = (command) => () => {
  const start = performance.now();
  execFileSync('sh', ['-c', command]);
  return { seconds: (performance.now() - start) / 1000 };
};
const sides = {
  'sha256sum (find | xargs sha256sum)': timedShell(`find ${tree} -type f -print0 | xargs -0 sha256sum > /dev/null`),
  'sha256sum, both cores (xargs -P2)': timedShell(`find ${tree} -type f -print0 | xargs -0 -P2 -n ${Math.max(1, Math.ceil(files / 16))} sha256sum > /dev/null`),
  'flyimgc compile, no digest cache': () => run(false),
};
const samples = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  const order = Object.keys(sides);
  if (round % 2 === 1) order.reverse();
  for (const name of order) samples[name].push(sides[name]());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v.map((x) => x.seconds))]));
rmSync(cacheFile, { force: true });
const first = run(true);
const warm = run(true);

const mb = (files * perFile) / 1048576;
const row = (name, seconds) => `${name.padEnd(44)} ${seconds.toFixed(3).padStart(8)} s  ${(mb / seconds).toFixed(0).padStart(6)} MiB/s`;
console.log(`tree: ${files} files, ${mb.toFixed(0)} MiB; ${rounds} rounds alternated, medians`);
for (const [name, seconds] of Object.entries(m)) console.log(row(name, seconds));
console.log(row('flyimgc compile, filling the digest cache', first.seconds));
console.log(row('flyimgc compile, unchanged re-run (cache)', warm.seconds));
const cold = m['flyimgc compile, no digest cache'];
console.log(`cold, in process, vs sha256sum: ${(m['sha256sum (find | xargs sha256sum)'] / cold).toFixed(2)}x; vs xargs -P2 sha256sum: ${(m['sha256sum, both cores (xargs -P2)'] / cold).toFixed(2)}x (issue #14 target 1: >= 1)`);
console.log(`unchanged re-run: ${(warm.seconds / m['sha256sum (find | xargs sha256sum)']).toFixed(3)} of a sha256sum pass (issue #14 target 2 is measured by bench/warm-compile.mjs)`);
if (samples['flyimgc compile, no digest cache'].some((s) => s.tag !== warm.tag) || first.tag !== warm.tag) console.log('TAGS DIFFER between runs: a bug');
rmSync(root, { recursive: true, force: true });
