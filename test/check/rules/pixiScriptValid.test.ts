import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../../src/analyze.js';
import { compile } from '../../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../../src/ir/ir.js';
import { memoryHost } from '../../helpers/memoryHost.js';

const SCRIPT = '# /// script\n# dependencies = ["numpy"]\n#\n# [tool.pixi.workspace]\n# platforms = ["linux-64"]\n# ///\nimport numpy\n';
const files = { 'main.flyimg': 'app = Image.from_pixi_script("tool.py", name="tool", registry="ghcr.io/acme", platform=("linux/amd64",))\n', 'tool.py': SCRIPT };

describe('pixiScriptValid: a pixi script header lowers to a manifest for the platforms built', () => {
  it("accepts a script whose declared platforms cover the image's", () => {
    expect(analyze(['main.flyimg'], memoryHost(files)).diagnostics).toEqual([]);
  });

  it('reports, before lowering, a --platform the script does not declare (FLY5053), in check and compile alike', () => {
    const options = { ...DEFAULT_ANALYZE_OPTIONS, platforms: ['linux/arm64'] };
    expect(analyze(['main.flyimg'], memoryHost(files), options).diagnostics.map((d) => [d.code, d.primary?.span.file])).toEqual([['FLY5053', 'tool.py']]);
    const compiled = compile(['main.flyimg'], memoryHost(files), { ...options, tools: DEFAULT_TOOL_IMAGES });
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(['FLY5053']);
    expect(compiled.outputs).toEqual([]);
  });
});
