import { describe, expect, it } from 'vitest';
import { checkFiles, diagnosticsOf } from '../helpers/check.js';

const base = 'base = Image.from_debian_base(python_version=(3, 12), name="base")\n';

describe('name resolution', () => {
  it('accepts references to earlier bindings and builtins', () => {
    expect(diagnosticsOf(`${base}app = base.with_pip_packages("x")\nreq = Path("a") / "b"\n`)).toEqual([]);
  });

  it('reports an unknown name with a suggestion', () => {
    const analysis = checkFiles({ 'main.flyimg': `${base}app = bsae.with_pip_packages("x")\n` });
    expect(analysis.diagnostics.map((d) => [d.code, d.help])).toEqual([['FLY2001', 'did you mean `base`?']]);
  });

  it('suggests the builtin for a misspelt Image', () => {
    const analysis = checkFiles({ 'main.flyimg': 'app = Imgae.from_base("x")\n' });
    expect(analysis.diagnostics[0]?.help).toBe('did you mean `Image`?');
  });

  it('resolves pasted flyte. and pathlib. names, with or without their import', () => {
    expect(diagnosticsOf('app = flyte.Image.from_base("python:3.12-slim")\n')).toEqual([]);
    expect(diagnosticsOf('import flyte\nimport pathlib\nHERE = pathlib.Path(__file__).parent\ns = flyte.Secret(key="k")\napp = flyte.Image.from_base("python:3.12-slim")\n')).toEqual([]);
    expect(diagnosticsOf('from flyte import Image as I, Secret\nfrom pathlib import Path as P\nreq = P("a") / "b"\napp = I.from_base("python:3.12-slim")\n')).toEqual([]);
  });

  it('binds names imported from flyte that flyimgc does not evaluate, and refuses them only where used', () => {
    expect(diagnosticsOf('from flyte import Resources\nr = Resources\n')).toEqual([]);
    expect(diagnosticsOf('from flyte import Resources\nr = Resources(cpu=1)\nq = flyte.ReusePolicy(replicas=2)\n')).toEqual([]);
    const analysis = checkFiles({ 'main.flyimg': 'from flyte import Resources\napp = Image.from_base(Resources(cpu=1))\n' });
    expect(analysis.diagnostics.map((d) => [d.code, d.message])).toEqual([['FLY3007', expect.stringContaining('`flyte.Resources(...)`')]]);
  });

  it('does not bind the names of an ignored Python import', () => {
    expect(diagnosticsOf('from common import base\napp = base.with_pip_packages("x")\n').map((d) => d.code)).toEqual(['FLY1008', 'FLY2001']);
  });

  it('reports a duplicate binding with the first one as related', () => {
    const analysis = checkFiles({ 'main.flyimg': `${base}base = Image.from_base("x")\n` });
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['FLY2002']);
    expect(analysis.diagnostics[0]?.related[0]?.span.start).toBe(0);
  });

  it('reports a use before the definition and a self reference', () => {
    expect(diagnosticsOf(`app = base.with_pip_packages("x")\n${base}`)).toEqual([{ code: 'FLY2003', line: 1, column: 7 }]);
    expect(diagnosticsOf('app = app.with_pip_packages("x")\n')).toEqual([{ code: 'FLY2003', line: 1, column: 7 }]);
  });

  it('makes the bindings of an imported file visible, relative to the importer', () => {
    const analysis = checkFiles({
      'main.flyimg': 'import "lib/common.flyimg"\napp = base.with_pip_packages("x")\n',
      'lib/common.flyimg': base,
    });
    expect(analysis.diagnostics).toEqual([]);
    expect([...analysis.program.files.keys()]).toEqual(['lib/common.flyimg', 'main.flyimg']);
  });

  it('does not re-export the bindings a file imports', () => {
    expect(
      diagnosticsOf('import "b.flyimg"\napp = base.with_pip_packages("x")\n', {
        'b.flyimg': 'import "c.flyimg"\nother = base\n',
        'c.flyimg': base,
      }),
    ).toEqual([{ code: 'FLY2001', line: 2, column: 7 }]);
  });

  it('reports a missing import at its path', () => {
    expect(diagnosticsOf('import "nope.flyimg"\n')).toEqual([{ code: 'FLY2004', line: 1, column: 8 }]);
  });

  it('reports absolute and non-.flyimg imports', () => {
    expect(diagnosticsOf('import "/etc/x.flyimg"\nimport "x.txt"\n').map((d) => d.code)).toEqual(['FLY2008', 'FLY2008']);
  });

  it('reports an import cycle once, where it closes', () => {
    const analysis = checkFiles({
      'main.flyimg': 'import "a.flyimg"\n',
      'a.flyimg': 'import "b.flyimg"\nx = Image.from_base("x")\n',
      'b.flyimg': 'import "a.flyimg"\ny = Image.from_base("y")\n',
    });
    expect(analysis.diagnostics.map((d) => [d.code, d.primary?.span.file, d.message])).toEqual([
      ['FLY2005', 'b.flyimg', 'import cycle: a.flyimg → b.flyimg → a.flyimg'],
    ]);
  });

  it('reports a file importing itself', () => {
    expect(diagnosticsOf('import "main.flyimg"\nx = Image.from_base("x")\n').map((d) => d.code)).toEqual(['FLY2005']);
  });

  it('reports a name defined by two imports, and a local binding shadowing an import', () => {
    const files = { 'a.flyimg': base, 'b.flyimg': base };
    // Both files are compiled, and both build an image bound to `base`: one output directory (FLY6001, in b.flyimg).
    expect(diagnosticsOf('import "a.flyimg"\nimport "b.flyimg"\n', files)).toEqual([
      { code: 'FLY6001', line: 1, column: 1 },
      { code: 'FLY2006', line: 2, column: 8 },
    ]);
    expect(diagnosticsOf(`import "a.flyimg"\n${base}`, files)).toEqual([{ code: 'FLY2002', line: 2, column: 1 }]);
  });

  it('loads a file imported twice only once', () => {
    const analysis = checkFiles({
      'main.flyimg': 'import "a.flyimg"\nimport "b.flyimg"\nz = x\n',
      'a.flyimg': 'import "c.flyimg"\nx = base\n',
      'b.flyimg': 'import "c.flyimg"\ny = base\n',
      'c.flyimg': base,
    });
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.program.files.size).toBe(4);
  });
});
