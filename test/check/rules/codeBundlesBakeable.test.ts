import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS, type AnalyzeOptions } from '../../../src/analyze.js';
import { nodeHost } from '../../../src/cli/io.js';
import { compile } from '../../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../../src/ir/ir.js';
import { memoryHost } from '../../helpers/memoryHost.js';

const APP = 'app = Image.from_debian_base(python_version=(3, 12), name="app", registry="ghcr.io/acme")';

/** The codes `analyze` (check, the language server) and `compile` report for the same files and options. */
function both(files: Record<string, string>, options: Partial<AnalyzeOptions>): { check: string[]; compile: string[]; images: number } {
  const all = { ...DEFAULT_ANALYZE_OPTIONS, ...options };
  const compiled = compile(['main.flyimg'], memoryHost(files), { ...all, tools: DEFAULT_TOOL_IMAGES });
  return { check: analyze(['main.flyimg'], memoryHost(files), all).diagnostics.map((d) => d.code), compile: compiled.diagnostics.map((d) => d.code), images: compiled.images.length };
}

describe('codeBundlesBakeable: the code bundles a deploy bakes in are checked with everything else', () => {
  it('reports a loaded_modules bundle without entry modules (FLY5062) in check as in compile, never lowering it', () => {
    const files = { 'main.flyimg': `${APP}.with_code_bundle()\n`, 'flyimg.toml': '' };
    expect(both(files, { copyStyle: 'none' })).toEqual({ check: ['FLY5062'], compile: ['FLY5062'], images: 0 });
    // A development run bakes nothing in.
    expect(both(files, {})).toEqual({ check: [], compile: [], images: 1 });
  });

  it('reports a root_dir that is not a directory of the project (FLY5063), from flyimg.toml or the options', () => {
    const files = { 'main.flyimg': `${APP}.with_code_bundle(copy_style="all")\n`, 'flyimg.toml': '[flyte]\ncopy_style = "none"\nroot_dir = "missing"\n' };
    expect(both(files, {})).toEqual({ check: ['FLY5063'], compile: ['FLY5063'], images: 0 });
    expect(both({ ...files, 'flyimg.toml': '' }, { copyStyle: 'none', rootDir: 'missing' })).toEqual({ check: ['FLY5063'], compile: ['FLY5063'], images: 0 });
  });

  it("checks a baked `all` bundle's files as every copied folder's: a link out of the project is FLY5007 in check too", () => {
    const top = mkdtempSync(join(tmpdir(), 'flyimgc-bake-'));
    const dir = join(top, 'project');
    mkdirSync(dir);
    writeFileSync(join(top, 'secret.txt'), 'SECRET\n');
    writeFileSync(join(dir, 'flyimg.toml'), '[flyte]\ncopy_style = "none"\n');
    writeFileSync(join(dir, 'main.flyimg'), `${APP}.with_code_bundle(copy_style="all")\n`);
    symlinkSync(join(top, 'secret.txt'), join(dir, 'secret.txt'));
    const message = 'warning FLY5007 `secret.txt` is left out of the build context: it is a symbolic link that points out of the project';
    expect(analyze(['main.flyimg'], nodeHost(dir)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([message]);
    const compiled = compile(['main.flyimg'], nodeHost(dir), { ...DEFAULT_ANALYZE_OPTIONS, tools: DEFAULT_TOOL_IMAGES });
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(['FLY5007']);
    expect(compiled.images[0]!.ir.context.map((f) => f.path)).toEqual(['flyimg.toml', 'main.flyimg']);
  });
});
