import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  });

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
});
