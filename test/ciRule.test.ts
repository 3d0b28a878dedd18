/**
 * Tests that need a tool or a service fail under `CI=true` when it is missing, never skip silently: every
 * skip goes through test/helpers/required.ts, which fails under CI=true. This keeps it so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'fixtures' || e.name === 'corpus' ? [] : testFiles(join(dir, e.name))) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('no silent skips', () => {
  it('no test skips except through helpers/required.ts', () => {
    const offenders = testFiles(join(REPO_ROOT, 'test'))
      .filter((f) => !f.endsWith(join('helpers', 'required.ts')) && !f.endsWith('ciRule.test.ts'))
      .flatMap((f) => {
        // A `skipIf` whose condition itself holds only outside CI (`… && process.env['CI'] !== 'true'`) is allowed.
        const text = readFileSync(f, 'utf8').replace(/\.skipIf\([^\n]*process\.env\['CI'\] !== 'true'\)/g, '');
        return [/\b(?:it|test|describe)\.skip(?:If)?\b/, /\bctx\.skip\(/, /\.runIf\(/, /\.todo\(/].filter((r) => r.test(text)).map((r) => `${relative(REPO_ROOT, f)}: ${r.source}`);
      });
    expect(offenders).toEqual([]);
  });
});
