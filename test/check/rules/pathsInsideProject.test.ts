import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../../src/analyze.js';
import type { HostFiles } from '../../../src/host.js';
import { diagnosticsOf } from '../../helpers/check.js';
import { memoryHost } from '../../helpers/memoryHost.js';
import { BASE, diagnosticsIn } from '../support.js';

describe('pathsInsideProject: nothing is copied from outside the project (FLY5003)', () => {
  it('accepts paths inside the directory of the .flyimg file', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("deps/req.txt")\n`, { 'deps/req.txt': '' })).toEqual([]);
  });

  it('reports an absolute path', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("/etc/req.txt")\n`, { '/etc/req.txt': '' })).toEqual([{ code: 'FLY5003', line: 2, column: 30 }]);
  });

  it('reports a path that climbs out of the project', () => {
    const files = { 'proj/main.flyimg': `${BASE}app = base.with_requirements("../req.txt")\n`, 'req.txt': '' };
    expect(diagnosticsIn(files, ['proj/main.flyimg'])).toEqual([{ code: 'FLY5003', file: 'proj/main.flyimg', line: 2, column: 30 }]);
  });

  it('takes the project root from the nearest flyimg.toml above', () => {
    const files = { 'proj/main.flyimg': `${BASE}app = base.with_requirements("../req.txt")\n`, 'req.txt': '', 'flyimg.toml': '' };
    expect(diagnosticsIn(files, ['proj/main.flyimg'])).toEqual([]);
  });

  it('reports a symbolic link that points out of the project', () => {
    const files = { 'main.flyimg': `${BASE}app = base.with_source_file("link.txt")\n`, 'link.txt': 'secret' };
    const inner = memoryHost(files);
    const host: HostFiles = {
      readFile: (p) => inner.readFile(p),
      stat: (p) => inner.stat(p),
      listDir: (p) => inner.listDir(p),
      realPath: (p) => (p === 'link.txt' ? '../outside/secret.txt' : inner.realPath(p)),
    };
    expect(diagnosticsIn(files, ['main.flyimg'], host)).toEqual([{ code: 'FLY5003', file: 'main.flyimg', line: 2, column: 29 }]);
  });

  it('allows paths outside the project with allowOutsideProject', () => {
    const analysis = analyze(['main.flyimg'], memoryHost({ 'main.flyimg': `${BASE}app = base.with_requirements("/etc/req.txt")\n`, '/etc/req.txt': '' }), {
      ...DEFAULT_ANALYZE_OPTIONS,
      allowOutsideProject: true,
    });
    expect(analysis.diagnostics).toEqual([]);
  });
});
