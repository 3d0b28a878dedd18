import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { nodeHost } from '../../src/cli/io.js';
import { compile, type CompileOptions } from '../../src/compile.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { sha256Hex } from '../../src/hash/contentHash.js';

export const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

export interface CaseOptions {
  readonly images?: Readonly<Record<string, string>>;
  readonly allowOutsideProject?: boolean;
}

/**
 * Compiles `<case>/input.flyimg` with the case directory as the working directory, and returns what a
 * reviewer should see: each image's Dockerfile, its context listing, the manifest, or the rendered
 * diagnostics. Errors XOR outputs: a failing case has only diagnostics.txt.
 */
export function runCase(caseDir: string): Map<string, string> {
  const caseJson = join(caseDir, 'case.json');
  const options: CaseOptions = exists(caseJson) ? (JSON.parse(readFileSync(caseJson, 'utf8')) as { options?: CaseOptions }).options ?? {} : {};
  const compileOptions: CompileOptions = {
    ...DEFAULT_ANALYZE_OPTIONS,
    allowOutsideProject: options.allowOutsideProject ?? false,
    imageMap: new Map(Object.entries(options.images ?? {})),
    tools: DEFAULT_TOOL_IMAGES,
  };
  const host = nodeHost(caseDir);
  const result = compile(['input.flyimg'], host, compileOptions);
  const actual = new Map<string, string>();
  if (result.diagnostics.length > 0) actual.set('diagnostics.txt', renderDiagnostics(result.diagnostics, result.analysis.sources, { color: false }));
  for (const output of result.outputs) {
    if (output.path === 'manifest.json' && 'text' in output) actual.set('manifest.json', output.text);
    else if (output.path.endsWith('/Dockerfile')) {
      const image = output.path.split('/')[0]!;
      if ('text' in output) actual.set(`Dockerfile.${image}`, output.text);
      else if ('copyFrom' in output) actual.set(`Dockerfile.${image}`, readFileSync(join(caseDir, output.copyFrom), 'utf8'));
    }
  }
  for (const image of result.images) {
    if (image.ir.kind === 'external') continue;
    const lines = image.ir.context.map((f) => {
      const bytes = 'text' in f ? Buffer.from(f.text) : readFileSync(join(caseDir, f.from));
      return `${f.path}\t${bytes.length}\t${sha256Hex(bytes).slice(0, 12)}${f.executable ? '\texecutable' : ''}`;
    });
    actual.set(`context.${image.ir.binding.name}.txt`, lines.length > 0 ? `${lines.join('\n')}\n` : '(empty)\n');
  }
  return actual;
}

/** Compares a case's outputs with `expected/`; missing files are written and fail; UPDATE_GOLDEN=1 rewrites. */
export function expectGoldenDir(expectedDir: string, actual: ReadonlyMap<string, string>): void {
  const existing = exists(expectedDir) ? listFiles(expectedDir) : [];
  if (UPDATE) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const [name, text] of actual) write(join(expectedDir, name), text);
    return;
  }
  const created: string[] = [];
  for (const [name, text] of actual) {
    if (!existing.includes(name)) {
      write(join(expectedDir, name), text);
      created.push(name);
    }
  }
  expect(created, `created ${created.join(', ')} in ${expectedDir}: review them`).toEqual([]);
  expect(existing.sort()).toEqual([...actual.keys()].sort());
  for (const [name, text] of actual) expect(text, `${expectedDir}/${name}`).toBe(readFileSync(join(expectedDir, name), 'utf8'));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
