#!/usr/bin/env node
// Benchmark (not a test): `flyimgc fmt` time against the number of comment lines, doubling each step.
// Linear means each row takes about twice the one before (ratio ≈ 2); quadratic shows as ratio ≈ 4.
// Three shapes: comment lines between statements, comment lines inside one long chain, and comments
// trailing the items of one long call.
// Usage: npm run build && node bench/fmt-comments.mjs [start=4000] [steps=5]
import { performance } from 'node:perf_hooks';
import { formatSource } from '../dist/format/format.js';

const start = Number(process.argv[2] ?? 4000);
const steps = Number(process.argv[3] ?? 5);

const shapes = {
  'between statements': (n) => 'a = Image.from_debian_base()\n' + Array.from({ length: n }, (_, i) => `# comment ${i}\n${i % 50 === 0 ? `b${i} = a.with_env_vars({"K": "${i}"})\n` : ''}`).join(''),
  'inside a chain': (n) => 'a = (\n    Image.from_debian_base()\n' + Array.from({ length: n }, (_, i) => `    # comment ${i}\n${i % 2000 === 0 ? `    .with_workdir("/w${i}")\n` : ''}`).join('') + ')\n',
  'trailing call items': (n) => 'a = Image.from_debian_base().with_apt_packages(\n' + Array.from({ length: n }, (_, i) => `    "p${i}",  # comment ${i}\n`).join('') + ')\n',
};

for (const [name, make] of Object.entries(shapes)) {
  console.log(`\n${name}`);
  console.log('comment lines      ms   ratio');
  let previous;
  for (let n = start, k = 0; k < steps; n *= 2, k++) {
    const text = make(n);
    // The best of three runs: the machine is shared, and the minimum is the least disturbed.
    let ms = Number.POSITIVE_INFINITY;
    let result;
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      result = formatSource(text, 'bench.flyimg');
      ms = Math.min(ms, performance.now() - t);
    }
    if (!result.ok) throw new Error(`${name}: the generated file does not parse`);
    console.log(`${String(n).padStart(13)} ${ms.toFixed(0).padStart(7)}   ${previous ? (ms / previous).toFixed(2) : '-'}`);
    previous = ms;
  }
}
