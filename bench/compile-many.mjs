#!/usr/bin/env node
// Benchmark (not a test): compile 1,000 generated images x 10 layers as a whole process, as CI would run it.
// Usage: npm run build && node bench/compile-many.mjs [images=1000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const images = Number(process.argv[2] ?? 1000);
// Under the checkout, as CI compiles inside it (on this machine's /tmp, mkdir alone is 30x slower).
mkdirSync(new URL('./.work/', import.meta.url), { recursive: true });
const dir = mkdtempSync(fileURLToPath(new URL('./.work/many-', import.meta.url)));
const lines = [];
for (let i = 0; i < images; i++) {
  lines.push(
    `img_${i} = (Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="img-${i}")`,
    `    .with_apt_packages("curl", "git", "pkg-${i}")`,
    `    .with_pip_packages("numpy==2.0.${i % 10}", "pandas", pre=True)`,
    `    .with_env_vars({"IMAGE": "${i}", "MODE": "prod"})`,
    `    .with_commands(["echo ${i}", "true"])`,
    `    .with_workdir("/srv/${i}")`,
    `    .with_apt_packages("vim")`,
    `    .with_pip_packages("requests==2.32.${i % 5}")`,
    `    .with_env_vars({"B": "2"})`,
    `    .with_commands("make build-${i}")`,
    `    .with_workdir("/app"))`,
  );
}
writeFileSync(join(dir, 'many.flyimg'), `${lines.join('\n')}\n`);
const bin = fileURLToPath(new URL('../bin/flyimgc.js', import.meta.url));
const times = [];
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  execFileSync('node', [bin, 'compile', 'many.flyimg', '--out', 'out', '--no-cache'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  times.push((performance.now() - start) / 1000);
}
times.sort((a, b) => a - b);
console.log(`${images} images x 10 layers, whole process (node startup included), 5 runs:`);
console.log(`  best ${times[0].toFixed(3)} s, median ${times[2].toFixed(3)} s (target < 1 s)`);
const start = performance.now();
execFileSync('node', [bin, '--version'], { stdio: 'ignore' });
console.log(`  for scale: node + flyimgc --version alone takes ${((performance.now() - start) / 1000).toFixed(3)} s`);
rmSync(dir, { recursive: true, force: true });
