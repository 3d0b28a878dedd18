// Builds the documentation site: one HTML page per docs/*.md (and README.md as the home page), rendered with
// markdown-it, code highlighted by shiki (.flyimg code with grammar/flyimg.tmLanguage.json, the grammar
// VS Code uses), a table of contents on every page, and a cookbook page: every example of examples/ with
// its source next to the Dockerfile and tag `flyimgc compile` gives it (compiled here, for real).
// Usage: npm run build && node scripts/build-docs-site.mjs [--out DIR]   (default: build/site)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import MarkdownIt from 'markdown-it';
import { createHighlighter } from 'shiki';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'build/site'));

const grammar = JSON.parse(readFileSync(join(root, 'grammar/flyimg.tmLanguage.json'), 'utf8'));
const THEMES = { light: 'github-light', dark: 'github-dark' };
const highlighter = await createHighlighter({
  langs: [{ ...grammar, name: 'flyimg' }, 'shellscript', 'toml', 'json', 'javascript', 'dockerfile', 'lua', 'yaml'],
  themes: Object.values(THEMES),
});
/** Fence names → shiki languages. The docs label .flyimg code `python` (GitHub highlights that well). */
const LANGUAGES = { python: 'flyimg', flyimg: 'flyimg', sh: 'shellscript', shell: 'shellscript', bash: 'shellscript', toml: 'toml', json: 'json', js: 'javascript', dockerfile: 'dockerfile', lua: 'lua', yaml: 'yaml' };
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const highlight = (code, lang) => {
  const language = LANGUAGES[lang];
  return language ? highlighter.codeToHtml(code, { lang: language, themes: THEMES, defaultColor: 'light' }) : `<pre class="plain"><code>${escape(code)}</code></pre>`;
};

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`, repeats numbered. */
function slugger() {
  const seen = new Map();
  return (text) => {
    const base = text.toLowerCase().trim().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}

// The pages: README as the home page, then every docs/*.md.
const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
const PAGES = [
  { source: 'README.md', page: 'index.html' },
  ...docs.map((f) => ({ source: `docs/${f}`, page: `${basename(f, '.md')}.html` })),
];
const pageOfSource = new Map([...PAGES.map((p) => [p.source, p.page]), ['docs/examples.html', 'cookbook.html']]);

/** A link in `from` (a repository path) → its address on the site, or undefined when it leaves the site. */
function siteLink(href, from) {
  if (/^[a-z]+:/i.test(href) || href.startsWith('#')) return href;
  const [path, anchor] = href.split('#');
  const target = join(from, '..', path).split('\\').join('/');
  const page = pageOfSource.get(target);
  if (page) return anchor ? `${page}#${anchor}` : page;
  return undefined;
}

function markdown(source) {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false, highlight: (code, lang) => highlight(code, (lang ?? '').split(/\s/)[0]) });
  const slug = slugger();
  const headings = [];
  // Heading anchors and the page's table of contents.
  md.core.ruler.push('anchors', (state) => {
    state.tokens.forEach((token, i) => {
      if (token.type !== 'heading_open') return;
      const text = state.tokens[i + 1].children.map((c) => c.content).join('');
      const id = slug(text);
      token.attrSet('id', id);
      headings.push({ level: Number(token.tag.slice(1)), text, id });
    });
  });
  // Links to other documents go to their pages. A link to something the site does not have stops the
  // build: every link of the site must resolve.
  md.core.ruler.push('links', (state) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type === 'image') {
          // Pictures of docs/ are copied next to the pages.
          const src = join(source, '..', token.attrGet('src')).split('\\').join('/');
          if (!src.startsWith('docs/') || !existsSync(join(root, src))) throw new Error(`${source}: the image \`${token.attrGet('src')}\` is not a file of docs/`);
          cpSync(join(root, src), join(out, basename(src)));
          token.attrSet('src', basename(src));
          continue;
        }
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        const mapped = siteLink(href, source);
        if (!mapped) throw new Error(`${source}: the link \`${href}\` leads to nothing the site has; link a page of docs/ or an address`);
        token.attrSet('href', mapped);
      }
    }
  });
  return { md, headings };
}

function layout(title, body, headings, current) {
  const nav = PAGES.map((p) => `<li${p.page === current ? ' class="current"' : ''}><a href="${p.page}">${escape(pageTitle(p))}</a></li>`).join('\n');
  const cookbook = `<li${current === 'cookbook.html' ? ' class="current"' : ''}><a href="cookbook.html">Cookbook: the examples compiled</a></li>`;
  const toc = headings.filter((h) => h.level === 2 || h.level === 3).map((h) => `<li class="toc-h${h.level}"><a href="#${h.id}">${escape(h.text)}</a></li>`).join('\n');
  return `<!doctype html>
<!-- generated by scripts/build-docs-site.mjs; do not edit -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · flyimgc</title>
<link rel="stylesheet" href="site.css">
</head>
<body>
<nav class="site"><a class="brand" href="index.html">flyimgc</a><ul>
${nav}
${cookbook}
</ul></nav>
<main>
${toc ? `<details class="toc" open><summary>On this page</summary><ul>\n${toc}\n</ul></details>` : ''}
${body}
</main>
</body>
</html>
`;
}

