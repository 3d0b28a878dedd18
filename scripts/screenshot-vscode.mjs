// Looks at the VS Code extension as a user would, for a release (not run in CI): packs the .vsix, installs it
// into code-server (VS Code in the browser) with nothing else configured, opens an example with a mistake in
// headless Chromium, and takes screenshots of the highlighting, the located error, the hover and the quick
// fix, then applies the fix.
//
// Needs code-server (npm; as root: `npm_config_unsafe_perm=true npm install --prefix /tmp/cs code-server@4`)
// and Debian's chromium. Usage:
//   npm run build && node scripts/screenshot-vscode.mjs --code-server /tmp/cs/node_modules/.bin/code-server [--out DIR]
// Screenshots go to DIR (default build/screenshots/vscode): 1-highlighting.png, 2-error.png, 3-hover.png,
// 4-quick-fix.png, 5-fixed.png.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { 'code-server': { type: 'string', default: 'code-server' }, out: { type: 'string' }, chromium: { type: 'string', default: '/usr/bin/chromium' } } });
const out = resolve(values.out ?? join(root, 'build/screenshots/vscode'));
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'flyimg-vscode-'));

// 1. The packed extension, installed into a fresh code-server profile.
const vsix = join(work, 'flyimg.vsix');
execFileSync(process.execPath, [join(root, 'scripts/package-vscode.mjs'), '--out', vsix], { stdio: 'inherit' });
const profile = { '--user-data-dir': join(work, 'user'), '--extensions-dir': join(work, 'extensions') };
const profileArgs = Object.entries(profile).flat();
execFileSync(values['code-server'], [...profileArgs, '--install-extension', vsix], { stdio: 'inherit' });
mkdirSync(join(profile['--user-data-dir'], 'User'), { recursive: true });
writeFileSync(
  join(profile['--user-data-dir'], 'User', 'settings.json'),
  JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'workbench.tips.enabled': false, 'editor.hover.delay': 100 }),
);

// 2. A workspace: an example, plus one misspelt method.
const workspace = join(work, 'workspace');
cpSync(join(root, 'examples/debian-apt-pip'), workspace, { recursive: true });
writeFileSync(
  join(workspace, 'mistake.flyimg'),
  [
    '# A misspelt method: the editor underlines it and offers the fix.',
    'app = (',
    '    Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="app")',
    '    .with_apt_packages("curl", "git")',
    '    .with_pip_pakages("numpy==2.0.0", "pandas")',
    ')',
    '',
  ].join('\n'),
);

const port = await new Promise((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => done(p));
  });
});
const server = spawn(values['code-server'], [...profileArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
await new Promise((done, fail) => {
  const timer = setTimeout(() => fail(new Error(`code-server did not start:\n${serverLog}`)), 60_000);
  const poll = setInterval(() => {
    if (serverLog.includes('HTTP server listening')) {
      clearInterval(poll);
      clearTimeout(timer);
      done();
    }
  }, 200);
});

const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  // Opens a file from the Explorer, as a user would (a click on its name).
  const open = async (name) => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await page.waitForSelector(`.tab[aria-label^="${name}"]`, { timeout: 30_000 });
    await page.waitForTimeout(2500);
  };
  await open('images.flyimg');
  await page.screenshot({ path: join(out, '1-highlighting.png') });

  await open('mistake.flyimg');
  await page.waitForSelector('.squiggly-error', { timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, '2-error.png') });

  const squiggle = await page.$('.squiggly-error');
  const box = await squiggle.boundingBox();
  // The hover over the misspelt method: the diagnostic, with its help (the mouse rests on it; if the
  // hover is slow to come, Ctrl+K Ctrl+I shows it for the cursor).
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(1500);
  const hoverShown = () => [...document.querySelectorAll('.monaco-hover-content')].some((e) => e.textContent.trim() !== '');
  if (!(await page.evaluate(hoverShown))) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
  }
  await page.waitForFunction(hoverShown, undefined, { timeout: 20_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, '3-hover.png') });

  // The quick fix: cursor on the error, Ctrl+. lists the fixes; Enter applies the first (preferred) one.
  await page.mouse.move(10, 10);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget', { timeout: 20_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, '4-quick-fix.png') });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.squiggly-error', { state: 'detached', timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, '5-fixed.png') });
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  server.kill();
}
