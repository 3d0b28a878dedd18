import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempProject } from '../helpers/cli.js';
import { readZip } from './zip.js';

interface Manifest {
  name: string;
  main: string;
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
  };
}

/** scripts/package-vscode.mjs builds the .vsix offline; the package holds what VS Code needs. */
describe('the VS Code extension package', () => {
  let entries: Map<string, Buffer>;
  let manifest: Manifest;
  const inside = (path: string) => {
    const entry = entries.get(`extension/${path.replace(/^\.\//, '')}`);
    if (!entry) throw new Error(`${path} is not in the .vsix: ${[...entries.keys()].join(', ')}`);
    return entry.toString('utf8');
  };

  beforeAll(async () => {
    const out = join(tempProject({}), 'flyimg.vsix');
    const result = await execa(process.execPath, [join(REPO_ROOT, 'scripts/package-vscode.mjs'), '--out', out], {
      cwd: REPO_ROOT,
      reject: false,
      // No network: npm and vsce must not need it.
      env: { npm_config_offline: 'true', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    entries = readZip(out);
    manifest = JSON.parse(inside('package.json')) as Manifest;
    // Bundling the whole compiler takes a while on a loaded machine.
  }, 300_000);

  it('is a VSIX: manifest and content types', () => {
    expect(entries.has('extension.vsixmanifest')).toBe(true);
    expect(entries.has('[Content_Types].xml')).toBe(true);
    expect(entries.get('extension.vsixmanifest')!.toString()).toContain('Microsoft.VisualStudio.Code');
  });

  it('registers the flyimg language for .flyimg files, with its configuration', () => {
    const language = manifest.contributes.languages.find((l) => l.id === 'flyimg');
    expect(language?.extensions).toEqual(['.flyimg']);
    expect(JSON.parse(inside(language!.configuration))).toEqual(JSON.parse(readFileSync(join(REPO_ROOT, 'grammar/language-configuration.json'), 'utf8')));
    expect(manifest.activationEvents).toContain('onLanguage:flyimg');
  });

  it('ships the grammar from grammar/', () => {
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'flyimg');
    expect(grammar?.scopeName).toBe('source.flyimg');
    expect(inside(grammar!.path)).toBe(readFileSync(join(REPO_ROOT, 'grammar/flyimg.tmLanguage.json'), 'utf8'));
  });

  it('bundles the client so that the extension needs no node_modules', () => {
    const main = inside(manifest.main);
    expect(main).toContain('require("vscode")');
    expect(main).not.toMatch(/require\("vscode-languageclient/);
    expect(main).toContain('"lsp"');
    expect([...entries.keys()].some((name) => name.includes('node_modules'))).toBe(false);
  });
  it('bundles the language server with the compiler: it runs from the .vsix alone, with no node_modules', async () => {
    const main = inside(manifest.main);
    expect(main).toContain('server.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'flyimg-vsix-'));
    const server = join(dir, 'extension', 'dist', 'server.mjs');
    mkdirSync(dirname(server), { recursive: true });
    // The server and the files it finds beside itself (tree-sitter's runtime and Python grammar).
    for (const [name, bytes] of entries) {
      if (!name.startsWith('extension/dist/') || name.endsWith('/')) continue;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    writeFileSync(join(dir, 'app.flyimg'), 'app = Image.from_debian_base(name="app", registry="ghcr.io/acme").with_apt_packages("curl")\nbad = bsae\n');
    // A deploy that bakes a loaded_modules code bundle in: following main.py's imports needs the Python parser.
    writeFileSync(join(dir, 'flyimg.toml'), '[flyte]\ncopy_style = "none"\nentry = ["main.py"]\n');
    writeFileSync(join(dir, 'main.py'), 'import helpers\n');
    writeFileSync(join(dir, 'helpers.py'), 'X = 1\n');
    writeFileSync(join(dir, 'baked.flyimg'), 'baked = Image.from_debian_base(name="baked", registry="ghcr.io/acme").with_code_bundle()\n');
    // As the language client starts it: Node, the module, `--stdio`.
    const child = spawn(process.execPath, [server, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = new Promise<{ diagnostics: { code: string }[] }>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.listen();
    await connection.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
    const uri = pathToFileURL(join(dir, 'app.flyimg')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'flyimg', version: 1, text: readFileSync(join(dir, 'app.flyimg'), 'utf8') } });
    expect((await published).diagnostics.map((d) => d.code)).toEqual(['FLY2001']);
    // The "show the Dockerfile" command's request, on the `app` binding.
    const dockerfile = await connection.sendRequest<{ ok: boolean; image: string; text: string }>('flyimg/dockerfile', { textDocument: { uri }, position: { line: 0, character: 1 } });
    expect(dockerfile.ok).toBe(true);
    expect(dockerfile.image).toBe('app');
    expect(dockerfile.text).toMatch(/^# syntax=|^FROM /m);
    expect(dockerfile.text).toContain('curl');
    const explained = await connection.sendRequest<{ ok: boolean; text: string }>('flyimg/explain', { textDocument: { uri }, position: { line: 0, character: 1 } });
    expect(explained.ok).toBe(true);
    expect(explained.text).toContain('curl');
    const refused = await connection.sendRequest<{ ok: boolean; message: string }>('flyimg/dockerfile', { textDocument: { uri }, position: { line: 1, character: 1 } });
    expect(refused.ok).toBe(false);
    const bakedUri = pathToFileURL(join(dir, 'baked.flyimg')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bakedUri, languageId: 'flyimg', version: 1, text: readFileSync(join(dir, 'baked.flyimg'), 'utf8') } });
    const bakedDockerfile = await connection.sendRequest<{ ok: boolean; text: string }>('flyimg/dockerfile', { textDocument: { uri: bakedUri }, position: { line: 0, character: 1 } });
    expect(bakedDockerfile).toMatchObject({ ok: true });
    expect(bakedDockerfile.text).toContain('COPY');
    await connection.sendRequest('shutdown');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await connection.sendNotification('exit');
    expect(await exited).toBe(0);
    connection.dispose();
  });
});