const titles = new Map();
function pageTitle(p) {
  if (!titles.has(p.source)) {
    const first = readFileSync(join(root, p.source), 'utf8').match(/^#\s+(.+)$/m);
    titles.set(p.source, p.source === 'README.md' ? 'Overview' : (first?.[1] ?? p.source).replace(/`/g, ''));
  }
  return titles.get(p.source);
}

const CSS = `body { font-family: system-ui, sans-serif; margin: 0; display: flex; color: #1f2328; }
nav.site { width: 16rem; flex: none; padding: 1rem; border-right: 1px solid #d0d7de; min-height: 100vh; box-sizing: border-box; font-size: .9rem; }
nav.site ul { list-style: none; padding: 0; } nav.site li { margin: .3rem 0; } nav.site li.current a { font-weight: 600; }
nav.site .brand { font-size: 1.3rem; font-weight: 700; text-decoration: none; color: inherit; }
main { max-width: 62rem; padding: 1rem 2rem; min-width: 0; }
a { color: #0969da; }
pre.shiki, pre.plain { padding: .8rem 1rem; border: 1px solid #d0d7de; border-radius: 6px; overflow-x: auto; font-size: .85rem; line-height: 1.45; }
code { font-size: .9em; } table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: .3rem .6rem; vertical-align: top; }
details.toc { float: right; max-width: 18rem; margin: 0 0 1rem 1rem; padding: .5rem 1rem; border: 1px solid #d0d7de; border-radius: 6px; font-size: .85rem; background: #f6f8fa; }
details.toc ul { padding-left: 1rem; margin: .3rem 0; } .toc-h3 { margin-left: 1rem; }
.example { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; } .example > div { min-width: 0; }
.tag { font-family: ui-monospace, monospace; background: #ddf4ff; padding: .2rem .4rem; border-radius: 4px; word-break: break-all; }
`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'site.css'), CSS);

for (const p of PAGES) {
  const { md, headings } = markdown(p.source);
  const body = md.render(readFileSync(join(root, p.source), 'utf8'));
  writeFileSync(join(out, p.page), layout(pageTitle(p), body, headings, p.page));
}

// The cookbook: every example compiled by the real CLI; its source next to each image's Dockerfile and tag.
const cli = join(root, 'bin/flyimgc.js');
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const slug = slugger();
const headings = [];
const sections = [];
const work = mkdtempSync(join(tmpdir(), 'flyimgc-site-'));
try {
  for (const name of examples) {
    const dir = join(root, 'examples', name);
    const outDir = join(work, name);
    let compiled;
    try {
      compiled = JSON.parse(execFileSync(process.execPath, [cli, 'compile', '.', '--out', outDir, '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FLYIMGC_NO_CACHE: '1' } }));
    } catch (error) {
      throw new Error(`examples/${name} does not compile: ${error.stdout ?? error.message}`);
    }
    const id = slug(name);
    headings.push({ level: 2, text: name, id });
    const sources = readdirSync(dir).filter((f) => f.endsWith('.flyimg')).sort();
    const readme = existsSync(join(dir, 'README.md')) ? new MarkdownIt().render(readFileSync(join(dir, 'README.md'), 'utf8')) : '';
    const images = compiled.images.map((image) => {
      const dockerfile = join(outDir, image.binding, 'Dockerfile');
      const built = existsSync(dockerfile);
      return `<h3 id="${id}-${escape(image.binding)}"><code>${escape(image.binding)}</code></h3>
<p>${image.uri ? `tag: <span class="tag">${escape(image.uri)}</span>` : ''}${image.notBuilt ? ` not built: ${escape(image.notBuilt)}` : ''}</p>
${built ? highlight(readFileSync(dockerfile, 'utf8'), 'dockerfile') : ''}`;
    });
    sections.push(`<section><h2 id="${id}"><code>examples/${escape(name)}</code></h2>
${readme}
<div class="example">
<div>${sources.map((f) => `<p><code>${escape(f)}</code></p>\n${highlight(readFileSync(join(dir, f), 'utf8'), 'flyimg')}`).join('\n')}</div>
<div>${images.join('\n')}</div>
</div></section>`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const intro = `<h1 id="cookbook">Cookbook: the examples compiled</h1>
<p>Each pattern of <code>examples/</code>: the <code>.flyimg</code> source on the left; on the right, every image it defines, with the tag and the Dockerfile <code>flyimgc compile</code> gives it (compiled when this site was built).</p>`;
writeFileSync(join(out, 'cookbook.html'), layout('Cookbook', `${intro}\n${sections.join('\n')}`, headings, 'cookbook.html'));
console.log(`${relative(process.cwd(), out) || out}: ${PAGES.length + 1} pages`);
