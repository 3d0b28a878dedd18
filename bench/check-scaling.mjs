#!/usr/bin/env node
// Benchmark (not a test): how `check` (analyze) scales, as doubling series. Every size of a series is run
// once per round, round after round (so that the machine's load falls on all of them alike), and each
// figure is the median over the rounds. Times are the process's CPU time (user + system, all threads, the
// garbage collector's included): on a machine shared with other work it moves much less than wall time.
// The ratio printed is time(2N) / time(N): near 2 per doubling is linear work, near 4 quadratic.
//   images     N images x 10 layers (11 lines each), as bench/compile-many.mjs: parse alone (load and parse
//              the file) next to the whole check of the same text (issue 14's target: check >= 200k lines/s;
//              bench/check-cli.mjs measures the same programs as whole `flyimgc check` processes, with peak memory);
// and shapes that used to be quadratic (issue 10, item 15):
//   undefined      N bindings that each use an undefined name (a suggestion is searched for each);
//   chain          N images, each extending the one before with an ENV layer (each image holds every
//                  layer before it: shared, not copied, see src/check/layers.ts);
//   chain-files    the same with a copied file per image (the copy-destination rule looks at every copy);
//   chain-folders  the same with a copied folder per image;
//   chain-workdir  the same with a WORKDIR per image;
//   chain-lsp      `chain` re-checked by the language server's incremental analysis after an edit in the
//                  middle (half the images change): the time of the re-check;
//   chain-compile  `chain` compiled (in memory, nothing written): every image's Dockerfile holds every layer
//                  before it, so the output itself grows as N²; printed next to the output's size, and
//                  `per byte` (time ratio / size ratio) near 1 means no work beyond what the output needs;
//   imports        an import chain N files deep (loaded with an explicit stack, not recursion).
// Usage: npm run build && node bench/check-scaling.mjs [shape=all] [start=1000] [steps=5] [--rounds=3] [--against=/other/checkout]
//   e.g. node bench/check-scaling.mjs images 1250 4   (1,250 to 10,000 images)
//   --against=/other/checkout (built): its analysis runs on the same texts in the same rounds, right after
//   ours, and the ratio ours/theirs is printed for each size.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../dist/analyze.js';
import { compile } from '../dist/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../dist/ir/ir.js';
import { IncrementalAnalyzer } from '../dist/incremental/analyzer.js';
import { loadProgram } from '../dist/names/program.js';
import { manyImagesSource } from './manyImages.mjs';

// Garbage collected before every run, so that no run pays for the heap an earlier one left (with --against,
// a quadratic version's heap would otherwise slow the runs after it).
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const args = process.argv.slice(2);
const [shapeArg = 'all', startArg = '1000', stepsArg = '5'] = args.filter((a) => !a.startsWith('--'));
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(option('rounds') ?? 3);
const against = option('against');
const load = async (root) => {
  const module = (path) => import(new URL(`file://${resolve(root, 'dist', path)}`).href);
  return {
    analyze: (await module('analyze.js')).analyze,
    compile: (await module('compile.js')).compile,
    IncrementalAnalyzer: (await module('incremental/analyzer.js')).IncrementalAnalyzer,
  };
};
const ours = { analyze, compile, IncrementalAnalyzer };
const theirs = against ? await load(against) : undefined;

/** The files in memory; directories are implied by the files' paths. */
function memoryHost(files) {
  const bytes = new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  const children = new Map([['.', new Set()]]);
  for (const path of bytes.keys()) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = i === 0 ? '.' : parts.slice(0, i).join('/');
      if (!children.has(dir)) children.set(dir, new Set());
      children.get(dir).add(parts[i]);
    }
  }
  return {
    readFile: (p) => (bytes.has(p) ? { ok: true, bytes: bytes.get(p) } : { ok: false, missing: !children.has(p), reason: children.has(p) ? 'it is a directory' : 'no such file' }),
    stat: (p) =>
      bytes.has(p) ? { kind: 'file', size: bytes.get(p).length, executable: false, symlink: false } : children.has(p) ? { kind: 'directory', size: 0, executable: true, symlink: false } : undefined,
    listDir: (p) => (children.has(p) ? [...children.get(p)] : undefined),
    realPath: (p) => (bytes.has(p) || children.has(p) ? `/${p}` : undefined),
  };
}

const BASE = 'Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="base")';
/** N images, each extending the one before with `call(i)`. */
const chainOf = (n, call) => [`x0 = ${BASE}`, ...Array.from({ length: n - 1 }, (_, i) => `x${i + 1} = x${i}.${call(i)}`)].join('\n') + '\n';
const envChain = (n) => chainOf(n, (i) => `with_env_vars({"A": "${i}"})`);

