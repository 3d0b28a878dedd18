#!/usr/bin/env node
// Benchmark (not a test): `flyimgc compile --out` of a project whose image copies a folder of many files,
// each figure a ratio against its neighbour measured in the same run (alternating, medians of several
// rounds), as issue #14 targets 2 and 3 ask:
//   warm no-op compile      vs  node -e '' + find DIR -type f        (target <= 2x)
//   one changed file        vs  the warm no-op compile                (what one file adds)
//   cold context, digests known (only the copy)  vs  cp -r DIR        (target <= 1x)
//   cold compile, nothing cached (hash + copy)   vs  cp -r DIR        (hashing is target 1)
// Usage: npm run build && node bench/warm-compile.mjs [files=20000] [megabytes=500] [rounds=5]
//   before/after: BASELINE=<another built checkout> adds its warm no-op (own output directory, same cache
//   directory layout) to the same alternating rounds; WARM_ONLY=1 skips the copy and cold rows (minutes).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const files = Number(process.argv[2] ?? 20000);
const megabytes = Number(process.argv[3] ?? 500);
const rounds = Number(process.argv[4] ?? 5);
const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'flyimgc.js');
const root = mkdtempSync(join(tmpdir(), 'flyimgc-bench-warm-'));
const tree = join(root, 'tree');
const cache = join(root, 'cache');
const perFile = Math.floor((megabytes * 1024 * 1024) / files);
const pathOf = (i) => join(tree, `d${i % 100}`, `e${Math.floor(i / 100) % 20}`, `f${i}.bin`);

process.stderr.write(`making ${files} files of ${perFile} bytes under ${tree}...\n`);
const chunk = Buffer.alloc(perFile);
for (let i = 0; i < files; i++) {
  if (i < 2000) mkdirSync(dirname(pathOf(i)), { recursive: true });
  chunk.writeUInt32LE(i, 0);
  writeFileSync(pathOf(i), chunk);
}
writeFileSync(join(root, 'tiny.flyimg'), 'tiny = Image.from_debian_base(registry="ghcr.io/acme", name="tiny")\n');
writeFileSync(join(root, 'images.flyimg'), 'app = Image.from_base("python:3.12-slim").clone(name="app", registry="ghcr.io/acme", extendable=True).with_source_folder("tree")\n');
execFileSync('sync');

const env = { ...process.env, FLYIMGC_CACHE_DIR: cache, NO_COLOR: '1' };
const time = (fn) => {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
};
const sh = (script, extraEnv = {}) => execFileSync('sh', ['-c', script], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
const BASELINE = process.env['BASELINE'];
const compileWith = (bin, out, extraEnv = {}) => execFileSync(process.execPath, [bin, 'compile', 'images.flyimg', '--out', out], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
const compile = (extraEnv = {}) => compileWith(BIN, 'out', extraEnv);
const baselineCompile = () => compileWith(join(BASELINE, 'bin', 'flyimgc.js'), 'out-baseline');
const startup = () => execFileSync(process.execPath, [BIN, 'check', 'tiny.flyimg'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
const floor = () => sh(`"${process.execPath}" -e '' && find tree -type f > /dev/null`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Fill the page cache and the digest cache, write the output once.
sh('find tree -type f -print0 | xargs -0 cat > /dev/null');
compile();
compile();
if (BASELINE) {
  baselineCompile();
  baselineCompile();
}

const rows = [];
const measure = (name, target, pairs) => {
  if (pairs.length === 0) return;
  const ratios = pairs.map(([a, b]) => a / b);
  rows.push({ name, a: median(pairs.map((p) => p[0])), b: median(pairs.map((p) => p[1])), ratio: median(ratios), target });
};

// 2. Warm no-op vs the floor, alternating; flyimgc's own start-up (`check` of a one-line file, issue #14
// target 4) next to them, to tell what the compile adds from what starting flyimgc costs.
const warm = [];
const start = [];
const before = [];
const beforeAfter = [];
for (let r = 0; r < rounds; r++) {
  const b = time(floor);
  const a = time(() => compile());
  const c = time(startup);
  warm.push([a, b]);
  start.push([c, b]);
  if (BASELINE) {
    const d = time(baselineCompile);
    before.push([d, b]);
    beforeAfter.push([d, a]);
  }
}
measure('warm no-op compile / (node -e \'\' + find -type f)', '<= 2', warm);
measure('  start-up alone: check tiny.flyimg / same floor', '(target 4)', start);
if (BASELINE) {
  measure('  baseline warm no-op / same floor', '(before)', before);
  measure('  baseline warm no-op / this warm no-op', '(> 1: faster now)', beforeAfter);
}

const later = process.env['WARM_ONLY'] ? 0 : rounds;
// One changed file (new bytes, same size) vs a warm no-op, alternating.
const changed = [];
for (let r = 0; r < later; r++) {
  const b = time(() => compile());
  chunk.writeUInt32LE(files + r, 0);
  writeFileSync(pathOf(r), chunk);
  const a = time(() => compile());
  changed.push([a, b]);
}
measure('one changed file / warm no-op compile', '~1', changed);

// 3. A cold context with the digests known (only writing the context) vs cp -r of the folder.
const copy = [];
for (let r = 0; r < later; r++) {
  rmSync(join(root, 'copy'), { recursive: true, force: true });
  const b = time(() => sh('cp -r tree copy'));
  rmSync(join(root, 'out'), { recursive: true, force: true });
  sh('sync');
  const a = time(() => compile());
  copy.push([a, b]);
}
measure('cold context, digests cached / cp -r', '<= 1', copy);

// Whole cold compile (hash every file + copy) vs cp -r: hashing speed is issue #14 target 1.
const cold = [];
for (let r = 0; r < Math.min(later, 3); r++) {
  rmSync(join(root, 'copy'), { recursive: true, force: true });
  const b = time(() => sh('cp -r tree copy'));
  rmSync(join(root, 'out'), { recursive: true, force: true });
  sh('sync');
  const a = time(() => compile({ FLYIMGC_NO_CACHE: '1' }));
  cold.push([a, b]);
}
measure('cold compile, no cache / cp -r', '(hashing: target 1)', cold);

const mb = (files * perFile) / 1048576;
console.log(`tree: ${files} files, ${mb.toFixed(0)} MiB; ${rounds} alternating rounds, medians`);
for (const row of rows) console.log(`${row.name.padEnd(52)} ${row.a.toFixed(3).padStart(7)} s / ${row.b.toFixed(3).padStart(7)} s = ${row.ratio.toFixed(2).padStart(5)}x  (target ${row.target})`);
rmSync(root, { recursive: true, force: true });
