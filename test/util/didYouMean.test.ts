import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest, SuggestionIndex } from '../../src/util/didYouMean.js';

/** The obvious definition: every candidate compared in full (what the index must agree with). */
function bruteForce(name: string, candidates: readonly string[], max = 3): string[] {
  const threshold = Math.max(1, Math.floor(name.length * 0.4));
  const lowered = name.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === lowered ? 0.5 : editDistance(lowered, candidate.toLowerCase());
    const isPrefix = candidate.startsWith(name) && name.length >= 3;
    if (distance <= threshold || isPrefix) scored.push([candidate, isPrefix ? Math.min(distance, threshold) : distance]);
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return scored.slice(0, max).map(([c]) => c);
}

describe('did you mean', () => {
  it('suggests close names, closest first, and prefixes', () => {
    expect(didYouMean('bsae', ['base', 'app', 'other'])).toBe('did you mean `base`?');
    expect(suggest('with_pip', ['with_pip_packages', 'with_apt_packages'])).toEqual(['with_pip_packages']);
    expect(suggest('Base', ['base'])).toEqual(['base']);
    expect(didYouMean('zzzz', ['base'])).toBeUndefined();
  });

  it('computes the optimal string alignment distance, and stops at a limit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('the index agrees with comparing every candidate', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '_', '1'), maxLength: 9 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 30 }), (name, candidates) => {
        const index = new SuggestionIndex();
        for (const c of candidates) index.add(c);
        expect(index.suggest(name)).toEqual(bruteForce(name, candidates));
      }),
      { numRuns: 2000 },
    );
  });
});
