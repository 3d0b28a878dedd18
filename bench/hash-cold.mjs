#!/usr/bin/env node
// Benchmark (not a test): cold hashing of a tree (issue #14, target 1), each figure a ratio against its
// neighbour measured in the same run (alternating, several rounds, medians), plus peak RSS:
//   whole process  `flyimgc explain --no-cache`   vs `find | xargs sha256sum` (one process at a time) and
//                                                    `xargs -P2 sha256sum` (both cores);
//                  `flyimgc check` of the same file (start-up and parse, no hashing) is shown as the floor;
//   in process     compile with no digest cache (hashing ahead as the CLI does), v1 and `--hash flyte`,
//                  per file       vs flyte-sdk's own walk (bench/flyte_sdk_hash.py, python3),
//                  whose md5 must equal flyimgc's `--hash flyte` tag (checked: an independent answer);
//                  and Node's own floor for the same files (a bare loop on one thread: readdir, lstat,
//                  open/read/close, sha256), to show what is left to cut and what is not.
// Usage: npm run build && node bench/hash-cold.mjs [files=5000] [megabytes=6] [rounds=5]
//   small files: node bench/hash-cold.mjs 5000 6      big tree: node bench/hash-cold.mjs 20000 500 3
//   before/after: BASELINE=<another built checkout> adds its explain and in-process figures to the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/flyimgc.js', import.meta.url));
const PY = fileURLToPath(new URL('./flyte_sdk_hash.py', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CHECKOUT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE = process.env['BASELINE'];
const BASE = 'python:3.12-slim';

if (process.argv[2] === '--floor') {
  // What Node itself costs for the same work on one thread, with nothing else: list every directory, lstat
  // every entry, open/read/close every file and sha256 its bytes. Not a target: the floor the targets meet.
  const { closeSync, lstatSync, openSync, readdirSync, readSync } = await import('node:fs');
  const { hash } = await import('node:crypto');
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const buffer = Buffer.allocUnsafeSlow(1 << 20);
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = `${dir}/${name}`;
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(process.argv[3], 'tree'));
  for (const file of files) {
    const fd = openSync(file, 'r');
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n === buffer.length) throw new Error('the floor reads small files only');
    closeSync(fd);
    hash('sha256', buffer.subarray(0, n), 'hex');
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssKiB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

if (process.argv[2] === '--child') {
  // One measurement in a fresh process, so that its peak RSS is its own.
  const [, , , mode, root, checkout] = process.argv;
  const dist = (file) => new URL(`dist/${file}`, `file://${checkout}/`).href;
  const { DEFAULT_ANALYZE_OPTIONS } = await import(dist('analyze.js'));
  const { DigestCache } = await import(dist('cli/digestCache.js'));
  const { nodeHost } = await import(dist('cli/io.js'));
  const { compile } = await import(dist('compile.js'));
  const { DEFAULT_TOOL_IMAGES } = await import(dist('ir/ir.js'));
  const options = { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES, hash: mode };
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const result = compile(['images.flyimg'], nodeHost(root, { digests: new DigestCache(undefined, undefined, { prefetch: mode !== 'flyte' }) }), options);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const error = result.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new Error(error.message);
  // CPU seconds of every thread (a worker's too): what the work costs, whatever else the machine runs.
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, tag: result.images[0].hash.tag, rssKiB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const files = Number(process.argv[2] ?? 5000);
const megabytes = Number(process.argv[3] ?? 6);
const rounds = Number(process.argv[4] ?? 5);
// Under the checkout (this machine's /tmp is much slower for metadata); kept between runs (`.complete`),
// since writing 500 MiB takes longer than measuring it. CLEAN=1 removes it afterwards.
const root = fileURLToPath(new URL(`./.work/hash-cold-${files}-${megabytes}/`, import.meta.url));
const tree = join(root, 'tree');
const perFile = Math.floor((megabytes * 1024 * 1024) / files);
if (!existsSync(join(root, '.complete'))) {
  rmSync(root, { recursive: true, force: true });
  process.stderr.write(`making ${files} files of ${perFile} bytes under ${tree}...\n`);
  const chunk = Buffer.alloc(perFile, 7);
  for (let i = 0; i < files; i++) {
    const dir = join(tree, `d${i % 100}`, `e${Math.floor(i / 100) % 20}`);
    if (i < 2000) mkdirSync(dir, { recursive: true });
    if (perFile >= 4) chunk.writeUInt32LE(i, 0);
    writeFileSync(join(dir, `f${i}.py`), chunk);
  }
  writeFileSync(join(root, '.complete'), '');
}
writeFileSync(join(root, 'images.flyimg'), `app = Image.from_base("${BASE}").clone(name="app", extendable=True).with_source_folder("tree")\n`);
execFileSync('sync');
// Warm the page cache once: every side reads from memory.
execFileSync('sh', ['-c', 'find tree -type f -print0 | xargs -0 cat > /dev/null'], { cwd: root });

/** Wall time, CPU time (user + system, all threads and children) and peak RSS of a whole process. */
const timed = (argv) => {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S', ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${argv.join(' ')}: ${run.stderr}`);
  const [rss, user, system] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, cpuSeconds: user + system, rssKiB: rss, stdout: run.stdout };
};
const sides = {
  'sha256sum, one process at a time': () => timed(['sh', '-c', 'find tree -type f -print0 | xargs -0 sha256sum > /dev/null']),
  'sha256sum, xargs -P2': () => timed(['sh', '-c', `find tree -type f -print0 | xargs -0 -P2 -n ${Math.max(1, Math.ceil(files / 16))} sha256sum > /dev/null`]),
  "node -e ''": () => timed(['node', '-e', '']),
  'flyimgc check (start-up, no hashing)': () => timed(['node', BIN, 'check', 'images.flyimg']),
  'flyimgc explain --no-cache': () => timed(['node', BIN, 'explain', 'app', 'images.flyimg', '--no-cache']),
  'flyimgc explain --no-cache --hash flyte': () => timed(['node', BIN, 'explain', 'app', 'images.flyimg', '--no-cache', '--hash', 'flyte']),
  ...(perFile < 1 << 20 ? { 'in process: node floor, one thread': () => ({ ...JSON.parse(timed(['node', SELF, '--floor', root]).stdout) }) } : {}),
  'in process: compile, v1': () => child('v1'),
  'in process: compile, --hash flyte': () => child('flyte'),
  "in process: flyte-sdk's walk (python3)": () => {
    const run = timed(['python3', PY, 'tree', BASE, './tree', '1']);
    const [md5, seconds, cpuSeconds] = run.stdout.trim().split(' ');
    return { seconds: Number(seconds), cpuSeconds: Number(cpuSeconds), rssKiB: run.rssKiB, tag: md5 };
  },
};
if (BASELINE) {
  sides['baseline: explain --no-cache'] = () => timed(['node', join(BASELINE, 'bin/flyimgc.js'), 'explain', 'app', 'images.flyimg', '--no-cache']);
  sides['baseline: explain --no-cache --hash flyte'] = () => timed(['node', join(BASELINE, 'bin/flyimgc.js'), 'explain', 'app', 'images.flyimg', '--no-cache', '--hash', 'flyte']);
  sides['baseline: in process, v1'] = () => child('v1', BASELINE);
  sides['baseline: in process, --hash flyte'] = () => child('flyte', BASELINE);
}
function child(mode, checkout = CHECKOUT) {
  const run = timed(['node', SELF, '--child', mode, root, checkout]);
  return { ...JSON.parse(run.stdout), rssKiB: run.rssKiB };
}

const samples = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  const order = Object.keys(sides);
  if (round % 2 === 1) order.reverse();
  for (const name of order) samples[name].push(sides[name]());
  process.stderr.write(`round ${round + 1}/${rounds}\n`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { seconds: median(v.map((s) => s.seconds)), cpuSeconds: median(v.map((s) => s.cpuSeconds)), rssKiB: Math.max(...v.map((s) => s.rssKiB)), tag: v[0].tag }]));
