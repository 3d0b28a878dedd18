import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * The README's install, as a user runs it: `npm pack` in the checkout, then `npm install -g` of the
 * tarball (into a temporary prefix, not the machine's), then the installed `flyimgc` on an example,
 * far from the checkout. Dependencies come from npm's cache (`--prefer-offline`) when it has them.
 */
const work = mkdtempSync(join(tmpdir(), 'flyimgc-install-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin', 'flyimgc');
let tarball = '';

beforeAll(async () => {
  // Packed from a copy of the checkout's files (what git would clone), so that packing's clean build
  // never touches the dist/ that the other tests are running.
  const checkout = join(work, 'checkout');
  const listed = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT });
  for (const path of listed.stdout.split('\0')) {
    if (path !== '' && !path.startsWith('test/') && existsSync(join(REPO_ROOT, path))) cpSync(join(REPO_ROOT, path), join(checkout, path));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(checkout, 'node_modules'));
  const packed = await execa('npm', ['pack', '--pack-destination', work, '--json'], { cwd: checkout, env: { npm_config_loglevel: 'error' } });
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  await execa('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: work });
}, 600_000);

describe('the packed package', () => {
  it('installs a flyimgc command whose version is the package version', async () => {
    expect(existsSync(bin)).toBe(true);
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const { stdout } = await execa(bin, ['--version'], { cwd: work });
    expect(stdout).toBe(version);
    // Complete: compiled code, grammar and docs are inside; sources and tests are not.
    const installed = join(prefix, 'lib', 'node_modules', 'flyimgc');
    expect(existsSync(join(installed, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'grammar', 'flyimg.tmLanguage.json'))).toBe(true);
    expect(existsSync(join(installed, 'docs', 'language.md'))).toBe(true);
    expect(readdirSync(installed)).not.toContain('src');
    expect(readdirSync(installed)).not.toContain('test');
  });

  it('checks and compiles an example outside the checkout', async () => {
    const project = join(work, 'uv-project');
    cpSync(join(REPO_ROOT, 'examples', 'uv-project'), project, { recursive: true });
    const env = { FLYIMGC_CACHE_DIR: join(work, 'cache'), NO_COLOR: '1' };
    const checked = await execa(bin, ['check', '.'], { cwd: project, env, reject: false });
    expect(checked.stderr).toMatch(/^checked 1 file/m);
    expect(checked.exitCode).toBe(0);
    const compiled = await execa(bin, ['compile', '.', '--out', 'out'], { cwd: project, env, reject: false });
    expect(compiled.exitCode).toBe(0);
    expect(readFileSync(join(project, 'out', 'manifest.json'), 'utf8')).toContain('"tag"');
    expect(readdirSync(join(project, 'out')).some((entry) => existsSync(join(project, 'out', entry, 'Dockerfile')))).toBe(true);
  });

  it('runs the language server: initialize, a diagnostic, shutdown, exit', async () => {
    const child = spawn(bin, ['lsp', '--stdio'], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = new Promise<{ diagnostics: { code: string }[] }>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.listen();
    const init = await connection.sendRequest<{ serverInfo: { name: string } }>('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(init.serverInfo.name).toBe('flyimgc');
    await connection.sendNotification('initialized', {});
    const uri = `file://${join(work, 'lsp.flyimg')}`;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'flyimg', version: 1, text: 'app = bsae\n' } });
    expect((await published).diagnostics.map((d) => d.code)).toEqual(['FLY2001']);
    await connection.sendRequest('shutdown');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await connection.sendNotification('exit');
    expect(await exited).toBe(0);
    connection.dispose();
  });
});

/** The library API (docs/api-js.md) from the same tarball, installed into a project as a dependency. */
const CONSUMER = `
import { check, compile, format, renderDiagnostics, ManifestSchema } from 'flyimgc';
import { writeFileSync, mkdirSync } from 'node:fs';

mkdirSync('proj', { recursive: true });
writeFileSync('proj/app.flyimg', 'app = Image.from_debian_base(python_version=(3, 12), name="app", registry="ghcr.io/acme").with_pip_packages("requests==2.32.3")\\n');
writeFileSync('proj/bad.flyimg', 'app = bsae.with_pip_packages("requests")\\n');

const good = check(['app.flyimg'], { cwd: 'proj' });
const bad = check(['bad.flyimg'], { cwd: 'proj' });
const compiled = compile(['app.flyimg'], { cwd: 'proj' });
const formatted = format('app = Image.from_base( "python:3.12-slim" )\\n');
console.log(JSON.stringify({
  good: good.ok,
  badCodes: bad.diagnostics.map((d) => d.code),
  rendered: renderDiagnostics(bad.diagnostics, bad.sources),
  uri: compiled.manifest?.images[0]?.uri,
  manifestValid: ManifestSchema.safeParse(compiled.manifest).success,
  outputs: compiled.outputs.map((o) => o.path),
  formatted,
}));
`;

describe("import('flyimgc') from the packed tarball", () => {
  let project = '';

  beforeAll(async () => {
    project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project });
  }, 300_000);

  it('imports from plain Node: check, compile, format, the renderer and the manifest schema', async () => {
    writeFileSync(join(project, 'use.mjs'), CONSUMER);
    const out = JSON.parse((await execa(process.execPath, ['use.mjs'], { cwd: project })).stdout) as Record<string, unknown>;
    expect(out['good']).toBe(true);
    expect(out['badCodes']).toEqual(['FLY2001']);
    expect(out['rendered']).toContain('error[FLY2001]: cannot find `bsae` in this file\n --> bad.flyimg:1:7');
    expect(out['uri']).toMatch(/^ghcr\.io\/acme\/app:[0-9a-f]{32}$/);
    expect(out['manifestValid']).toBe(true);
    expect(out['outputs']).toEqual(expect.arrayContaining(['app/Dockerfile', 'app/context', 'docker-bake.json', 'manifest.json']));
    expect(out['formatted']).toBe('app = Image.from_base("python:3.12-slim")\n');
  });

  it('type-checks a TypeScript consumer against the shipped declarations', async () => {
    writeFileSync(
      join(project, 'use.ts'),
      CONSUMER.replace("import { writeFileSync, mkdirSync } from 'node:fs';", "import { writeFileSync, mkdirSync } from 'node:fs';\nimport type { Diagnostic, Manifest, HostFiles } from 'flyimgc';\nexport const typed: (d: Diagnostic, m: Manifest | undefined, h: HostFiles | undefined) => string = (d) => d.code;"),
    );
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules/@types')] }, files: ['use.ts'] }));
    // tsc from the repository: the consumer project has only flyimgc and its dependencies.
    const result = await execa(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, reject: false });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
