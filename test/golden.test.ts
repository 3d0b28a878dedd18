import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dockerfileProblems, instructionSequence } from './helpers/dockerfile.js';
import { expectGoldenDir, runCase } from './helpers/golden.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FILTER = process.env['FILTER'];
const cases = readdirSync(FIXTURES)
  .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
  .filter((name) => !FILTER || name.includes(FILTER))
  .sort();

/** Golden cases: test/fixtures/<case>/input.flyimg → expected/ (Dockerfiles, context listings, manifest, or diagnostics). */
describe('golden fixtures', () => {
  it.each(cases)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const actual = runCase(dir);
    expectGoldenDir(join(dir, 'expected'), actual);
    if (name.startsWith('err-')) expect(actual.has('diagnostics.txt') && [...actual.keys()].every((k) => k === 'diagnostics.txt')).toBe(true);
    for (const [file, text] of actual) {
      if (!file.startsWith('Dockerfile.')) continue;
      // Every emitted Dockerfile is read back by a real parser: no errors, and the instructions we meant.
      expect(dockerfileProblems(text), file).toEqual([]);
      expect(instructionSequence(text).length).toBeGreaterThan(0);
    }
  });
});
