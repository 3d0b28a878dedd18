import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flyimgc, tempProject } from '../helpers/cli.js';
import { LspClient } from './client.js';

const BASE = 'base = Image.from_debian_base(python_version=(3, 12), name="base", registry="ghcr.io/acme")\n';
const MORE = 'import "base.flyimg"\n\nextra = base.with_apt_packages("git")\n';
/** What is on disk; the editor's unsaved text below adds a layer to the Dockerfile image. */
const APP_ON_DISK = [
  'import "base.flyimg"',
  '',
  'custom = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="custom")',
  'app = base.with_pip_packages("requests==2.32.3")',
  '',
].join('\n');
const APP_EDITED = `${APP_ON_DISK}bad = custom.with_apt_packages("curl")\n`;

interface Position {
  line: number;
  character: number;
}
interface Location {
  uri: string;
  range: { start: Position; end: Position };
}
interface CompletionItem {
  label: string;
}
interface Hover {
  contents: { kind: string; value: string };
}

/** The position of the `n`-th occurrence of `needle` in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, shift = 0, n = 1): Position {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, at + shift);
  const lines = before.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

describe('flyimgc lsp over stdio', () => {
  let dir: string;
  let client: LspClient;
  let appUri: string;
  let baseUri: string;
  let moreUri: string;
  let initialize: { capabilities: Record<string, unknown>; serverInfo?: { name: string } };

  beforeAll(async () => {
    const files = { 'base.flyimg': BASE, 'more.flyimg': MORE, 'app.flyimg': APP_ON_DISK, Dockerfile: 'FROM python:3.12-slim\n' };
    dir = tempProject(files);
    appUri = pathToFileURL(join(dir, 'app.flyimg')).href;
    baseUri = pathToFileURL(join(dir, 'base.flyimg')).href;
    moreUri = pathToFileURL(join(dir, 'more.flyimg')).href;
    client = LspClient.start(dir);
    initialize = await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
      initializationOptions: { debounceMs: 0 },
    });
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'flyimg', version: 1, text: APP_EDITED } });
  });

  afterAll(() => client?.kill());

  it('initializes with the features it serves', () => {
    expect(initialize.serverInfo?.name).toBe('flyimgc');
    expect(initialize.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true, documentFormattingProvider: true });
    expect(initialize.capabilities['completionProvider']).toMatchObject({ triggerCharacters: expect.arrayContaining(['.']) });
  });

  it('reports a layer added to a from_dockerfile image (FLY4002) where `flyimgc check` does', async () => {
    const diagnostics = await client.diagnosticsFor(appUri);
    expect(diagnostics.map((d) => d.code)).toEqual(['FLY4002']);
    const reported = diagnostics[0]!;

    const saved = tempProject({ 'base.flyimg': BASE, 'app.flyimg': APP_EDITED, Dockerfile: 'FROM python:3.12-slim\n' });
    const cli = JSON.parse((await flyimgc(['check', '--format', 'json', 'app.flyimg'], { cwd: saved })).stdout) as {
      diagnostics: { code: string; message: string; location: { line: number; column: number; endLine: number; endColumn: number } }[];
    };
    const expected = cli.diagnostics[0]!;
    expect(expected.code).toBe('FLY4002');
    expect(reported.message.split('\n')[0]).toBe(expected.message);
    expect(reported.range).toEqual({
      start: { line: expected.location.line - 1, character: expected.location.column - 1 },
      end: { line: expected.location.endLine - 1, character: expected.location.endColumn - 1 },
    });
    expect(reported.range.start).toEqual(positionOf(APP_EDITED, 'with_apt_packages', 0));
    expect(reported.severity).toBe(1);
    expect(reported.source).toBe('flyimgc');
    expect(reported.relatedInformation?.[0]?.location.uri).toBe(appUri);
  });

  it('re-checks as you type', async () => {
    const before = client.publishedCount(appUri);
    const line = positionOf(APP_EDITED, 'bad =').line;
    await client.notify('textDocument/didChange', {
      textDocument: { uri: appUri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }],
    });
    expect(await client.diagnosticsFor(appUri, before + 1)).toEqual([]);
    await client.notify('textDocument/didChange', {
      textDocument: { uri: appUri, version: 3 },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'bad = custom.with_apt_packages("curl")\n' }],
    });
    expect((await client.diagnosticsFor(appUri, before + 2)).map((d) => d.code)).toEqual(['FLY4002']);
  });

  it('hovers on a method with its signature and documentation', async () => {
    const result = await client.request<Hover>('textDocument/hover', { textDocument: { uri: appUri }, position: positionOf(APP_EDITED, 'with_pip_packages', 3) });
    expect(result.contents.kind).toBe('markdown');
    expect(result.contents.value).toContain('with_pip_packages(*packages, index_url=None');
    expect(result.contents.value).toContain('Installs Python packages');
    expect(result.contents.value).toContain('`extra_index_urls=None`');
  });

  it('hovers on a keyword argument with its parameter', async () => {
    const result = await client.request<Hover>('textDocument/hover', { textDocument: { uri: appUri }, position: positionOf(APP_EDITED, 'registry=', 2) });
    expect(result.contents.value).toContain('registry to push to');
    expect(result.contents.value).toContain('Image.from_dockerfile(file, registry, name, platform=None, *, context=None)');
  });

  it('hovers on an image binding with the tag `flyimgc compile` gives it, and its Dockerfile', async () => {
    // The open document has an error elsewhere (`bad`): the image itself is fine, so its tag is shown.
    const result = await client.request<Hover>('textDocument/hover', { textDocument: { uri: appUri }, position: positionOf(APP_EDITED, 'app =', 1) });
    const out = join(tempProject({}), 'out');
    expect((await flyimgc(['compile', '--out', out, 'app.flyimg'], { cwd: dir })).exitCode).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { images: { binding: string; uri: string }[] };
    const uri = manifest.images.find((i) => i.binding === 'app')!.uri;
    expect(uri).toMatch(/^ghcr\.io\/acme\/base:/);
    expect(result.contents.value).toContain(`\`${uri}\``);
    expect(result.contents.value).toContain('```dockerfile');
    expect(result.contents.value).toContain(readFileSync(join(out, 'app', 'Dockerfile'), 'utf8').split('\n')[0]);
  });

  it('hovers on a use of an imported image binding', async () => {
    const result = await client.request<Hover>('textDocument/hover', { textDocument: { uri: appUri }, position: positionOf(APP_EDITED, 'base.with', 1) });
    expect(result.contents.value).toContain('**base**: image');
  });

  it('completes constructors after `Image.`', async () => {
    const text = `${APP_EDITED}x = Image.`;
    await client.notify('textDocument/didChange', { textDocument: { uri: appUri, version: 10 }, contentChanges: [{ text }] });
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: appUri }, position: positionOf(text, 'Image.', 6, 2) });
    expect(items.map((i) => i.label).sort()).toEqual(['from_base', 'from_debian_base', 'from_dockerfile', 'from_pixi_script', 'from_ref_name', 'from_uv_script']);
  });

  it('completes methods after an image and keyword arguments inside a call', async () => {
    const text = `${APP_EDITED}y = app.with_`;
    await client.notify('textDocument/didChange', { textDocument: { uri: appUri, version: 11 }, contentChanges: [{ text }] });
    const methods = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: appUri }, position: positionOf(text, 'app.with_', 9) });
    expect(methods.map((i) => i.label)).toEqual(expect.arrayContaining(['clone', 'with_pip_packages', 'with_apt_packages', 'with_env_vars']));

    const call = `${APP_EDITED}z = Image.from_debian_base(python_version=(3, 12), `;
    await client.notify('textDocument/didChange', { textDocument: { uri: appUri, version: 12 }, contentChanges: [{ text: call }] });
    const keywords = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: appUri }, position: positionOf(call, '(3, 12), ', 9) });
    const labels = keywords.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['name=', 'registry=', 'flyte_version=']));
    expect(labels).not.toContain('python_version=');
    await client.notify('textDocument/didChange', { textDocument: { uri: appUri, version: 13 }, contentChanges: [{ text: APP_EDITED }] });
  });

  it('goes to the definition of a binding in an imported file', async () => {
    const result = await client.request<Location>('textDocument/definition', { textDocument: { uri: appUri }, position: positionOf(APP_EDITED, 'base.with', 1) });
    expect(result).toEqual({ uri: baseUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } });
  });

  it('finds references across imports, in files that are not open', async () => {
    const result = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: appUri },
      position: positionOf(APP_EDITED, 'base.with', 1),
      context: { includeDeclaration: true },
    });
    const found = result.map((l) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line}:${l.range.start.character}`).sort();
    expect(found).toEqual(['app.flyimg:3:6', 'base.flyimg:0:0', 'more.flyimg:2:8']);
    expect(result.find((l) => l.uri === moreUri)).toBeDefined();
  });

  it('lists the bindings as document symbols', async () => {
    const result = await client.request<{ name: string; detail?: string }[]>('textDocument/documentSymbol', { textDocument: { uri: appUri } });
    expect(result.map((s) => s.name)).toEqual(['import "base.flyimg"', 'custom', 'app', 'bad']);
    expect(result[2]!.detail).toContain('image');
  });

  it('formats the document', async () => {
    const messy = "x   =   Image.from_base('python:3.12-slim')\n";
    const uri = pathToFileURL(join(dir, 'messy.flyimg')).href;
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'flyimg', version: 1, text: messy } });
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    expect(edits.map((e) => e.newText)).toEqual(['x = Image.from_base("python:3.12-slim")\n']);
  });

  it('shuts down and exits with status 0', async () => {
    await client.request('shutdown');
    await client.notify('exit');
    expect(await client.exited).toBe(0);
    expect(client.stderr).toBe('');
  });
});

describe('flyimgc lsp on a deploy that bakes a loaded_modules code bundle', () => {
  let client: LspClient | undefined;
  afterAll(() => client?.kill());

  it('follows the entry modules as `flyimgc check` does (it loads the Python parser itself)', async () => {
    const app = 'app = Image.from_debian_base(registry="ghcr.io/acme", name="app").with_code_bundle()\n';
    const dir = tempProject({ 'app.flyimg': app, 'flyimg.toml': '[flyte]\ncopy_style = "none"\nentry = ["missing.py"]\n' });
    const uri = pathToFileURL(join(dir, 'app.flyimg')).href;
    client = LspClient.start(dir);
    await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'flyimg', version: 1, text: app } });
    const published = await client.diagnosticsFor(uri);
    const checked = JSON.parse((await flyimgc(['check', '--format', 'json', 'app.flyimg'], { cwd: dir })).stdout) as { diagnostics: { code: string }[] };
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['FLY5060']);
    // The entry module's error points into flyimg.toml, not into the open document; nothing else is reported.
    expect(published.map((d) => d.code)).not.toContain('FLY5094');
    expect(published).toEqual([]);
  });
});