const mib = (files * perFile) / 1048576;
console.log(`tree: ${files} files, ${mib.toFixed(1)} MiB; ${rounds} rounds, medians; peak RSS is the largest seen; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
console.log(`  ${''.padEnd(42)} ${'wall'.padStart(8)}    ${'CPU'.padStart(8)}`);
for (const [name, s] of Object.entries(m)) console.log(`  ${name.padEnd(42)} ${s.seconds.toFixed(3).padStart(8)} s  ${s.cpuSeconds.toFixed(3).padStart(8)} s  ${(s.rssKiB / 1024).toFixed(0).padStart(5)} MiB peak`);
const ratio = (neighbour, ours) => `${(m[neighbour].seconds / m[ours].seconds).toFixed(2)} (CPU ${(m[neighbour].cpuSeconds / m[ours].cpuSeconds).toFixed(2)})`;
const perFileUs = (name) => `${((m[name].seconds / files) * 1e6).toFixed(1)} (CPU ${((m[name].cpuSeconds / files) * 1e6).toFixed(1)})`;
const startup = m['flyimgc check (start-up, no hashing)'].seconds;
console.log('ratios, wall (CPU) (neighbour time / flyimgc time; > 1 means flyimgc is faster; a loaded machine makes wall time noisy):');
console.log(`  whole process, explain v1    vs sha256sum (one at a time): ${ratio('sha256sum, one process at a time', 'flyimgc explain --no-cache')}x   (target >= 1)`);
console.log(`  whole process, explain v1    vs xargs -P2 sha256sum:       ${ratio('sha256sum, xargs -P2', 'flyimgc explain --no-cache')}x`);
console.log(`  whole process, explain flyte vs xargs -P2 sha256sum:       ${ratio('sha256sum, xargs -P2', 'flyimgc explain --no-cache --hash flyte')}x`);
const beyond = (name) => Math.max(1e-3, m[name].seconds - startup);
console.log(`  explain v1 beyond start-up (explain - check) ${beyond('flyimgc explain --no-cache').toFixed(3)} s vs sha256sum: ${(m['sha256sum, one process at a time'].seconds / beyond('flyimgc explain --no-cache')).toFixed(2)}x; vs xargs -P2: ${(m['sha256sum, xargs -P2'].seconds / beyond('flyimgc explain --no-cache')).toFixed(2)}x`);
console.log(`  start-up floor: flyimgc check ${startup.toFixed(3)} s = ${(startup / m["node -e ''"].seconds).toFixed(2)}x node -e '' (issue #14 target 4, not this script's)`);
console.log(`  in process, per file: v1 ${perFileUs('in process: compile, v1')} us, flyte ${perFileUs('in process: compile, --hash flyte')} us, flyte-sdk ${perFileUs("in process: flyte-sdk's walk (python3)")} us`);
console.log(`    flyte-sdk / v1:    ${ratio("in process: flyte-sdk's walk (python3)", 'in process: compile, v1')}x   (target >= 5)`);
console.log(`    flyte-sdk / flyte: ${ratio("in process: flyte-sdk's walk (python3)", 'in process: compile, --hash flyte')}x   (target >= 5)`);
const flyteTag = m['in process: compile, --hash flyte'].tag;
const sdkTag = m["in process: flyte-sdk's walk (python3)"].tag;
if (m['in process: node floor, one thread']) {
  const floor = 'in process: node floor, one thread';
  console.log(`  node's own floor (readdir + lstat + open/read/close + sha256, bare loop, one thread): ${perFileUs(floor)} us per file; flyte-sdk / floor ${ratio("in process: flyte-sdk's walk (python3)", floor)}x`);
  console.log(`    floor / v1: ${ratio(floor, 'in process: compile, v1')}x, floor / flyte: ${ratio(floor, 'in process: compile, --hash flyte')}x   (1 = compile costs what the bare loop does)`);
}
console.log(`  --hash flyte tag ${flyteTag} ${flyteTag === sdkTag ? '==' : '!= (A BUG)'} flyte-sdk's md5 ${sdkTag}`);
if (BASELINE) {
  console.log(`before/after, wall (CPU) (baseline ${BASELINE} time / this checkout's time; > 1 means faster now):`);
  for (const [now, before] of [
    ['flyimgc explain --no-cache', 'baseline: explain --no-cache'],
    ['flyimgc explain --no-cache --hash flyte', 'baseline: explain --no-cache --hash flyte'],
    ['in process: compile, v1', 'baseline: in process, v1'],
    ['in process: compile, --hash flyte', 'baseline: in process, --hash flyte'],
  ])
    console.log(`  ${now.padEnd(42)} ${ratio(before, now)}x   peak RSS ${(m[before].rssKiB / 1024).toFixed(0)} -> ${(m[now].rssKiB / 1024).toFixed(0)} MiB`);
  for (const mode of ['v1', '--hash flyte']) {
    const [a, b] = [m[`in process: compile, ${mode}`].tag, m[`baseline: in process, ${mode === 'v1' ? 'v1' : '--hash flyte'}`].tag];
    console.log(`  ${mode} tag ${a} ${a === b ? '== baseline' : `!= baseline ${b} (A BUG)`}`);
  }
}
if (process.env['CLEAN']) rmSync(root, { recursive: true, force: true });
