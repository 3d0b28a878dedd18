/**
 * Suggestions for a misspelt name, the one place every "did you mean" comes from.
 * Candidates within an edit distance of about a third of the name's length are kept,
 * closest first, ties in alphabetical order so the output is deterministic.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
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
  return scored.slice(0, max).map(([candidate]) => candidate);
}

/** "did you mean `a`?" / "did you mean `a` or `b`?"; undefined when there is nothing close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const found = suggest(name, candidates);
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

/** Damerau-Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
