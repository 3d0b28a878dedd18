import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../src/lsp/codeActions.js';
import { registryCheckAt } from '../../src/lsp/imageCommands.js';
import { RegistryStatus } from '../../src/lsp/registryStatus.js';
import { complete } from '../../src/lsp/completion.js';
import { documentDiagnostics } from '../../src/lsp/diagnostics.js';
import { hover } from '../../src/lsp/hover.js';
import { definition, documentSymbols, references } from '../../src/lsp/navigation.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { machineForLsp } from '../../src/cli/commands/lsp.js';
import { memoryHost } from '../helpers/memoryHost.js';
import { tempProject } from '../helpers/cli.js';

const BASE = 'base = Image.from_debian_base(python_version=(3, 12), name="base", registry="ghcr.io/acme")\n';

/** A workspace over a real temporary project, with `open` documents as an editor would have them. */
function setup(files: Record<string, string>, open: Record<string, string>) {
  const dir = tempProject(files);
  const workspace = new Workspace(dir, true, machineForLsp);
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(open)) paths[name] = workspace.open(pathToFileURL(join(dir, name)).href, text, 1);
  return { dir, workspace, paths };
}

/** Completion labels at the end of `text` (or at `|`). */
function labelsAt(text: string, files: Record<string, string> = { 'base.flyimg': BASE }): string[] {
  const at = text.includes('|') ? text.indexOf('|') : text.length;
  const { workspace, paths } = setup(files, { 'app.flyimg': text.replace('|', '') });
  return complete(workspace, paths['app.flyimg']!, at).map((i) => i.label);
}

describe('completion', () => {
  it('offers the methods after a call that returns an image', () => {
    expect(labelsAt('import "base.flyimg"\nx = Image.from_base("python:3.12").')).toContain('with_pip_packages');
    expect(labelsAt('import "base.flyimg"\nx = (\n    base\n    .with_apt_packages("curl")\n    .')).toContain('clone');
  });

  it('offers nothing after a value that is not an image', () => {
    expect(labelsAt('PY = (3, 12)\nx = PY.')).toEqual([]);
    expect(labelsAt('x = Path("a").')).toEqual([]);
  });

  it('offers `Path` after `pathlib.`', () => {
    expect(labelsAt('x = pathlib.')).toEqual(['Path']);
  });

  it('offers the parameters of Secret and of a method, without those already given', () => {
    expect(labelsAt('s = Secret(key="k", ')).toEqual(expect.arrayContaining(['group=', 'mount=', 'as_env_var=']));
    expect(labelsAt('s = Secret(key="k", ')).not.toContain('key=');
    const pip = labelsAt('import "base.flyimg"\nx = base.with_pip_packages("a", ');
    expect(pip).toEqual(expect.arrayContaining(['index_url=', 'pre=', 'secret_mounts=']));
    expect(pip).not.toContain('packages=');
  });

  it('offers names where a value starts, imported ones included', () => {
    const names = labelsAt('import "base.flyimg"\nx = ');
    expect(names).toEqual(expect.arrayContaining(['base', 'Image', 'Secret', 'Path', 'True', 'None']));
  });

  it('stays quiet inside strings and comments', () => {
    expect(labelsAt('x = Image.from_base("Image.|")')).toEqual([]);
    expect(labelsAt('# Image.|\nx = 1')).toEqual([]);
  });
});

describe('hover', () => {
  const text = 'import "base.flyimg"\ns = Secret(key="token")\nx = base.clone(name="x")\n';
  const { workspace, paths } = setup({ 'base.flyimg': BASE }, { 'app.flyimg': text });
  const at = (needle: string, shift = 0) => hover(workspace, paths['app.flyimg']!, text.indexOf(needle) + shift)?.contents;

  it('explains builtins and their parameters', () => {
    expect(JSON.stringify(at('Secret'))).toContain('Secret(key, group=None, mount=None, as_env_var=None)');
    expect(JSON.stringify(at('key='))).toContain("the secret's key");
  });

  it('shows a value that is not an image', () => {
    expect(JSON.stringify(at('s ='))).toContain('s = Secret(key=');
  });

  it('shows nothing on punctuation', () => {
    expect(at('=')).toBeUndefined();
  });
});

describe('unsaved text', () => {
  it('is what imports see: an open document wins over the file on disk', () => {
    const { workspace, paths } = setup({ 'base.flyimg': BASE }, { 'app.flyimg': 'import "base.flyimg"\napp = base.with_apt_packages("curl")\n' });
    const app = paths['app.flyimg']!;
    expect(documentDiagnostics(workspace, workspace.analysis(app), app)).toEqual([]);
    // base.flyimg is opened and edited (not saved) so that `base` no longer exists.
    workspace.open(pathToFileURL(join(workspace.paths.root, 'base.flyimg')).href, 'other = Image.from_base("python:3.12")\n', 1);
    expect(documentDiagnostics(workspace, workspace.analysis(app), app).map((d) => d.code)).toEqual(['FLY2001']);
  });
});

