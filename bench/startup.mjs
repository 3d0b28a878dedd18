#!/usr/bin/env node
// Benchmark (not a test): start-up. `flyimgc check` of one small file, as a whole process, next to
// `node -e ''` (the floor: Node's own start-up) and `flyimgc --version` (start-up with no work), measured in
// the same run: the contestants alternate (the order rotates every round) and each figure is a median, so
// that load from other processes falls on all of them alike. The ratios are what counts; the times only
// say how loaded the machine was. Target (issue 14): check ≤ 1.5× `node -e ''`.
//
// Two files are checked: one in a project without flyimg.toml, one in a project with one (which also
// loads the configuration schema).
//
// With --instructions, each contestant also runs a few times under valgrind's callgrind, which counts the
// instructions the process executes (all its threads): unlike times, the counts barely move with the load
// of other processes (medians, and their ratio to `node -e ''`).
//
// Usage: npm run build && node bench/startup.mjs [--rounds 21] [--against CHECKOUT] [--instructions]
//   --against CHECKOUT  also runs CHECKOUT/bin/flyimgc.js (another build of flyimgc, e.g. main's, built
//                       there), so that before and after are measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '21' }, against: { type: 'string' }, instructions: { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
const PLAIN = join(root, 'examples/debian-apt-pip/images.flyimg');
const CONFIGURED = join(root, 'examples/byoi-pure/images.flyimg');

const builds = [['flyimgc', join(root, 'bin/flyimgc.js')], ...(values.against ? [['against', join(resolve(values.against), 'bin/flyimgc.js')]] : [])];
// Each build gets a cache directory of its own: the V8 code cache keeps one file per script, so two builds
// sharing one (or other flyimgc builds run on the machine meanwhile) would evict each other's on every run,
// and every run would be a first run.
const cacheDirs = new Map(builds.map(([name]) => [name, mkdtempSync(join(tmpdir(), `flyimgc-startup-${name}-`))]));
process.on('exit', () => { for (const dir of cacheDirs.values()) rmSync(dir, { recursive: true, force: true }); });
const contestants = [
  { name: "node -e ''", args: ['-e', ''], env: {} },
  ...builds.flatMap(([name, bin]) => {
    const env = { FLYIMGC_CACHE_DIR: cacheDirs.get(name) };
    return [
      { name: `${name} --version`, args: [bin, '--version'], env },
      { name: `${name} check (no flyimg.toml)`, args: [bin, 'check', PLAIN], env },
      { name: `${name} check (flyimg.toml)`, args: [bin, 'check', CONFIGURED], env },
    ];
  }),
];

function run({ name, args, env }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
  return seconds;
}

const times = new Map(contestants.map((c) => [c.name, []]));
for (const c of contestants) run(c); // warm the file system cache
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < contestants.length; i++) {
    const c = contestants[(round + i) % contestants.length];
    times.get(c.name).push(run(c));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = median(times.get("node -e ''"));
console.log(`start-up, ${rounds} alternating rounds, medians (Node ${process.version})`);
const width = Math.max(...contestants.map((c) => c.name.length));
for (const c of contestants) {
  const m = median(times.get(c.name));
  const version = builds.find(([name]) => c.name.startsWith(`${name} `));
  const versus = version && !c.name.endsWith('--version') ? `  ${(m / median(times.get(`${version[0]} --version`))).toFixed(2)}× its --version` : '';
  console.log(`  ${c.name.padEnd(width)}  ${(m * 1000).toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)}× node -e ''${versus}`);
}

if (values.instructions) {
  /** Instructions one run executes, counted by callgrind. */
  const instructions = ({ name, args, env }) => {
    const result = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    const collected = /Collected : (\d+)/.exec(result.stderr ?? '');
    if (result.status !== 0 || !collected) throw new Error(`${name} under callgrind: ${result.error?.message ?? result.stderr}`);
    return Number(collected[1]);
  };
  const counts = new Map(contestants.map((c) => [c.name, []]));
  for (let round = 0; round < 3; round++) for (const c of contestants) counts.get(c.name).push(instructions(c));
  const base = median(counts.get("node -e ''"));
  console.log('instructions (callgrind), medians of 3');
  for (const c of contestants) {
    const m = median(counts.get(c.name));
    console.log(`  ${c.name.padEnd(width)}  ${(m / 1e6).toFixed(0).padStart(5)} M  ${(m / base).toFixed(2)}× node -e ''`);
  }
}
