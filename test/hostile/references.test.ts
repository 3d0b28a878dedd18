/**
 * Issue 10 item 1: image references from flyimg.toml and the command line reached FROM, COPY --from and
 * ENV unchecked, so a line break injected instructions. Every one now goes through the one reference
 * grammar (src/reference/reference.ts) and is refused where it is written.
 */
import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { compile } from '../../src/compile.js';
import { positionAt } from '../../src/source.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { flyimgc, tempProject } from '../helpers/cli.js';
import { memoryHost } from '../helpers/memoryHost.js';

const APP = 'app = Image.from_ref_name("base").clone(name="app", python_version=(3, 12), registry="ghcr.io/acme", extendable=True).with_env_vars({"A": "1"})\n';
const INJECTED = 'python:3.12\\nUSER root\\nRUN touch /pwned';

function compileWithConfig(toml: string) {
  return compile(['main.flyimg'], memoryHost({ 'main.flyimg': APP, 'flyimg.toml': toml }), { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES });
}

describe('flyimg.toml references are checked at their value', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['[images]', `base = "${INJECTED}"`, 'image reference'],
    ['[tools]', `uv = "${INJECTED}"`, 'image reference'],
    ['[tools]', `pixi = "ghcr.io/prefix-dev/pixi:1 AS x"`, 'image reference'],
    ['[mirrors]', `"docker.io/library" = "mirror.example.com\\nRUN id"`, 'registry'],
    ['[mirrors]', `"docker.io/library\\nRUN id" = "mirror.example.com"`, 'registry'],
    ['[build]', `registry = "ghcr.io/acme\\nUSER root"`, 'registry'],
    ['[build]', `registry = "ghcr.io/acme $(id)"`, 'registry'],
  ];
  it.each(cases)('%s %s → FLY3016 at the value, nothing emitted', (table, line, what) => {
    const toml = `# settings\n[images]\nbase = "python:3.12-slim"\n\n${table}\n${line}\n`.replace('[images]\nbase = "python:3.12-slim"\n\n[images]\n', '[images]\n');
    const result = compileWithConfig(toml);
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes).toContain('FLY3016');
    expect(result.outputs.filter((o) => o.path.endsWith('Dockerfile'))).toEqual([]);
    const d = result.diagnostics.find((x) => x.code === 'FLY3016')!;
    expect(d.message).toContain(`valid ${what}`);
    const span = d.primary!.span;
    expect(span.file).toBe('flyimg.toml');
    const source = result.analysis.sources.get('flyimg.toml')!;
    const written = source.text.slice(span.start, span.end);
    // The span is the quoted value (or the quoted key, for a mirror prefix): on the line that holds it.
    expect(line).toContain(written);
    expect(positionAt(source, span.start).line).toBe(toml.split('\n').indexOf(line) + 1);
  });

  it('a mirror that turns a reference into a non-reference is FLY3016 at the mirror, not an internal error', () => {
    const result = compileWithConfig('[images]\nbase = "python:3.12-slim"\n[mirrors]\n"python" = "localhost:5000"\n');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3016']);
    expect(result.diagnostics[0]!.message).toContain('the mirror turns `python:3.12-slim` into it');
    const source = result.analysis.sources.get('flyimg.toml')!;
    expect(source.text.slice(result.diagnostics[0]!.primary!.span.start, result.diagnostics[0]!.primary!.span.end)).toBe('"localhost:5000"');
  });

  it('check finds it too (the rule mirroredReferencesValid), for a base and for a tool image', () => {
    const codes = (toml: string) => analyze(['main.flyimg'], memoryHost({ 'main.flyimg': APP, 'flyimg.toml': toml })).diagnostics.map((d) => d.code);
    expect(codes('[images]\nbase = "python:3.12-slim"\n[mirrors]\n"python" = "localhost:5000"\n')).toEqual(['FLY3016']);
    expect(codes('[images]\nbase = "python:3.12-slim"\n[mirrors]\n"ghcr.io/astral-sh/uv" = "localhost:5000"\n')).toEqual(['FLY3016']);
    expect(codes('[images]\nbase = "python:3.12-slim"\n[mirrors]\n"ghcr.io/astral-sh" = "localhost:5000"\n')).toEqual([]);
  });

  it('a mirror written with a trailing slash adds one separator', () => {
    const result = compileWithConfig('[images]\nbase = "python:3.12-slim"\n[mirrors]\n"docker.io/library" = "mirror.example.com/lib/"\n');
    expect(result.diagnostics).toEqual([]);
    const dockerfile = result.outputs.find((o) => o.path === 'app/Dockerfile');
    expect(dockerfile && 'text' in dockerfile ? dockerfile.text : '').toContain('FROM mirror.example.com/lib/python:3.12-slim\n');
  });

  it('valid references still compile, mirrors applied', () => {
    const result = compileWithConfig('[images]\nbase = "python:3.12-slim"\n[mirrors]\n"docker.io/library" = "mirror.example.com/library"\n[build]\nregistry = "localhost:5000/team"\n');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dockerfile = result.outputs.find((o) => o.path === 'app/Dockerfile');
    expect(dockerfile && 'text' in dockerfile ? dockerfile.text : '').toContain('FROM mirror.example.com/library/python:3.12-slim\n');
  });
});

describe('command-line references are refused naming the flag', () => {
  it('--image with a line break is FLY9004 and writes nothing', async () => {
    const dir = tempProject({ 'app.flyimg': APP });
    const result = await flyimgc(['compile', 'app.flyimg', '--out', 'build', '--image', 'base=python:3.12\nUSER root'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('FLY9004');
    expect(result.stderr).toContain('invalid --image "base=python:3.12\\nUSER root": the image is not a valid reference: it holds a line break');
  });

  it('--registry with a line break is a usage error naming the flag', async () => {
    const dir = tempProject({ 'app.flyimg': APP.replace('from_ref_name("base")', 'from_base("python:3.12-slim")') });
    const result = await flyimgc(['plan', 'app.flyimg', '--registry', 'localhost:5000\nUSER root'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--registry "localhost:5000\\nUSER root" is not a valid registry: it holds a line break');
  });
});
