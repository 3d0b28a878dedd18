import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkRequirement } from '../../src/check/pep508.js';
import { missing } from '../helpers/required.js';

/**
 * The requirement checker against the reference implementation, Python's `packaging` (what pip uses), on a
 * corpus generated from PEP 508's grammar: every combination of a few names, extras, version lists (with
 * and without parentheses, spaces and trailing commas), URLs and markers, valid and broken. Where the two
 * disagree on purpose, the case is listed below with the reason. Needs python3 with `packaging`
 * (Debian: python3-packaging; .ci/run installs it): under CI=true its absence fails the test.
 */
const NAMES = ['foo', 'Foo.Bar-baz_2', 'x', '-bad', 'a b'];
const EXTRAS = ['', '[a]', '[a,b]', '[ a , b ]', '[]', '[a,]', '[,a]'];
const VERSIONS = ['', '>=1', '>=1,', '>=1,<2', '>=1 , <2 ,', '(>=1,)', '( >=1 , <2 )', '==1.*', '~=1', '>=1,,', '>=1 <2', '===x', '!=1.0.post1', '(>=1', '>=', '=>1'];
const URLS = ['@ https://e.org/p.whl', '@ ./x', '@ ../x/y.whl', '@ file:///tmp/p', '@git+https://e.org/r.git@v1'];
const MARKERS = ['', ' ; os_name == "nt"', '; python_version >= "3.8" and extra == "t"', ' ; os_nme == "nt"', ' ; ', ";python_version<'3'"];

/** Deliberate differences: flyimgc refuses what packaging takes, and why. */
const STRICTER: readonly RegExp[] = [
  // `url;marker` with no space: packaging reads the `;...` as part of the URL (PEP 508 says a marker after a
  // URL needs white space first); flyimgc refuses it and says to add the space.
  /@ ?\S+;/,
];

function corpus(): string[] {
  const out = new Set<string>();
  for (const name of NAMES) {
    for (const extras of EXTRAS) {
      for (const version of VERSIONS) for (const marker of MARKERS) out.add(`${name}${extras}${version}${marker}`);
      for (const url of URLS) for (const marker of MARKERS) out.add(`${name}${extras} ${url}${marker}`);
    }
  }
  return [...out];
}

function packagingVerdicts(strings: readonly string[]): boolean[] | undefined {
  const script = 'import json,sys\nfrom packaging.requirements import Requirement\nout=[]\nfor s in json.load(sys.stdin):\n    try:\n        Requirement(s); out.append(True)\n    except Exception:\n        out.append(False)\nprint(json.dumps(out))';
  // The python3 on PATH, else Debian's (where .ci/run installs python3-packaging).
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      return JSON.parse(execFileSync(python, ['-c', script], { input: JSON.stringify(strings), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] })) as boolean[];
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const strings = corpus();
const verdicts = packagingVerdicts(strings);

describe('PEP 508: the checker and packaging agree', () => {
  it('on every string of the generated corpus', (ctx) => {
    if (verdicts === undefined) return missing(ctx, 'python3 -c "import packaging" failed: install python3-packaging');
    expect(strings.length).toBeGreaterThan(1000);
    const disagreements: string[] = [];
    strings.forEach((text, i) => {
      const ours = checkRequirement(text).ok;
      const theirs = verdicts![i]!;
      if (ours === theirs) return;
      if (!ours && STRICTER.some((r) => r.test(text))) return;
      disagreements.push(`${JSON.stringify(text)}: packaging ${theirs ? 'accepts' : 'rejects'}, flyimgc ${ours ? 'accepts' : 'rejects'}`);
    });
    expect(disagreements).toEqual([]);
    // Both sides accept and reject something: the comparison is not vacuous.
    expect(verdicts!.filter(Boolean).length).toBeGreaterThan(100);
    expect(verdicts!.filter((v) => !v).length).toBeGreaterThan(100);
  });
});