describe('navigation', () => {
  const app = 'import "base.flyimg"\napp = base.with_apt_packages("curl")\nmore = app.clone(name="more")\n';
  const { workspace, paths } = setup({ 'base.flyimg': BASE, 'other.flyimg': 'import "base.flyimg"\nother = base.clone(name="other")\n' }, { 'app.flyimg': app });
  const path = paths['app.flyimg']!;

  it('goes from an import to the imported file', () => {
    expect(definition(workspace, path, app.indexOf('base.flyimg'))?.uri).toMatch(/\/base\.flyimg$/);
  });

  it('finds the uses of a local binding, with or without its declaration', () => {
    const uses = references(workspace, path, app.indexOf('app ='), false).map((l) => l.range.start);
    expect(uses).toEqual([{ line: 2, character: 7 }]);
    expect(references(workspace, path, app.indexOf('app ='), true)).toHaveLength(2);
  });

  it('finds the uses of an imported binding in every file', () => {
    const files = references(workspace, path, app.indexOf('base.with'), false).map((l) => l.uri.slice(l.uri.lastIndexOf('/') + 1));
    expect(files.sort()).toEqual(['app.flyimg', 'other.flyimg']);
  });

  it('lists symbols even while the file has errors', () => {
    const broken = setup({ 'base.flyimg': BASE }, { 'app.flyimg': 'import "base.flyimg"\na = base.with_apt_packages(\nb = base\n' });
    expect(documentSymbols(broken.workspace, broken.paths['app.flyimg']!).map((s) => s.name)).toEqual(['import "base.flyimg"', 'a', 'b']);
  });
});

describe('the server runs on whatever machine it is given', () => {
  it('checks and completes a workspace held in memory (no file system, no process table)', () => {
    const files = memoryHost({ 'base.flyimg': BASE, 'app.flyimg': 'import "base.flyimg"\napp = base.with_pip_packages("requests==2.32.3")\n' });
    const asked: number[] = [];
    const workspace = new Workspace('/ws', true, { files: () => files, findFlyimgFiles: () => ['app.flyimg', 'base.flyimg'], processAlive: (pid) => (asked.push(pid), true) });
    const path = workspace.open('file:///ws/app.flyimg', 'import "base.flyimg"\napp = base.with_pip_packages("requests==2.32.3").with_apt_packages()\n', 1);
    expect(path).toBe('app.flyimg');
    expect(documentDiagnostics(workspace, workspace.analysis(path), path).map((d) => d.code)).toEqual(['FLY3022']);
    expect(workspace.workspaceAnalysis().program.files.size).toBe(2);
    expect(asked).toEqual([]);
  });
});

describe('completion after an error earlier in the chain', () => {
  it('still offers the methods after a misspelt method or a call with bad arguments', () => {
    expect(labelsAt('x = Image.from_debian_base(name="x").with_pip_pakages("a").')).toContain('with_apt_packages');
    expect(labelsAt('x = Image.from_debian_base(name="x", bogus=1).with_pip_pakages("a").')).toContain('with_env_vars');
    expect(labelsAt('import "base.flyimg"\nx = base.wth_apt("curl").with_env_vars({"A": "1"}).')).toContain('clone');
  });

  it('still offers nothing after a chain that is not an image', () => {
    expect(labelsAt('PY = (3, 12)\nx = PY.foo(1).')).toEqual([]);
    expect(labelsAt('x = undefined_thing.foo(1).')).toEqual([]);
  });
});

