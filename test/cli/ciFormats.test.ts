import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/diagnostics/github.js';
import { flyimgc, REPO_ROOT, tempProject } from '../helpers/cli.js';

/**
 * The SARIF 2.1.0 JSON schema (OASIS; the final "rtm.5" text that SchemaStore serves as sarif-2.1.0.json),
 * vendored because tests have no network. Source: @microsoft/jest-sarif 1.0.0-beta.0 (MIT),
 * lib/schemas/sarif-2.1.0-rtm.5.json, byte for byte.
 */
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/schemas/sarif-2.1.0.json'), 'utf8')) as object;
// The schema's `language` pattern is valid only without the `u` flag (as JSON Schema draft-04 tools read it).
// CommonJS packages: their default export is the module object under NodeNext resolution.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule.default }).default;
const addFormats = (formatsModule as unknown as { default: typeof formatsModule.default }).default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const PROJECT = {
  'flyimg.toml': '',
  'app.flyimg': [
    'import numpy',
    'app = Image.from_debian_base(name="app", registry="ghcr.io/acme").with_apt_packages("curl")',
    'bad = app.with_pip_pakages("x")',
    '',
  ].join('\n'),
  'dir with space/ok.flyimg': 'import numpy\nok = Image.from_debian_base(name="ok", registry="ghcr.io/acme")\n',
};

describe('--format sarif', () => {
  it('is a SARIF 2.1.0 log that validates against the official schema, with located results', async () => {
    const dir = tempProject(PROJECT);
    const { exitCode, stdout } = await flyimgc(['check', '--format', 'sarif', '.'], { cwd: dir });
    expect(exitCode).toBe(1);
    const log = JSON.parse(stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: any[] }[] };
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['FLY1008', 'FLY3001']);
    const error = run.results.find((r) => r.ruleId === 'FLY3001');
    expect(error.level).toBe('error');
    expect(error.message.text).toContain('with_pip_packages');
    expect(error.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'app.flyimg', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 11, endLine: 3, endColumn: 27 },
    });
    expect(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri)).toContain('dir%20with%20space/ok.flyimg');
    expect(run.tool.driver.rules[error.ruleIndex]!.id).toBe('FLY3001');
  });

  it('a clean project gives a valid log with no results; compile keeps the format', async () => {
    const dir = tempProject({ 'flyimg.toml': '', 'ok.flyimg': 'ok = Image.from_debian_base(name="ok", registry="ghcr.io/acme")\n' });
    const checked = await flyimgc(['check', '--format', 'sarif', '.'], { cwd: dir });
    expect(checked.exitCode).toBe(0);
    expect(validateSarif(JSON.parse(checked.stdout))).toBe(true);
    expect(JSON.parse(checked.stdout).runs[0].results).toEqual([]);
    const compiled = await flyimgc(['compile', '--format', 'sarif', '.', '--out', 'out'], { cwd: dir });
    expect(compiled.exitCode).toBe(0);
    expect(validateSarif(JSON.parse(compiled.stdout))).toBe(true);
  });

  it('the schema check itself rejects a broken log', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
  });
});

describe('--format github', () => {
  it('prints one workflow command per diagnostic, with file, line and column', async () => {
    const dir = tempProject(PROJECT);
    const { exitCode, stdout } = await flyimgc(['check', '--format', 'github', 'app.flyimg'], { cwd: dir });
    expect(exitCode).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::warning file=app\.flyimg,line=1,col=1,endLine=1,endColumn=13,title=FLY1008 python-import::the Python import of `numpy` is ignored/);
    expect(lines[1]).toMatch(/^::error file=app\.flyimg,line=3,col=11,endLine=3,endColumn=27,title=FLY3001 unknown-method::images have no method `with_pip_pakages`%0Ahelp: did you mean/);
  });

  it('escapes what would end the command or start another one', () => {
    expect(escapeData('50% done\r\n::error::x')).toBe('50%25 done%0D%0A::error::x');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });
});

describe('--warnings-as-errors', () => {
  it('makes check fail on warnings and reports them as errors', async () => {
    const dir = tempProject({ 'flyimg.toml': '', 'w.flyimg': 'import numpy\nok = Image.from_debian_base(name="ok", registry="ghcr.io/acme")\n' });
    expect((await flyimgc(['check', 'w.flyimg'], { cwd: dir })).exitCode).toBe(0);
    const strict = await flyimgc(['check', '--warnings-as-errors', '--format', 'json', 'w.flyimg'], { cwd: dir });
    expect(strict.exitCode).toBe(1);
    const json = JSON.parse(strict.stdout) as { diagnostics: { code: string; severity: string }[] };
    expect(json.diagnostics.map((d) => [d.code, d.severity])).toEqual([['FLY1008', 'error']]);
    const text = await flyimgc(['check', '--warnings-as-errors', 'w.flyimg'], { cwd: dir });
    expect(text.stderr).toContain('error[FLY1008]');
  });

  it('makes compile fail and write nothing', async () => {
    const dir = tempProject({ 'flyimg.toml': '', 'w.flyimg': 'import numpy\nok = Image.from_debian_base(name="ok", registry="ghcr.io/acme")\n' });
    const strict = await flyimgc(['compile', '--warnings-as-errors', 'w.flyimg', '--out', 'out'], { cwd: dir });
    expect(strict.exitCode).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect((await flyimgc(['compile', 'w.flyimg', '--out', 'out'], { cwd: dir })).exitCode).toBe(0);
    expect(existsSync(join(dir, 'out', 'manifest.json'))).toBe(true);
  });

  it('other formats are refused with a usage error naming the choices', async () => {
    const { exitCode, stderr } = await flyimgc(['check', '--format', 'xml', '.']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('`text`, `json`, `sarif` or `github`');
  });
});
