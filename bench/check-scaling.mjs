#!/usr/bin/env node
// Benchmark (not a test): how `check` (analyze) scales, as doubling series. Linear work shows a ratio near
// 2 per doubling; quadratic work near 4. Three shapes that used to be quadratic:
//   undefined  N bindings that each use an undefined name (a suggestion is searched for each);
//   chain      N images, each extending the one before (every image holds all the layers before it);
//   imports    an import chain N files deep (loaded with an explicit stack, not recursion).
// Usage: npm run build && node bench/check-scaling.mjs [shape=all] [start=1000] [steps=5]
import { performance } from 'node:perf_hooks';
import { analyze } from '../dist/analyze.js';

const [shapeArg = 'all', startArg = '1000', stepsArg = '5'] = process.argv.slice(2);

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
const shapes = {
  undefined: (n) => ({ 'main.flyimg': Array.from({ length: n }, (_, i) => `b${i} = missing${i}.with_pip_packages("numpy")`).join('\n') + '\n' }),
  chain: (n) => ({ 'main.flyimg': [`x0 = ${BASE}`, ...Array.from({ length: n - 1 }, (_, i) => `x${i + 1} = x${i}.with_env_vars({"A": "${i}"})`)].join('\n') + '\n' }),
  imports: (n) => {
    const files = { 'f0.flyimg': `x0 = ${BASE}\n` };
    for (let i = 1; i < n; i++) files[`f${i}.flyimg`] = `import "f${i - 1}.flyimg"\n\nx${i} = x${i - 1}.with_env_vars({"A": "${i}"})\n`;
    return files;
  },
};

for (const shape of shapeArg === 'all' ? Object.keys(shapes) : [shapeArg]) {
  let previous;
  console.log(`${shape}:`);
  for (let step = 0, n = Number(startArg); step < Number(stepsArg); step++, n *= 2) {
    const files = shapes[shape](n);
    const root = shape === 'imports' ? `f${n - 1}.flyimg` : 'main.flyimg';
    const start = performance.now();
    const analysis = analyze([root], memoryHost(files));
    const seconds = (performance.now() - start) / 1000;
    console.log(`  n=${String(n).padStart(6)}  ${seconds.toFixed(3)} s  ${previous ? `×${(seconds / previous).toFixed(1)}` : ''}  (${analysis.diagnostics.length} diagnostics)`);
    previous = seconds;
  }
}