describe('quick fixes', () => {
  /** The code actions for the whole of `text`, applied one at a time. */
  function fixes(text: string) {
    const { workspace, paths } = setup({ 'base.flyimg': BASE }, { 'app.flyimg': text });
    const path = paths['app.flyimg']!;
    const document = workspace.document(path)!;
    return codeActions(workspace, path, 0, text.length).map((action) => {
      const edits = Object.values(action.edit!.changes!)[0]!;
      return { title: action.title, code: action.diagnostics![0]!.code, preferred: action.isPreferred, result: TextDocument.applyEdits(document, edits) };
    });
  }

  it('replaces a misspelt name, method or constructor with each suggestion, the closest preferred', () => {
    const name = fixes('import "base.flyimg"\nx = bsae.with_apt_packages("curl")\n');
    expect(name[0]).toEqual({ title: 'replace with `base`', code: 'FLY2001', preferred: true, result: 'import "base.flyimg"\nx = base.with_apt_packages("curl")\n' });
    const method = fixes('import "base.flyimg"\nx = base.with_pip_pakages("a")\n');
    expect(method.map((f) => f.title)).toEqual(['replace with `with_pip_packages`', 'replace with `with_apt_packages`']);
    expect(method[0]!.result).toBe('import "base.flyimg"\nx = base.with_pip_packages("a")\n');
    const constructor = fixes('x = Image.from_debain_base(name="x")\n');
    expect(constructor[0]!.result).toBe('x = Image.from_debian_base(name="x")\n');
  });

  it('renames or removes an unknown keyword argument', () => {
    const found = fixes('import "base.flyimg"\nx = base.with_pip_packages("a", idx_url="https://x", pre=True)\n');
    expect(found.map((f) => [f.code, f.title])).toEqual([
      ['FLY3003', 'replace with `index_url`'],
      ['FLY3003', 'remove the argument `idx_url=`'],
    ]);
    expect(found[0]!.result).toBe('import "base.flyimg"\nx = base.with_pip_packages("a", index_url="https://x", pre=True)\n');
    expect(found[1]!.result).toBe('import "base.flyimg"\nx = base.with_pip_packages("a", pre=True)\n');
    const last = fixes('import "base.flyimg"\nx = base.with_pip_packages("a", bogus_option=1)\n');
    expect(last.find((f) => f.title.startsWith('remove'))!.result).toBe('import "base.flyimg"\nx = base.with_pip_packages("a")\n');
  });

  it('replaces a value that is not one of the choices with a quoted suggestion', () => {
    const found = fixes('import "base.flyimg"\ny = base.with_code_bundle(copy_style="loaded_modles")\n');
    expect(found.map((f) => [f.code, f.title])).toEqual([['FLY3008', 'replace with `loaded_modules`']]);
    expect(found[0]!.result).toBe('import "base.flyimg"\ny = base.with_code_bundle(copy_style="loaded_modules")\n');
  });

  it('deletes an ignored Python import line', () => {
    const found = fixes('import numpy\nx = Image.from_debian_base(name="x")\n');
    expect(found).toEqual([{ title: 'delete the Python import', code: 'FLY1008', preferred: true, result: 'x = Image.from_debian_base(name="x")\n' }]);
  });

  it('every did-you-mean help of the catalog comes with its fixes', () => {
    const text = 'import "base.flyimg"\nx = bsae.with_pip_pakages("a", idx_url="u")\ny = Image.from_debain_base(name="y")\n';
    const { workspace, paths } = setup({ 'base.flyimg': BASE }, { 'app.flyimg': text });
    const analysis = workspace.analysis(paths['app.flyimg']!);
    const withSuggestion = analysis.diagnostics.filter((d) => d.help?.startsWith('did you mean'));
    expect(withSuggestion.length).toBeGreaterThan(0);
    for (const d of withSuggestion) expect(d.fixes?.length, d.code).toBeGreaterThan(0);
  });
});

describe('hover on a tag: the registry, only when asked', () => {
  const APP = 'app = Image.from_debian_base(name="app", registry="ghcr.io/acme").with_apt_packages("curl")\n';

  it('says "not checked" and asks nothing while hovering; after the check request it shows the answer', async () => {
    const asked: string[] = [];
    const registry = new RegistryStatus(async (uri) => {
      asked.push(uri);
      return { status: 'exists', reason: 'found', digest: 'sha256:0' };
    }, () => new Date('2026-11-27T20:00:00.123Z'));
    const { workspace, paths } = setup({ 'flyimg.toml': '' }, { 'app.flyimg': APP });
    const path = paths['app.flyimg']!;
    const before = hover(workspace, path, 1, registry)!.contents as { value: string };
    expect(before.value).toContain('Registry: not checked');
    expect(asked).toEqual([]);
    const checked = await registryCheckAt(workspace, registry, path, 1);
    expect(checked.ok).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^ghcr\.io\/acme\/app:/);
    const after = hover(workspace, path, 1, registry)!.contents as { value: string };
    expect(after.value).toContain('Registry: **exists** at 2026-11-27 20:00:00 UTC');
  });

  it('never blocks hover: a check still waiting leaves hover answering at once', () => {
    const registry = new RegistryStatus(() => new Promise(() => {}));
    const { workspace, paths } = setup({ 'flyimg.toml': '' }, { 'app.flyimg': APP });
    void registryCheckAt(workspace, registry, paths['app.flyimg']!, 1);
    expect((hover(workspace, paths['app.flyimg']!, 1, registry)!.contents as { value: string }).value).toContain('not checked');
  });

  it('an unanswered registry is "unknown", never "exists"', async () => {
    const registry = new RegistryStatus(async () => {
      throw new Error('ECONNREFUSED');
    });
    const { workspace, paths } = setup({ 'flyimg.toml': '' }, { 'app.flyimg': APP });
    const checked = await registryCheckAt(workspace, registry, paths['app.flyimg']!, 1);
    expect(checked.ok && checked.text).toContain('**unknown** (no answer)');
  });
});
