import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempProject } from '../helpers/cli.js';
import { missingSuite } from '../helpers/required.js';

/**
 * The language server through a real client: Neovim's built-in LSP client (Debian's `neovim`, headless),
 * driven by test/editors/neovim/client.lua. `.ci/run` installs Neovim; under CI=true a missing `nvim`
 * fails this test instead of skipping it.
 */
const nvim = await execa('nvim', ['--version'], { reject: false }).catch(() => undefined);
const haveNvim = nvim?.exitCode === 0;

describe('Neovim as the language client', () => {
  if (!haveNvim) {
    missingSuite('Neovim as the language client', 'needs `nvim` (apt-get install neovim); CI installs it');
    return;
  }

  it('gets a located diagnostic, hovers, completes and applies a quick fix', async () => {
    expect(haveNvim, 'nvim is not installed (apt-get install -y neovim)').toBe(true);
    const dir = tempProject({
      'flyimg.toml': '',
      'app.flyimg': 'app = Image.from_debian_base(name="app", registry="ghcr.io/acme").with_apt_packages("curl")\nbad = app.with_pip_pakages("requests")\n',
    });
    const resultFile = join(mkdtempSync(join(tmpdir(), 'flyimg-nvim-')), 'result.json');
    const run = await execa('nvim', ['--headless', '--clean', '-c', `luafile ${join(REPO_ROOT, 'test/editors/neovim/client.lua')}`], {
      cwd: dir,
      reject: false,
      timeout: 120_000,
      env: { FLYIMG_ROOT: dir, FLYIMGC_BIN: join(REPO_ROOT, 'bin/flyimgc.js'), FLYIMG_RESULT: resultFile, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
    });
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
      error?: string;
      steps: string[];
      diagnostics: { lnum: number; col: number; end_col: number; message: string; code: string }[];
      hover: string;
      completion: string[];
      actions: string[];
      fixed: string[];
      cleared: boolean;
    };
    expect(result.error, run.stderr).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(result.steps).toEqual(['diagnostics', 'hover', 'completion', 'actions', 'fixed', 'cleared']);
    // Located: line 2 (0-based 1), the misspelt method's columns.
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ lnum: 1, col: 10, end_col: 26, code: 'FLY3001' });
    expect(result.diagnostics[0]!.message).toContain('images have no method `with_pip_pakages`');
    expect(result.hover).toContain('**app**: image');
    expect(result.hover).toMatch(/ghcr\.io\/acme\/app:/);
    expect(result.completion).toEqual(expect.arrayContaining(['with_pip_packages', 'with_apt_packages', 'clone']));
    expect(result.actions[0]).toBe('replace with `with_pip_packages`');
    expect(result.fixed[1]).toBe('bad = app.with_pip_packages("requests")');
    expect(result.cleared).toBe(true);
  });
});
