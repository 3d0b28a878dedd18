#!/usr/bin/env node
// Benchmark (not a test): `compile` of generated images x 10 layers as a whole process, as CI runs it, as a
// doubling series. Each size is timed in rounds that alternate with its neighbour, `node -e ''` (and, with
// --against, the same compile by another checkout, e.g. main): every figure is a median of the same rounds,
// and the ratios are what to read on a loaded machine. A doubling costs x2.0 when growth is linear.
// Peak RSS and CPU time (user + system) are the compile process's own (getrusage of the child, at exit): on a
// machine shared with other work, CPU time moves much less than wall time.
// `cp -r` of the output directory the compile wrote, timed in the same rounds, is the floor of writing it: on a
// slow or busy file system making N x 2 directories and N files alone can take longer than the targets.
// Every run writes a directory of its own and nothing is removed until the end: on ext4 (this machine's disk)
// a new inode is found by skipping every inode freed in the last minutes (`recently_deleted`), so removing the
// last round's output would make the next round's mkdirs slower (by 10x after a few rounds of 10,000 images),
// and a compile that replaced its previous output would time the removal of it too.
// Usage: npm run build && node bench/compile-many.mjs [images=1000] [steps=1] [rounds=3] [--against=/path/to/other/checkout]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { manyImagesSource as source } from './manyImages.mjs';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [imagesArg = '1000', stepsArg = '1', roundsArg = '3'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const against = flags.find((f) => f.startsWith('--against='))?.slice('--against='.length);
const rounds = Number(roundsArg);

// Under the checkout, as CI compiles inside it (on this machine's /tmp, mkdir alone is 30x slower).
mkdirSync(new URL('./.work/', import.meta.url), { recursive: true });
const dir = mkdtempSync(fileURLToPath(new URL('./.work/many-', import.meta.url)));
// Writes the child's peak RSS where the bench can read it (the child's own getrusage, at exit).
const probe = join(dir, 'peak-rss.mjs');
writeFileSync(probe, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.PEAK_RSS_FILE, JSON.stringify({ rss: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime })); });\n`);

/** Wall seconds of `cp -r from to` (an output a compile wrote, to a new directory). */
function copyFloor(cwd, from, to) {
  const start = performance.now();
  const child = spawnSync('cp', ['-r', from, to], { cwd, stdio: 'ignore' });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error('cp -r failed');
  return seconds;
}

/** Wall seconds, CPU seconds and peak RSS (MiB) of one whole process. */
function timed(args, cwd) {
  const rssFile = join(dir, 'rss');
  rmSync(rssFile, { force: true });
  const start = performance.now();
  const child = spawnSync('node', ['--import', probe, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PEAK_RSS_FILE: rssFile } });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { seconds, cpu: usage.cpu / 1e6, rss: usage.rss / 1024 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bin = fileURLToPath(new URL('../bin/flyimgc.js', import.meta.url));
const contenders = [
  ['node -e \'\'', () => ['-e', '']],
  ['flyimgc compile', (out) => [bin, 'compile', 'many.flyimg', '--out', out, '--no-cache']],
  ...(against ? [[`${against} compile`, (out) => [resolve(against, 'bin/flyimgc.js'), 'compile', 'many.flyimg', '--out', out, '--no-cache']]] : []),
];

console.log(`compile, N images x 10 layers (11 lines each), whole process, medians of ${rounds} alternating rounds`);
let previous;
for (let step = 0, images = Number(imagesArg); step < Number(stepsArg); step++, images *= 2) {
  writeFileSync(join(dir, 'many.flyimg'), source(images));
  const results = contenders.map(() => ({ seconds: [], cpu: [], rss: [] }));
  const copies = [];
  for (let round = 0; round < rounds; round++) {
    contenders.forEach(([, args], k) => {
      const { seconds, cpu, rss } = timed(args(`out-${images}-${round}-${k}`), dir);
      results[k].seconds.push(seconds);
      results[k].cpu.push(cpu);
      results[k].rss.push(rss);
    });
    copies.push(copyFloor(dir, `out-${images}-${round}-1`, `copy-${images}-${round}`));
  }
  const copy = median(copies);
  const [node, ours, other] = results.map((r) => ({ seconds: median(r.seconds), cpu: median(r.cpu), rss: Math.max(...r.rss) }));
  const doubling = previous ? `  x${(ours.seconds / previous.seconds).toFixed(2)} per doubling (cpu x${(ours.cpu / previous.cpu).toFixed(2)})` : '';
  console.log(
    `  N=${String(images).padStart(6)}  ${ours.seconds.toFixed(3)} s (cpu ${ours.cpu.toFixed(2)} s)  peak ${ours.rss.toFixed(0)} MiB  = ${(ours.seconds / node.seconds).toFixed(1)}x node -e '' (${node.seconds.toFixed(3)} s, cpu ${node.cpu.toFixed(2)} s)` +
      `  | cp -r of the output ${copy.toFixed(3)} s (compile = ${(ours.seconds / copy).toFixed(1)}x it)` +
      `${other ? `  | ${against}: ${other.seconds.toFixed(3)} s (cpu ${other.cpu.toFixed(2)} s), peak ${other.rss.toFixed(0)} MiB; ours/theirs: wall ${(ours.seconds / other.seconds).toFixed(2)}, cpu ${(ours.cpu / other.cpu).toFixed(2)}` : ''}${doubling}`,
  );
  previous = ours;
}
console.log('targets (issue 14): 1,000 images < 1 s, 10,000 < 8 s with < 300 MiB peak, x2.0 per doubling');
console.log(`removing ${dir}`);
rmSync(dir, { recursive: true, force: true });
