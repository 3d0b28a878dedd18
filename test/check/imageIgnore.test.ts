import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { compile } from '../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { memoryHost } from '../helpers/memoryHost.js';

/**
 * An image's `.dockerignore` is one answer (`BuildInputs.imageIgnore`) for the copies, the IR's record, both
 * hashes and the rules, as in flyte-sdk, where `get_and_list_dockerignore` (copies) and
 * `Image._get_hash_digest` (tag) resolve the same file: the last `with_dockerignore` with a non-blank path,
 * else `<root_dir>/.dockerignore` (flyte-image-reference.md §4, §5.1).
 */
const IMAGE = 'app = Image.from_base("python:3.12-slim").clone(name="app", registry="ghcr.io/acme", extendable=True)';

function compiled(source: string, files: Record<string, string>, hash: 'v1' | 'flyte' = 'flyte') {
  const result = compile(['main.flyimg'], memoryHost({ 'main.flyimg': source, ...files }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES, hash });
  expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const ir = result.images[0]!.ir;
  return { ir, pieces: result.images[0]!.hash?.flytePieces ?? [] };
}

describe("an image's .dockerignore: one file for copying and hashing", () => {
  // root_dir is `app/`: its `.dockerignore` is the image's, not the project root's.
  const files = {
    'flyimg.toml': '[flyte]\nroot_dir = "app"\n',
    '.dockerignore': '*.txt\n',
    'app/.dockerignore': '*.log\n',
    'app/run.log': 'log',
    'app/notes.txt': 'notes',
    'app/main.py': 'print(1)\n',
  };

  it("with flyte's root_dir set, the copies, the IR's record and flyte-sdk's tag all use root_dir's .dockerignore", () => {
    const { ir, pieces } = compiled(`${IMAGE}.with_source_folder(Path("app"), dst="/app")\n`, files);
    const copied = ir.context.map((f) => f.path);
    expect(copied).toEqual(['app/.dockerignore', 'app/main.py', 'app/notes.txt']);
    expect(ir.ignore).toEqual({ file: 'app/.dockerignore', patterns: ['*.log'] });
    expect(ir.flyte.ignoreFile).toBe('app/.dockerignore');
    // flyte-sdk hashes what it copies here: run.log is left out of both (it used to be hashed: the tag
    // read the project root's `.dockerignore`, which the copies did not use).
    expect(pieces.filter((p) => p.startsWith('<bytes of'))).toEqual(['<bytes of .dockerignore>', '<bytes of main.py>', '<bytes of notes.txt>']);
  });

  it("without root_dir, the project root's", () => {
    const { 'flyimg.toml': _, ...noRootDir } = files;
    const plain = compiled(`${IMAGE}.with_source_folder(Path("app"), dst="/app")\n`, { ...noRootDir, 'flyimg.toml': '' });
    expect(plain.ir.context.map((f) => f.path)).toEqual(['app/.dockerignore', 'app/main.py', 'app/run.log']);
    expect(plain.ir.ignore).toEqual({ file: '.dockerignore', patterns: ['*.txt'] });
    expect(plain.ir.flyte.ignoreFile).toBe('.dockerignore');
  });

  it("filters a uv project's editable dependencies with root_dir's .dockerignore too (as flyte-sdk: standard patterns plus the image's)", () => {
    const lock = 'version = 1\n\n[[package]]\nname = "helper"\nversion = "0.0.1"\nsource = { editable = "libs/helper" }\n';
    const project = {
      'flyimg.toml': '[flyte]\nroot_dir = "app"\n',
      '.dockerignore': '*.txt\n',
      'app/.dockerignore': '*.log\n',
      'app/pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n',
      'app/uv.lock': lock,
      'app/libs/helper/pyproject.toml': '[project]\nname = "helper"\nversion = "0.0.1"\n',
      'app/libs/helper/build.log': 'log',
      'app/libs/helper/notes.txt': 'notes',
    };
    const { ir } = compiled(`${IMAGE}.with_uv_project(Path("app/pyproject.toml"))\n`, project, 'v1');
    // It used to be the project root's (`*.txt`): notes.txt left out, build.log copied.
    expect(ir.context.map((f) => f.path).filter((p) => p.startsWith('app/libs/'))).toEqual(['app/libs/helper/notes.txt', 'app/libs/helper/pyproject.toml']);
  });
});
