/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page code below runs in Chromium (page.evaluate), so it is typed with the DOM.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { execa } from 'execa';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * The documentation site (scripts/build-docs-site.mjs) as a reader sees it: built, served on 127.0.0.1 and
 * opened in headless Chromium (Debian's `chromium`; `.ci/run` installs it). Under CI=true a missing
 * Chromium fails here instead of skipping.
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const site = mkdtempSync(join(tmpdir(), 'flyimgc-site-'));
let server: Server;
let base = '';
let browser: Browser;

describe.skipIf(!CHROMIUM && process.env['CI'] !== 'true')('the documentation site in Chromium', () => {
  beforeAll(async () => {
    expect(CHROMIUM, 'Chromium is not installed (apt-get install -y chromium)').toBeDefined();
    await execa(process.execPath, [join(REPO_ROOT, 'scripts/build-docs-site.mjs'), '--out', site], { cwd: REPO_ROOT });
    server = createServer((request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
      const file = join(site, path);
      if (!file.startsWith(site) || !existsSync(file)) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': extname(file) === '.css' ? 'text/css' : 'text/html; charset=utf-8' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('every page loads, every link resolves (page and anchor), and .flyimg code is highlighted', async () => {
    const pages = readdirSync(site).filter((f) => f.endsWith('.html')).sort();
    expect(pages).toEqual(expect.arrayContaining(['index.html', 'language.html', 'api.html', 'diagnostics.html', 'hashing.html', 'configuration.html', 'cookbook.html']));
    const page = await browser.newPage();
    const anchors = new Map<string, Set<string>>();
    const links: { from: string; href: string }[] = [];
    for (const name of pages) {
      const response = await page.goto(base + name);
      expect(response?.status(), name).toBe(200);
      const seen = await page.evaluate(() => ({
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
        hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
        nav: document.querySelectorAll('nav.site a').length,
        brokenImages: [...document.querySelectorAll('img')].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src')),
        stylesheet: getComputedStyle(document.body).display,
      }));
      anchors.set(name, new Set(seen.ids));
      for (const href of seen.hrefs) links.push({ from: name, href });
      expect(seen.nav, `${name} has the site's navigation`).toBeGreaterThanOrEqual(pages.length);
      expect(seen.stylesheet, `${name} has its stylesheet`).toBe('flex');
      expect(seen.brokenImages, `${name}: images that do not load`).toEqual([]);
    }
    expect(links.length).toBeGreaterThan(100);
    for (const { from, href } of links) {
      // Addresses outside the site cannot be checked here (no network); they must at least be https.
      if (/^[a-z]+:/i.test(href)) {
        expect(href, `${from} links out of the site`).toMatch(/^https:\/\//);
        continue;
      }
      const [target, anchor] = href.startsWith('#') ? [from, href.slice(1)] : href.split('#');
      expect(anchors.has(target!), `${from} → ${href}: no such page`).toBe(true);
      if (anchor) expect(anchors.get(target!)!.has(anchor), `${from} → ${href}: no such anchor`).toBe(true);
    }

    // Highlighted: .flyimg code is coloured by the grammar (a method name and a string differ in colour).
    await page.goto(`${base}language.html`);
    const colours = await page.evaluate(() => {
      const spans = [...document.querySelectorAll('pre.shiki span')] as HTMLElement[];
      const colourOf = (text: string) => spans.find((s) => s.textContent === text) && getComputedStyle(spans.find((s) => s.textContent === text)!).color;
      return { blocks: document.querySelectorAll('pre.shiki').length, distinct: new Set(spans.map((s) => getComputedStyle(s).color)).size, image: colourOf('Image'), paren: colourOf('(') };
    });
    expect(colours.blocks).toBeGreaterThan(5);
    expect(colours.distinct).toBeGreaterThan(3);
    expect(colours.image).not.toBe(colours.paren);
    await page.close();
  });

  it('the cookbook shows each example source next to its Dockerfile and tag', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}cookbook.html`);
    const examples = readdirSync(join(REPO_ROOT, 'examples'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const seen = await page.evaluate(() =>
      [...document.querySelectorAll('section')].map((s) => ({
        title: s.querySelector('h2')!.textContent,
        sources: s.querySelectorAll('.example > div:first-child pre.shiki').length,
        dockerfiles: [...s.querySelectorAll('.example > div:last-child pre.shiki')].map((p) => p.textContent ?? ''),
        tags: [...s.querySelectorAll('.tag')].map((t) => t.textContent ?? ''),
        sideBySide: (() => {
          const [left, right] = [...s.querySelectorAll('.example > div')].map((d) => d.getBoundingClientRect());
          return left !== undefined && right !== undefined && right.left >= left.right - 1 && Math.abs(right.top - left.top) < 5;
        })(),
      })),
    );
    expect(seen.map((s) => s.title)).toEqual(examples.sort().map((e) => `examples/${e}`));
    for (const s of seen) {
      expect(s.sources, s.title!).toBeGreaterThan(0);
      expect(s.sideBySide, `${s.title}: source and outputs side by side`).toBe(true);
    }
    const debian = seen.find((s) => s.title === 'examples/debian-apt-pip')!;
    expect(debian.dockerfiles.some((d) => d.includes('FROM ') && d.includes('apt-get'))).toBe(true);
    expect(debian.tags.every((t) => /^[^\s:]+\/[^\s:]+:[0-9a-z]+$/.test(t))).toBe(true);
    // The tag shown is the one `flyimgc compile` gives.
    const compiled = await execa(process.execPath, [join(REPO_ROOT, 'bin/flyimgc.js'), 'compile', '.', '--out', join(site, '..', 'check-out'), '--format', 'json'], {
      cwd: join(REPO_ROOT, 'examples/debian-apt-pip'),
      env: { FLYIMGC_NO_CACHE: '1' },
    });
    const uris = (JSON.parse(compiled.stdout) as { images: { uri: string | null }[] }).images.map((i) => i.uri).filter((u) => u !== null);
    expect(debian.tags.sort()).toEqual(uris.sort());
    await page.close();
  });
});
