#!/usr/bin/env node
// Benchmark (not a test): the layout pass on hostile bracket shapes, which must grow linearly with the input.
// Each shape is timed at n and 4n; a ratio near 4 is linear, near 16 quadratic.
// Usage: npm run build && node bench/layout.mjs [n=20000]
import { performance } from 'node:perf_hooks';
import { parseSource } from '../dist/syntax/parse.js';

const n = Number(process.argv[2] ?? 20000);
const shapes = {
  'unmatched closers under open brackets': (k) => `a = f(${'['.repeat(k)}${')'.repeat(k)}\n`,
  'unmatched closers alone': (k) => `a = f(1)${')'.repeat(k)}\n`,
  'keyword arguments at column 1': (k) => `a = f(\n${Array.from({ length: k }, (_, i) => `k${i}=${i},`).join('\n')}\n)\n`,
  'unclosed bracket before many bindings': (k) => `a = f(\n${Array.from({ length: k }, (_, i) => `b${i} = ${i}`).join('\n')}\n`,
  'blank lines': (k) => `a = 1${'\n'.repeat(k)}b = 2\n`,
};
/** The median of five runs, after the JIT has seen the shape. */
const time = (text) => {
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    parseSource({ path: 'bench.flyimg', text });
    runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[2];
};
for (const [name, make] of Object.entries(shapes)) {
  time(make(n)); // warm up
  const small = time(make(n));
  const large = time(make(4 * n));
  console.log(`${name.padEnd(40)} n=${n}: ${small.toFixed(1)} ms   4n: ${large.toFixed(1)} ms   ratio ${(large / small).toFixed(1)}`);
}
