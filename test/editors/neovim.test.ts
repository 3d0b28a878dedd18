import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { flyimgc, REPO_ROOT, tempProject } from '../helpers/cli.js';
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

  it('keeps the diagnostics right while the user types: each keystroke an incremental didChange, each result equal to `flyimgc check`', async () => {
    // 40 images of 8 lines, so that most of the file lies after the edits (its spans are moved, not recomputed).
    const lines = ['base = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="base")'];
    for (let i = 0; i < 40; i++) {
      lines.push(`img_${i} = (`, '    base', `    .clone(name="img-${i}")`, `    .with_apt_packages("curl", "pkg-${i}")`, `    .with_pip_packages("numpy==2.0.${i % 10}")`, `    .with_env_vars({"IMAGE": "${i}"})`, ')', '');
    }
    lines.push('late = img_39.with_pip_pakages("x")');
    const dir = tempProject({ 'flyimg.toml': '', 'app.flyimg': `${lines.join('\n')}\n` });
    const at = (i: number) => lines.indexOf(`img_${i} = (`);
    type Key = { line: number; col: number; delete: number; text: string };
    const typing = (line: number, col: number, word: string): Key[] => [...word].map((c, n) => ({ line, col: col + n, delete: 0, text: c }));
    const apt = (i: number) => ({ line: at(i) + 3, col: lines[at(i) + 3]!.indexOf('"curl"') });
    const keys: Key[] = [
      // Inside a string: the file stays valid.
      ...typing(apt(20).line, apt(20).col + 5, '-dev'),
      { line: apt(20).line, col: apt(20).col + 8, delete: 1, text: '' },
      // A new list item, typed: the half-typed states open a string and unbalance the brackets.
      ...typing(apt(20).line, apt(20).col, '"bad pkg", '),
      // A binding pasted near the top (everything after it moves), then a name made a duplicate.
      { line: 1, col: 0, delete: 0, text: 'early = img_3.with_pip_pakages("y")\n' },
      { line: at(10) + 1, col: 5, delete: 1, text: '' },
      // A line joined to the next one, and split again.
      { line: at(30) + 4, col: lines[at(30) + 4]!.length, delete: 1, text: '' },
      { line: at(30) + 4, col: lines[at(30) + 4]!.length, delete: 0, text: '\n' },
    ];
    const keysFile = join(mkdtempSync(join(tmpdir(), 'flyimg-nvim-')), 'keys.json');
    writeFileSync(keysFile, JSON.stringify(keys));
    const resultFile = join(mkdtempSync(join(tmpdir(), 'flyimg-nvim-')), 'result.json');
    const run = await execa('nvim', ['--headless', '--clean', '-c', `luafile ${join(REPO_ROOT, 'test/editors/neovim/typing.lua')}`], {
      cwd: dir,
      reject: false,
      timeout: 180_000,
      env: { FLYIMG_ROOT: dir, FLYIMGC_BIN: join(REPO_ROOT, 'bin/flyimgc.js'), FLYIMG_RESULT: resultFile, FLYIMG_KEYS: keysFile, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
    });
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
      error?: string;
      snapshots: { what: string; text: string; diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; code: string }[] }[];
    };
    expect(result.error, run.stderr).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(result.snapshots).toHaveLength(keys.length + 1);
    // Each text Neovim held, checked from scratch by the CLI (a separate process, nothing incremental).
    const located = (ds: readonly (readonly [number, number, number, number, string])[]) => [...ds].map((d) => d.join(':')).sort();
    const codes = new Set<string>();
    for (const snapshot of result.snapshots) {
      const project = tempProject({ 'flyimg.toml': '', 'app.flyimg': snapshot.text });
      const checked = await flyimgc(['check', '--format', 'json', 'app.flyimg'], { cwd: project });
      const report = JSON.parse(checked.stdout) as { diagnostics: { code: string; location?: { file: string; line: number; column: number; endLine: number; endColumn: number } }[] };
      const want = report.diagnostics.flatMap((d) => (d.location?.file === 'app.flyimg' ? [[d.location.line - 1, d.location.column - 1, d.location.endLine - 1, d.location.endColumn - 1, d.code] as const] : []));
      const got = snapshot.diagnostics.map((d) => [d.lnum, d.col, d.end_lnum, d.end_col, d.code] as const);
      expect(located(got), `${snapshot.what}:\n${snapshot.text}`).toEqual(located(want));
      for (const d of want) codes.add(d[4]);
    }
    // The keystrokes went through valid and broken states: the comparison covered real diagnostics.
    expect([...codes]).toEqual(expect.arrayContaining(['FLY3001', 'FLY3018']));
    expect(codes.size).toBeGreaterThan(3);
  }, 300_000);
});
