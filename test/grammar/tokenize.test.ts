import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const GRAMMAR = 'grammar/flyimg.tmLanguage.json';
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
const cases = (dir: string) => readdirSync(join(REPO_ROOT, 'test/grammar', dir)).filter((f) => f.endsWith('.flyimg'));

/**
 * The grammar's tokenization, checked by vscode-tmgrammar-test on vscode-textmate (the engine VS Code
 * uses). Unit cases assert scopes line by line; snapshot cases pin every token of realistic files
 * (`npx vscode-tmgrammar-snap -u -g grammar/flyimg.tmLanguage.json -s source.flyimg 'test/grammar/snap/*.flyimg'`
 * rewrites the .snap files after an intended change).
 */
describe('TextMate grammar tokenization', () => {
  it('has unit and snapshot cases', () => {
    expect(cases('unit').length).toBeGreaterThanOrEqual(6);
    expect(cases('snap').length).toBeGreaterThanOrEqual(3);
  });

  it('passes every unit case (test/grammar/unit)', async () => {
    // A timeout, because a grammar rule that matches nothing can make the tokenizer loop forever.
    const result = await execa(bin('vscode-tmgrammar-test'), ['-g', GRAMMAR, 'test/grammar/unit/*.flyimg'], { cwd: REPO_ROOT, reject: false, timeout: 60_000 });
    expect(result.stdout + result.stderr).not.toContain('failed');
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout.match(/run successfuly/g)?.length).toBe(cases('unit').length);
  });

  it('matches every snapshot (test/grammar/snap)', async () => {
    const result = await execa(bin('vscode-tmgrammar-snap'), ['-g', GRAMMAR, '-s', 'source.flyimg', 'test/grammar/snap/*.flyimg'], { cwd: REPO_ROOT, reject: false, timeout: 60_000 });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout.match(/run successfully/g)?.length).toBe(cases('snap').length);
  });
});
