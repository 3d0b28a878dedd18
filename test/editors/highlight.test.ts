import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempProject } from '../helpers/cli.js';

/** github-light's default text colour: a token left in it was not highlighted. */
const PLAIN = '#24292E';

/** The light colour of the first span whose text is `text` after indentation (shiki writes one style per token). */
function colourOf(html: string, text: string): string | undefined {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<span style="color:(#[0-9A-Fa-f]{6})[^"]*">\\s*${escaped}`).exec(html)?.[1]?.toUpperCase();
}

/** scripts/render-highlight.mjs: the examples through shiki with our grammar (docs/highlighting.md). */
describe('docs/examples.html', () => {
  let html: string;

  beforeAll(async () => {
    const out = join(tempProject({}), 'examples.html');
    const result = await execa(process.execPath, [join(REPO_ROOT, 'scripts/render-highlight.mjs'), '--out', out], { cwd: REPO_ROOT, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    html = readFileSync(out, 'utf8');
  });

  it('has a section for every example', () => {
    const examples = readdirSync(join(REPO_ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.flyimg'));
    expect(examples.length).toBeGreaterThanOrEqual(11);
    for (const file of examples) expect(html).toContain(`<h2><code>examples/${file.split('\\').join('/')}</code></h2>`);
  });

  it('colours methods, constructors, strings, comments, keyword arguments and numbers, each apart from plain text', () => {
    const colours = {
      method: colourOf(html, 'with_apt_packages'),
      constructor: colourOf(html, 'from_debian_base'),
      string: colourOf(html, '"curl"'),
      comment: colourOf(html, '# debian-apt-pip'),
      keyword: colourOf(html, 'python_version'),
      number: colourOf(html, '12'),
      binding: colourOf(html, 'debian_apt_pip'),
    };
    for (const [what, colour] of Object.entries(colours)) {
      expect(colour, what).toMatch(/^#[0-9A-F]{6}$/);
      expect(colour, what).not.toBe(PLAIN);
    }
    expect(colours.method).not.toBe(colours.string);
    expect(colours.comment).not.toBe(colours.string);
    expect(colours.keyword).not.toBe(colours.string);
    // The dark theme is there too, for readers who prefer it.
    expect(html).toMatch(/--shiki-dark:#[0-9A-Fa-f]{6}/);
  });

  it('is current (node scripts/render-highlight.mjs regenerates it)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/examples.html'), 'utf8')).toBe(html);
  });
});
