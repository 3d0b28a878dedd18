#!/usr/bin/env node
// Benchmark (not a test): the whole `flyimgc check` process on N images x 10 layers (bench/manyImages.mjs,
// 11 lines per image), as a doubling series: lines per second of CPU time (user + system of the process and
// its threads, the garbage collector's included, start-up included) and peak memory (maximum resident set),
// each the median of the rounds. With --against=/other/checkout (built), its `bin/flyimgc.js` runs on the
// same files in the same rounds, right after ours, and ours/theirs is printed for each size.
// issue 14 target 5: check >= 200k lines/s, growth linear (x2 per doubling).
// Needs GNU time (/usr/bin/time) for CPU time and peak memory of the child process.
// Usage: npm run build && node bench/check-cli.mjs [start=1250] [steps=4] [--rounds=5] [--against=/other/checkout]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manyImagesSource } from './manyImages.mjs';

const args = process.argv.slice(2);
const [startArg = '1250', stepsArg = '4'] = args.filter((a) => !a.startsWith('--'));
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(option('rounds') ?? 5);
const against = option('against');
const ours = resolve(fileURLToPath(new URL('..', import.meta.url)));

const dir = mkdtempSync(join(tmpdir(), 'flyimgc-check-cli-'));
const sizes = Array.from({ length: Number(stepsArg) }, (_, k) => Number(startArg) * 2 ** k);
const cases = sizes.map((n) => {
  const text = manyImagesSource(n);
  const file = join(dir, `images-${n}.flyimg`);
  writeFileSync(file, text);
  return { n, file, lines: text.split('\n').length - 1, runs: { ours: [], theirs: [] } };
});

/** CPU seconds and peak resident MiB of one `flyimgc check` of `file` by the checkout at `root`. */
function check(root, file) {
  const child = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, join(root, 'bin/flyimgc.js'), 'check', file], { encoding: 'utf8' });
  if (child.error) throw new Error(`cannot run /usr/bin/time (GNU time is needed): ${child.error.message}`);
  if (child.status !== 0) throw new Error(`flyimgc check failed in ${root}:\n${child.stdout}${child.stderr}`);
  const [user, system, kib] = child.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds: user + system, mib: kib / 1024 };
}

try {
  check(ours, cases[0].file); // warm-up (file cache, V8's code cache)
  if (against) check(against, cases[0].file);
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      c.runs.ours.push(check(ours, c.file));
      if (against) c.runs.theirs.push(check(against, c.file));
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`flyimgc check, whole process: median of ${rounds} rounds${against ? `; theirs = ${against}` : ''}`);
let previous;
for (const c of cases) {
  const seconds = median(c.runs.ours.map((r) => r.seconds));
  const mib = median(c.runs.ours.map((r) => r.mib));
  const theirs = against && { seconds: median(c.runs.theirs.map((r) => r.seconds)), mib: median(c.runs.theirs.map((r) => r.mib)) };
  console.log(
    `  n=${String(c.n).padStart(6)} (${c.lines} lines)  ${seconds.toFixed(2)} s CPU = ${Math.round(c.lines / seconds / 1000)}k lines/s, peak ${Math.round(mib)} MiB` +
      `  ${previous ? `x${(seconds / previous).toFixed(2)} per doubling` : '                  '}` +
      (theirs ? `  | theirs ${theirs.seconds.toFixed(2)} s = ${Math.round(c.lines / theirs.seconds / 1000)}k lines/s, peak ${Math.round(theirs.mib)} MiB; ours/theirs time ${(seconds / theirs.seconds).toFixed(2)}, memory ${(mib / theirs.mib).toFixed(2)}` : ''),
  );
  previous = seconds;
}
