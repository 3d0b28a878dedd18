import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

describe('valuesEmittable: nothing can break out of its Dockerfile instruction (FLY3019)', () => {
  it('accepts one-line values, and commands with line breaks (they are emitted in exec form)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({"A": "one two"}).with_commands(["set -e\\necho hi"]).with_workdir("/app")\n`)).toEqual([]);
  });

  it('reports a line break in an environment value, at the value', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({"A": "one\\ntwo"})\n`)).toEqual([{ code: 'FLY3019', line: 2, column: 32 }]);
  });

  it('reports NUL in a command', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_commands(["a\\0b"])\n`)).toEqual([{ code: 'FLY3019', line: 2, column: 27 }]);
  });

  it('reports line breaks in installer options', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("x", index_url="https://a\\nb", extra_args="--x\\ny")\n`)).toEqual([
      { code: 'FLY3019', line: 2, column: 45 },
      { code: 'FLY3019', line: 2, column: 72 },
    ]);
  });

  it('reports a line break in a destination and a working directory', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_source_folder("src", dst="/a\\nb").with_workdir("/x\\ny")\n`, { 'src/a.py': '' })).toEqual([
      { code: 'FLY3019', line: 2, column: 42 },
      { code: 'FLY3019', line: 2, column: 64 },
    ]);
  });

  it('reports a line break in a package once', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("requests\\n")\n`)).toEqual([{ code: 'FLY3019', line: 2, column: 30 }]);
  });

  it('reports a line break in a pixi environment', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pixi_project("pixi.toml", environment="a\\nb")\n`, { 'pixi.toml': '' })).toEqual([
      { code: 'FLY3019', line: 2, column: 55 },
    ]);
  });
});
