import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkFiles } from '../helpers/check.js';

function render(files: Record<string, string>, color = false) {
  const analysis = checkFiles(files);
  return renderDiagnostics(analysis.diagnostics, analysis.sources, { color });
}

describe('rendering', () => {
  it('renders like rustc: code, message, location, excerpt, carets, help', () => {
    expect(render({ 'main.flyimg': 'base = Image.from_base("x")\n\napp = bsae.with_pip_packages("x")\n' })).toBe(
      [
        'error[FLY2001]: cannot find `bsae` in this file',
        ' --> main.flyimg:3:7',
        '  |',
        '3 | app = bsae.with_pip_packages("x")',
        '  |       ^^^^ not defined',
        '  |',
        '  = help: did you mean `base`?',
        '',
      ].join('\n'),
    );
  });

  it('shows related spans with dashes, and elides lines between snippets', () => {
    const text = render({ 'main.flyimg': 'a = Image.from_base("x")\n\n\n\na = Image.from_base("y")\n' });
    expect(text).toContain('1 | a = Image.from_base("x")\n  | - first bound here\n...\n5 | a = Image.from_base("y")\n  | ^ bound again here');
  });

  it('shows related spans in another file under :::', () => {
    const text = render({ 'main.flyimg': 'import "a.flyimg"\nimport "b.flyimg"\n', 'a.flyimg': 'x = Image.from_base("x")\n', 'b.flyimg': 'x = Image.from_base("x")\n' });
    expect(text).toContain(' --> main.flyimg:2:8');
    expect(text).toContain('so does this one');
  });

  it('expands tabs before placing carets', () => {
    expect(render({ 'main.flyimg': 'a =\tnope\n' })).toContain('1 | a =    nope\n  |        ^^^^ not defined');
  });

  it('colours only when asked', () => {
    const files = { 'main.flyimg': 'a = nope\n' };
    expect(render(files, false)).not.toContain('\x1b[');
    expect(render(files, true)).toContain('\x1b[1;31merror[FLY2001]\x1b[0m');
  });
});
