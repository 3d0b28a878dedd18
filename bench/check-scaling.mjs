#!/usr/bin/env node
// Benchmark (not a test): how `check` (analyze) scales, as doubling series, in lines per second. Linear work
// shows a ratio near 2 per doubling; quadratic work near 4. Each figure is the median of 3 runs.
//   images     N images x 10 layers (11 lines each), as bench/compile-many.mjs: parse alone (load and parse
//              the file) next to the whole check of the same text (issue 14's target: check >= 200k lines/s);
// and three shapes that used to be quadratic:
//   undefined  N bindings that each use an undefined name (a suggestion is searched for each);
//   chain      N images, each extending the one before (every image holds all the layers before it);
//   imports    an import chain N files deep (loaded with an explicit stack, not recursion).
// Usage: npm run build && node bench/check-scaling.mjs [shape=all] [start=1000] [steps=5] [--against=/other/checkout]
//   e.g. node bench/check-scaling.mjs images 1250 4   (1,250 to 10,000 images)
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../dist/analyze.js';
import { loadProgram } from '../dist/names/program.js';
import { manyImagesSource } from './manyImages.mjs';

const [shapeArg = 'all', startArg = '1000', stepsArg = '5'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
// --against=/other/checkout (built): its `analyze` runs alternately with ours on the same text, as the neighbour.
const against = process.argv.slice(2).find((a) => a.startsWith('--against='))?.slice('--against='.length);
const theirs = against ? (await import(new URL(`file://${resolve(against, 'dist/analyze.js')}`).href)).analyze : undefined;

function memoryHost(files) {
  const bytes = new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  return {
    readFile: (p) => (bytes.has(p) ? { ok: true, bytes: bytes.get(p) } : { ok: false, missing: true, reason: 'no such file' }),
    stat: (p) => (bytes.has(p) ? { kind: 'file', size: bytes.get(p).length, executable: false, symlink: false } : p === '.' ? { kind: 'directory', size: 0, executable: true, symlink: false } : undefined),
    listDir: () => undefined,
    realPath: (p) => (bytes.has(p) || p === '.' ? `/${p}` : undefined),
  };
}

const BASE = 'Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="base")';
function manyImages(n) {
  return { 'main.flyimg': manyImagesSource(n) };
}

const shapes = {
  images: manyImages,
  undefined: (n) => ({ 'main.flyimg': Array.from({ length: n }, (_, i) => `b${i} = missing${i}.with_pip_packages("numpy")`).join('\n') + '\n' }),
  chain: (n) => ({ 'main.flyimg': [`x0 = ${BASE}`, ...Array.from({ length: n - 1 }, (_, i) => `x${i + 1} = x${i}.with_env_vars({"A": "${i}"})`)].join('\n') + '\n' }),
  imports: (n) => {
    const files = { 'f0.flyimg': `x0 = ${BASE}\n` };
    for (let i = 1; i < n; i++) files[`f${i}.flyimg`] = `import "f${i - 1}.flyimg"\n\nx${i} = x${i - 1}.with_env_vars({"A": "${i}"})\n`;
    return files;
  },
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const lineCount = (files) => Object.values(files).reduce((sum, text) => sum + text.split('\n').length - 1, 0);
/** Median seconds of 3 runs of each of `works`, alternating, and what the last run of each returned. */
function timed(...works) {
  const seconds = works.map(() => []);
  const results = [];
  for (let run = 0; run < 3; run++) {
    works.forEach((work, k) => {
      const start = performance.now();
      results[k] = work();
      seconds[k].push((performance.now() - start) / 1000);
    });
  }
  return works.map((_, k) => ({ seconds: median(seconds[k]), result: results[k] }));
}

for (const shape of shapeArg === 'all' ? Object.keys(shapes) : [shapeArg]) {
  let previous;
  console.log(`${shape}:`);
  for (let step = 0, n = Number(startArg); step < Number(stepsArg); step++, n *= 2) {
    const files = shapes[shape](n);
    const lines = lineCount(files);
    const root = shape === 'imports' ? `f${n - 1}.flyimg` : 'main.flyimg';
    // Parse alone first, then the whole check, alternating (the same host and text for both).
    const parse = shape === 'images' ? timed(() => loadProgram([root], memoryHost(files)))[0] : undefined;
    const [check, other] = timed(() => analyze([root], memoryHost(files)), ...(theirs ? [() => theirs([root], memoryHost(files))] : []));
    const rate = (seconds) => `${Math.round(lines / seconds / 1000)}k lines/s`;
    console.log(
      `  n=${String(n).padStart(6)} (${lines} lines)  check ${check.seconds.toFixed(3)} s = ${rate(check.seconds)}` +
        `${parse ? `  (parse alone ${parse.seconds.toFixed(3)} s = ${rate(parse.seconds)}, ${Math.round((100 * parse.seconds) / check.seconds)}% of the check)` : ''}` +
        `${other ? `  | ${against}: ${other.seconds.toFixed(3)} s = ${rate(other.seconds)}, ours/theirs ${(check.seconds / other.seconds).toFixed(2)}` : ''}` +
        `  ${previous ? `x${(check.seconds / previous).toFixed(2)} per doubling` : ''}  (${check.result.diagnostics.length} diagnostics)`,
    );
    previous = check.seconds;
  }
}
