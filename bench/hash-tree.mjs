#!/usr/bin/env node
// Benchmark (not a test): hashing a 20,000-file / 500 MB tree, next to sha256sum over the same files in
// the same run, cold (no digest cache) and warm (an unchanged re-run). Prints figures; asserts nothing.
// Usage: npm run build && node bench/hash-tree.mjs [files=20000] [megabytes=500]
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
  const digests = cache ? new DigestCache(cacheFile) : undefined;
  const result = compile(['images.flyimg'], nodeHost(root, digests ? { digests } : {}), options);
  digests?.save();
  const seconds = (performance.now() - start) / 1000;
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics[0].message);
  return { seconds, tag: result.images[0].hash.tag };
};

// Warm the page cache once so both sides read from memory, then time both in the same run.
execFileSync('sh', ['-c', `find ${tree} -type f -print0 | xargs -0 cat > /dev/null`]);
let start = performance.now();
execFileSync('sh', ['-c', `find ${tree} -type f -print0 | xargs -0 sha256sum > /dev/null`]);
const sha256sum = (performance.now() - start) / 1000;
const cold = run(false);
const first = run(true);
const warm = run(true);

const mb = (files * perFile) / 1048576;
const row = (name, seconds) => `${name.padEnd(44)} ${seconds.toFixed(3).padStart(8)} s  ${(mb / seconds).toFixed(0).padStart(6)} MiB/s`;
console.log(`tree: ${files} files, ${mb.toFixed(0)} MiB`);
console.log(row('sha256sum (find | xargs sha256sum)', sha256sum));
console.log(row('flyimgc compile, no digest cache', cold.seconds));
console.log(row('flyimgc compile, filling the digest cache', first.seconds));
console.log(row('flyimgc compile, unchanged re-run (cache)', warm.seconds));
console.log(`throughput vs sha256sum: ${(sha256sum / cold.seconds).toFixed(2)}x (target >= 0.8x); unchanged re-run ${warm.seconds.toFixed(3)} s (target < 0.2 s)`);
if (cold.tag !== warm.tag || cold.tag !== first.tag) console.log('TAGS DIFFER between runs: a bug');
rmSync(root, { recursive: true, force: true });
