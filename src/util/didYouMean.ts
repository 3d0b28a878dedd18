/**
 * Suggestions for a misspelt name, the one place every "did you mean" (and every edit distance) comes from.
 * Candidates within an edit distance of about a third of the name's length are kept, closest first, ties
 * in alphabetical order so the output is deterministic; a candidate that starts with the name (3+
 * characters) is kept too.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const index = new SuggestionIndex();
  for (const candidate of candidates) index.add(candidate);
  return index.suggest(name, max);
}

/** "did you mean `a`?" / "did you mean `a` or `b`?"; undefined when there is nothing close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  return phrase(suggest(name, candidates));
}

/** The sentence for a list of suggestions; undefined when there are none. */
export function phrase(found: readonly string[]): string | undefined {
  if (found.length === 0) return undefined;
  const quoted = found.map((s) => `\`${s}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return `did you mean ${list}?`;
}

/** The suggestions of a `didYouMean` text, in order; [] for any other text. */
export function suggestionsOf(help: string | undefined): string[] {
  const match = help === undefined ? null : /^did you mean ((?:`[^`]+`(?:, | or ))*`[^`]+`)\?$/.exec(help);
  return match ? [...match[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : [];
}

/**
 * Candidates that grow as a scope is read (the names bound so far), asked for suggestions many times. Only
 * candidates whose length is within the distance threshold, or that share the name's first three
 * characters (prefix matches), are compared, and each comparison stops once it exceeds the threshold; so
 * a file with thousands of undefined names is not quadratic in the names it binds.
 */
export class SuggestionIndex {
  private readonly known = new Set<string>();
  /** By length of the lower-cased name. */
  private readonly byLength = new Map<number, string[]>();
  /** By the first three characters (as written). */
  private readonly byPrefix = new Map<string, string[]>();

  add(candidate: string): void {
    if (this.known.has(candidate)) return;
    this.known.add(candidate);
    push(this.byLength, candidate.toLowerCase().length, candidate);
    if (candidate.length >= 3) push(this.byPrefix, candidate.slice(0, 3), candidate);
  }

  suggest(name: string, max = 3): string[] {
    const threshold = Math.max(1, Math.floor(name.length * 0.4));
    const lowered = name.toLowerCase();
    const scores = new Map<string, number>();
    for (let length = Math.max(0, lowered.length - threshold); length <= lowered.length + threshold; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (candidate === name) continue;
        const other = candidate.toLowerCase();
        const distance = other === lowered ? 0.5 : editDistance(lowered, other, threshold);
        if (distance <= threshold) scores.set(candidate, distance);
      }
    }
    if (name.length >= 3) {
      for (const candidate of this.byPrefix.get(name.slice(0, 3)) ?? []) {
        if (candidate === name || !candidate.startsWith(name)) continue;
        scores.set(candidate, Math.min(scores.get(candidate) ?? threshold, threshold));
      }
    }
    return [...scores]
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, max)
      .map(([candidate]) => candidate);
  }
}

function push<K>(map: Map<K, string[]>, key: K, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Damerau-Levenshtein (optimal string alignment) distance. With `limit`, any distance above it is
 * returned as `limit + 1` as soon as it is certain (every entry of a row exceeds the limit).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
