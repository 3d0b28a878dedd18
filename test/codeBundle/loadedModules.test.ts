import { beforeAll, describe, expect, it } from 'vitest';
import { loadedModules } from '../../src/codeBundle/loadedModules.js';
import type { PythonParser } from '../../src/codeBundle/python.js';
import { loadPythonParser } from '../../src/cli/pythonParser.js';
import { positionAt } from '../../src/source.js';
import { memoryHost } from '../helpers/memoryHost.js';

let parse: PythonParser;
beforeAll(async () => {
  parse = await loadPythonParser();
});

describe('the Python parser (tree-sitter)', () => {
  it('finds imports anywhere, with their level and names, and not in strings or comments', () => {
    const parsed = parse(
      [
        'import a.b as c, d',
        'from . import x',
        'from ..y.z import (q,',
        '   r as s)',
        'from m import *',
        '# import not_this',
        's = "import nor_this"',
        'def f():',
        '    import inside_function',
        'if TYPE_CHECKING:',
        '    from typing_only import T',
        '',
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.imports.map(({ module, level, names }) => ({ module, level, names }))).toEqual([
      { module: 'a.b', level: 0, names: [] },
      { module: 'd', level: 0, names: [] },
      { module: '', level: 1, names: ['x'] },
      { module: 'y.z', level: 2, names: ['q', 'r'] },
      { module: 'm', level: 0, names: ['*'] },
      { module: 'inside_function', level: 0, names: [] },
      { module: 'typing_only', level: 0, names: ['T'] },
    ]);
  });

  it('reports syntax errors where they are, in UTF-16 offsets', () => {
    const text = 'é = "ünïcode"\ndef f(:\n    pass\n';
    const parsed = parse(text);
    expect(parsed.errors.length).toBeGreaterThan(0);
    const at = positionAt({ path: 'x.py', text }, parsed.errors[0]!.start);
    expect(at.line).toBe(2);
  });
});

describe('loaded modules', () => {
  const files = {
    'app/main.py': 'from pkg import helpers\nimport pkg.sub.deep\nimport os, numpy\n',
    'app/pkg/__init__.py': '',
    'app/pkg/helpers.py': 'from . import util\nfrom .sub import deep as d\n',
    'app/pkg/util.py': 'from ..outside import nothing\n',
    'app/pkg/sub/__init__.py': 'X = 1\n',
    'app/pkg/sub/deep.py': 'from .. import helpers\n',
    'app/pkg/unused.py': 'import this_is_not_loaded\n',
    'app/other/__init__.py': '',
    'app/notes.txt': 'not python',
    'elsewhere/lib.py': '',
  };

  it('follows absolute and relative imports from the entries, under root_dir only, sorted', () => {
    const found = loadedModules([{ path: 'app/main.py' }], 'app', memoryHost(files), parse);
    expect(found.diagnostics).toEqual([]);
    expect(found.files).toEqual(['app/main.py', 'app/pkg/__init__.py', 'app/pkg/helpers.py', 'app/pkg/sub/__init__.py', 'app/pkg/sub/deep.py', 'app/pkg/util.py']);
  });

  it("loads an entry's packages as importing it would", () => {
    const found = loadedModules([{ path: 'app/pkg/sub/deep.py' }], 'app', memoryHost(files), parse);
    expect(found.files).toEqual(['app/pkg/__init__.py', 'app/pkg/helpers.py', 'app/pkg/sub/__init__.py', 'app/pkg/sub/deep.py', 'app/pkg/util.py']);
  });

  it('an entry that does not exist, or lies outside root_dir, is a located diagnostic', () => {
    const span = { file: 'flyimg.toml', start: 10, end: 15 };
    const found = loadedModules([{ path: 'app/nope.py', span }, { path: 'elsewhere/lib.py' }, { path: 'app/notes.txt' }], 'app', memoryHost(files), parse);
    expect(found.diagnostics.map((d) => [d.code, d.primary?.span.file])).toEqual([
      ['FLY5060', 'flyimg.toml'],
      ['FLY5060', undefined],
      ['FLY5060', undefined],
    ]);
    expect(found.diagnostics[1]!.message).toContain('not under root_dir');
  });

  it('a syntax error in an imported module is located in that .py file', () => {
    const found = loadedModules([{ path: 'app/main.py' }], 'app', memoryHost({ ...files, 'app/pkg/util.py': 'x = 1\ndef broken(:\n    pass\n' }), parse);
    const errors = found.diagnostics.filter((d) => d.code === 'FLY5061');
    expect(errors.length).toBeGreaterThan(0);
    const span = errors[0]!.primary!.span;
    expect(span.file).toBe('app/pkg/util.py');
    expect(positionAt(found.sources.get('app/pkg/util.py')!, span.start).line).toBe(2);
  });
});
