import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../../src/analyze.js';
import { compile } from '../../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../../src/ir/ir.js';
import { memoryHost } from '../../helpers/memoryHost.js';

const TOOL_HEADER = '# /// script\n# dependencies = ["requests"]\n# [tool.uv]\n# exclude-newer = "2026-01-01T00:00:00Z"\n# ///\nprint(1)\n';
const PLAIN_HEADER = '# /// script\n# dependencies = ["requests"]\n# ///\nprint(1)\n';

function codes(source: string, files: Record<string, string>, hash: 'v1' | 'flyte'): { check: string[]; compile: string[] } {
  const host = () => memoryHost({ 'main.flyimg': source, ...files });
  const options = { ...DEFAULT_ANALYZE_OPTIONS, hash };
  const errors = (ds: readonly { code: string; severity: string }[]) => ds.filter((d) => d.severity === 'error').map((d) => d.code);
  return { check: errors(analyze(['main.flyimg'], host(), options).diagnostics), compile: errors(compile(['main.flyimg'], host(), { ...options, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES }).diagnostics) };
}

describe('flyteTagsReproducible: with --hash flyte, every built image can get flyte-sdk\'s tag offline (FLY6003)', () => {
  it('refuses a uv script with a [tool] table and a pixi script, in check as in compile, only with --hash flyte', () => {
    const uv = 'app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme")\n';
    expect(codes(uv, { 's.py': TOOL_HEADER }, 'flyte')).toEqual({ check: ['FLY6003'], compile: ['FLY6003'] });
    expect(codes(uv, { 's.py': TOOL_HEADER }, 'v1')).toEqual({ check: [], compile: [] });
    expect(codes(uv, { 's.py': PLAIN_HEADER }, 'flyte')).toEqual({ check: [], compile: [] });
    const pixi = 'app = Image.from_pixi_script("t.py", name="app", registry="ghcr.io/acme", platform=("linux/amd64",))\n';
    expect(codes(pixi, { 't.py': PLAIN_HEADER }, 'flyte')).toEqual({ check: ['FLY6003'], compile: ['FLY6003'] });
  });

  it('reports each built image of a chain at its own binding', () => {
    const src = 'app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme")\nmore = app.with_env_vars({"A": "1"})\n';
    const found = analyze(['main.flyimg'], memoryHost({ 'main.flyimg': src, 's.py': TOOL_HEADER }), { ...DEFAULT_ANALYZE_OPTIONS, hash: 'flyte' }).diagnostics;
    expect(found.map((d) => `${d.code} ${d.primary?.span.start}`)).toEqual(['FLY6003 0', `FLY6003 ${src.indexOf('more')}`]);
  });
});