/** Each shape: the files of size n, the root, and (for chain-lsp) the edit re-checked. */
const shapes = {
  images: (n) => ({ files: { 'main.flyimg': manyImagesSource(n) } }),
  undefined: (n) => ({ files: { 'main.flyimg': Array.from({ length: n }, (_, i) => `b${i} = missing${i}.with_pip_packages("numpy")`).join('\n') + '\n' } }),
  chain: (n) => ({ files: { 'main.flyimg': envChain(n) } }),
  'chain-files': (n) => {
    const files = { 'main.flyimg': chainOf(n, (i) => `with_source_file("files/f${i}.txt", dst="/app/")`) };
    for (let i = 0; i < n; i++) files[`files/f${i}.txt`] = `${i}\n`;
    return { files };
  },
  'chain-folders': (n) => {
    const files = { 'main.flyimg': chainOf(n, (i) => `with_source_folder("src/d${i}", dst="/app/d${i}")`) };
    for (let i = 0; i < n; i++) files[`src/d${i}/f.txt`] = `${i}\n`;
    return { files };
  },
  'chain-workdir': (n) => ({ files: { 'main.flyimg': chainOf(n, (i) => `with_workdir("/w${i}")`) } }),
  'chain-compile': (n) => ({ files: { 'main.flyimg': envChain(n) }, compile: true }),
  'chain-lsp': (n) => {
    const text = envChain(n);
    const middle = `"A": "${Math.floor(n / 2)}"`;
    return { files: { 'main.flyimg': text }, edited: { 'main.flyimg': text.replace(middle, `"B": "${Math.floor(n / 2)}"`) } };
  },
  imports: (n) => {
    const files = { 'f0.flyimg': `x0 = ${BASE}\n` };
    for (let i = 1; i < n; i++) files[`f${i}.flyimg`] = `import "f${i - 1}.flyimg"\n\nx${i} = x${i - 1}.with_env_vars({"A": "${i}"})\n`;
    return { files, root: `f${n - 1}.flyimg` };
  },
};

/** What one run measures: a check of `files`, or (with `edited`) the incremental re-check after the edit. */
function runner(impl, { files, edited, compile, root = 'main.flyimg' }) {
  if (compile) {
    return () => {
      const result = impl.compile([root], memoryHost(files), { ...DEFAULT_ANALYZE_OPTIONS, tools: DEFAULT_TOOL_IMAGES });
      return { ...result, bytes: result.outputs.reduce((sum, o) => sum + ('text' in o ? o.text.length : 0), 0) };
    };
  }
  if (!edited) return () => impl.analyze([root], memoryHost(files));
  return () => {
    const analyzer = new impl.IncrementalAnalyzer([root]);
    analyzer.analyze(memoryHost(files));
    const start = cpuSeconds();
    const result = analyzer.analyze(memoryHost(edited));
    return { result, seconds: cpuSeconds() - start };
  };
}

/** CPU seconds this process has used. */
function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds of one run of `work` (its own figure when it measures only part of itself) and its result. */
function once(work) {
  globalThis.gc();
  const start = cpuSeconds();
  const out = work();
  return out && typeof out.seconds === 'number' ? out : { result: out, seconds: cpuSeconds() - start };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const lineCount = (files) => Object.values(files).reduce((sum, text) => sum + text.split('\n').length - 1, 0);

for (const shape of shapeArg === 'all' ? Object.keys(shapes) : [shapeArg]) {
  const sizes = Array.from({ length: Number(stepsArg) }, (_, k) => Number(startArg) * 2 ** k);
  const cases = sizes.map((n) => {
    const input = shapes[shape](n);
    return {
      n,
      lines: lineCount(input.files),
      ours: runner(ours, input),
      theirs: theirs && runner(theirs, input),
      parse: shape === 'images' ? () => loadProgram([input.root ?? 'main.flyimg'], memoryHost(input.files)) : undefined,
      seconds: { ours: [], theirs: [], parse: [] },
      diagnostics: 0,
      bytes: undefined,
    };
  });
  // A warm-up run (not counted), so that the first size does not pay for compiling the code.
  once(cases[0].ours);
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      if (c.parse) c.seconds.parse.push(once(c.parse).seconds);
      const run = once(c.ours);
      c.seconds.ours.push(run.seconds);
      c.diagnostics = run.result.diagnostics.length;
      c.bytes = run.result.bytes;
      if (c.theirs) c.seconds.theirs.push(once(c.theirs).seconds);
    }
  }
  console.log(`${shape}: median of ${rounds} rounds${theirs ? `; theirs = ${against}` : ''}`);
  let previous;
  for (const c of cases) {
    const check = median(c.seconds.ours);
    const rate = (seconds) => `${Math.round(c.lines / seconds / 1000)}k lines/s`;
    const parse = c.parse && median(c.seconds.parse);
    const other = c.theirs && median(c.seconds.theirs);
    const otherPrevious = previous?.other;
    const bytes = c.bytes === undefined ? '' : `  output ${(c.bytes / 1e6).toFixed(1)} MB${previous ? ` x${(c.bytes / previous.bytes).toFixed(2)}, per byte x${(check / previous.check / (c.bytes / previous.bytes)).toFixed(2)}` : ''}`;
    console.log(
      `  n=${String(c.n).padStart(6)} (${c.lines} lines)  ${check.toFixed(3)} s CPU = ${rate(check)}` +
        `  ${previous ? `x${(check / previous.check).toFixed(2)} per doubling` : '                  '}${bytes}` +
        `${parse ? `  (parse alone ${parse.toFixed(3)} s = ${rate(parse)}, ${Math.round((100 * parse) / check)}% of the check)` : ''}` +
        `${other ? `  | theirs ${other.toFixed(3)} s${otherPrevious ? ` x${(other / otherPrevious).toFixed(2)} per doubling` : ''}, ours/theirs ${(check / other).toFixed(2)}` : ''}` +
        `  (${c.diagnostics} diagnostics)`,
    );
    previous = { check, other, bytes: c.bytes };
  }
}
