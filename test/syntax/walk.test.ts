/**
 * `forEachSpan` is written out per kind of node (it runs for every statement after an edit): it must
 * find every span object a generic walk of the statement's tree finds, over every fixture, the seed
 * documents and broken input (recovered trees hold `Missing` nodes and shared spans).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';
import { forEachSpan } from '../../src/syntax/walk.js';
import { REPO_ROOT } from '../helpers/cli.js';

function flyimgFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return flyimgFiles(path);
    return name.endsWith('.flyimg') ? [path] : [];
  });
}

/** Every object of exactly `file`, `start` and `end` in the tree, found by reflection. */
function spansByReflection(value: unknown, found = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null) return found;
  const keys = Object.keys(value);
  if (keys.length === 3 && 'file' in value && 'start' in value && 'end' in value) found.add(value);
  else for (const key of keys) spansByReflection((value as Record<string, unknown>)[key], found);
  return found;
}

const BROKEN = [
  'a = Image.from_debian_base(name="a").with_apt_packages("x", \nb = a\n',
  'a = b.c(d=, e=f"x", *g, [1, 2][0], {"k": v, "w": (1,)})\n',
  'a = Path("x") / "y" / z\nimport "other.flyimg"\nx = (1, None, True, 2.5, b"y")\n',
  'a = b.\nc = d(e=)\n',
];

describe('forEachSpan', () => {
  const texts = [...flyimgFiles(join(REPO_ROOT, 'test/fixtures')), ...flyimgFiles(join(REPO_ROOT, 'examples'))].map((path) => ({ name: path, text: readFileSync(path, 'utf8') }));
  texts.push(...BROKEN.map((text, i) => ({ name: `broken ${i}`, text })));

  it('finds every span of every statement', () => {
    expect(texts.length).toBeGreaterThan(100);
    let statements = 0;
    for (const { name, text } of texts) {
      for (const statement of parseSource({ path: 'a.flyimg', text }).ast.statements) {
        const walked = new Set<object>();
        forEachSpan(statement, (span) => void walked.add(span));
        expect([...walked].length, `${name}: ${JSON.stringify(statement)}`).toBe(spansByReflection(statement).size);
        for (const span of spansByReflection(statement)) expect(walked.has(span), name).toBe(true);
        statements++;
      }
    }
    expect(statements).toBeGreaterThan(200);
  });
});
