// Takes the README's screenshot of the documentation site (docs/site-screenshot.png): builds the site,
// opens its cookbook in headless Chromium (Debian's `chromium`) and saves the top of the page.
// Usage: npm run build && node scripts/screenshot-docs-site.mjs [--page cookbook.html] [--out FILE]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { page: { type: 'string', default: 'cookbook.html' }, out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'docs/site-screenshot.png'));
const site = mkdtempSync(join(tmpdir(), 'flyimgc-site-'));
execFileSync(process.execPath, [join(root, 'scripts/build-docs-site.mjs'), '--out', site], { stdio: 'inherit' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(pathToFileURL(join(site, values.page)).href);
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
console.log(out);
