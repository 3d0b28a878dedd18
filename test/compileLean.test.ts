/**
 * The command line's lean compile (`compileLean`: no syntax trees kept, files made as they are written) is the
 * library's `compile` without the analysis: on every golden fixture, and on the examples, the same files
 * (sorted, byte for byte), images, manifest and diagnostics. Each call of `outputs` makes them afresh.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYZE_OPTIONS } from '../src/analyze.js';
import { nodeHost } from '../src/cli/io.js';
import { compile, compileLean, type CompileOptions, type OutputFile } from '../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../src/ir/ir.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const cases = readdirSync(FIXTURES).filter((name) => statSync(join(FIXTURES, name)).isDirectory()).sort();

function options(dir: string): CompileOptions {
  const caseJson = join(dir, 'case.json');
  const given = statSync(caseJson, { throwIfNoEntry: false }) ? ((JSON.parse(readFileSync(caseJson, 'utf8')) as { options?: { images?: Record<string, string>; allowOutsideProject?: boolean } }).options ?? {}) : {};
  return { ...DEFAULT_ANALYZE_OPTIONS, allowOutsideProject: given.allowOutsideProject ?? false, imageMap: new Map(Object.entries(given.images ?? {})), tools: DEFAULT_TOOL_IMAGES };
}

const byPath = (outputs: Iterable<OutputFile>) => [...outputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

function expectSame(dir: string, roots: readonly string[], compileOptions: CompileOptions): void {
  const full = compile(roots, nodeHost(dir), compileOptions);
  const lean = compileLean(roots, nodeHost(dir), compileOptions);
  expect(lean.diagnostics).toEqual(full.diagnostics);
  expect(lean.manifest).toEqual(full.manifest);
  expect(lean.images).toEqual(full.images);
  expect(lean.analysis.sources).toEqual(full.analysis.sources);
  expect(byPath(lean.outputs())).toEqual(full.outputs);
  expect(byPath(lean.outputs())).toEqual(full.outputs);
}

describe('compileLean', () => {
  it.each(cases)('%s: the same outputs as compile', (name) => {
    const dir = join(FIXTURES, name);
    expectSame(dir, ['input.flyimg'], options(dir));
  });

  it('the examples: the same outputs as compile, in yaml too', () => {
    const roots = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.flyimg')).sort();
    expect(roots.length).toBeGreaterThan(0);
    expectSame(EXAMPLES, roots, { ...options(EXAMPLES), manifestFormat: 'yaml' });
    const lean = compileLean(roots, nodeHost(EXAMPLES), options(EXAMPLES));
    expect(lean.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(byPath(lean.outputs()).length).toBeGreaterThan(roots.length);
  });
});
