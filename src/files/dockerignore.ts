/**
 * `.dockerignore` rules with Docker's semantics, matched by @balena/dockerignore (a port of moby's matcher).
 * Each pattern gets its own matcher so that we can tell which pattern decided a path (for `flyimgc explain`).
 */
import { posix } from 'node:path';
import dockerignore from '@balena/dockerignore';

export interface IgnoreRules {
  /** the patterns as given (after dropping blank and `#` comment lines, trimmed), for explanations */
  readonly patterns: readonly string[];
  /**
   * True if `relPath` (POSIX, relative to the directory the rules apply to; a dir path has no trailing slash) is
   * excluded. Semantics: Docker/BuildKit's .dockerignore (case-sensitive, `*` not crossing `/`, `**`, `?`, `[...]`,
   * `!` negation with last match winning, a pattern matching a parent dir excludes everything below unless
   * re-included), as implemented by @balena/dockerignore.
   */
  ignores(relPath: string): boolean;
  /** the last pattern that decided `relPath`'s fate (e.g. `*.log` or `!keep.log`), or undefined if none matched; for `flyimgc explain` */
  decidingPattern(relPath: string): string | undefined;
  /**
   * Patterns the matcher cannot read (`foo[`), with their offsets in the text: Docker refuses the build,
   * so the check phase reports them; here they match nothing.
   */
  readonly invalid: readonly { readonly pattern: string; readonly start: number; readonly end: number }[];
}

export const NO_IGNORE_RULES: IgnoreRules = {
  patterns: [],
  invalid: [],
  ignores: () => false,
  decidingPattern: () => undefined,
};

interface Rule {
  readonly pattern: string;
  readonly negated: boolean;
  readonly matches: (relPath: string) => boolean;
}

/** `ignoreCase` is only for flyte-sdk's bug-compatible hashing (docker-py matches case-insensitively; BuildKit does not). */
export function parseDockerignore(text: string, options: { readonly ignoreCase?: boolean } = {}): IgnoreRules {
  const rules: Rule[] = [];
  const invalid: { pattern: string; start: number; end: number }[] = [];
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  let offset = bom;
  // Like moby's ignorefile.ReadAll: a comment must start in column 1 (` #x` is the pattern `#x`), then lines are trimmed.
  for (const raw of text.slice(bom).split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#')) continue;
    const pattern = line.trim();
    if (pattern === '') continue;
    const matches = ruleMatcher(line, options.ignoreCase ?? false);
    rules.push({ pattern, negated: pattern.startsWith('!'), matches: matches ?? (() => false) });
    if (!matches) {
      const start = lineStart + line.indexOf(pattern);
      invalid.push({ pattern, start, end: start + pattern.length });
    }
  }

  // Last match wins, so the first match scanning backwards decides.
  const decide = (relPath: string): Rule | undefined => {
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i]!;
      if (rule.matches(relPath)) return rule;
    }
    return undefined;
  };
  return {
    patterns: rules.map((r) => r.pattern),
    invalid,
    ignores: (relPath) => decide(relPath)?.negated === false,
    decidingPattern: (relPath) => decide(relPath)?.pattern,
  };
}

/**
 * Whether the single pattern on `line` matches `relPath`, using the library's own parsing and matching of it;
 * undefined when the pattern cannot be read.
 */
function ruleMatcher(line: string, ignoreCase: boolean): ((relPath: string) => boolean) | undefined {
  const negated = line.trim().startsWith('!');
  // A lone `!p` rule can never exclude anything, so behind a catch-all `**` its matches show up as "not ignored".
  const matcher = dockerignore.default({ ignorecase: ignoreCase }).add(negated ? ['**', line] : [line]);
  // The library memoizes answers in a plain object keyed by path, so a path named like an Object.prototype
  // member (`constructor`, `toString`) would read the prototype instead of being matched.
  (matcher as unknown as { _cache: object })._cache = Object.create(null) as object;
  try {
    // Patterns are turned into regexps on first use; one that is not a valid regexp (`foo(`) would throw on every
    // call. Docker rejects the whole build for such a pattern: the caller reports it.
    matcher.ignores('probe');
  } catch {
    return undefined;
  }
  return negated ? (relPath) => !matcher.ignores(relPath) : (relPath) => matcher.ignores(relPath);
}

/**
 * Returns a test of whether some `!` pattern in `rules` could match a path strictly below the directory `dir`
 * (relative, no trailing slash). A walk may skip an excluded directory only when this is false; it errs towards
 * true, which costs time but never changes what is included.
 *
 * A `!` pattern without `**` and without regexp-like characters matches only paths with exactly its number of
 * components, or what lies below such a path. So one with no more components than `dir` that matched below `dir`
 * would also match `dir` itself, and `dir` would not be excluded.
 */
export function reincludeCheck(rules: IgnoreRules): (dir: string) => boolean {
  const exceptions: (readonly ((name: string) => boolean)[] | 'anywhere')[] = [];
  for (const pattern of rules.patterns) {
    if (!pattern.startsWith('!')) continue;
    const body = cleanPattern(pattern.slice(1).trim());
    if (body === '') continue;
    // `**` crosses directories; `[^a]`, `\/` or `a|b` become regexps that can match `/` or any depth.
    if (body.includes('**') || /[[\]\\(){}+|^]/.test(body)) exceptions.push('anywhere');
    else exceptions.push(body.split('/').map(componentMatcher));
  }
  if (exceptions.length === 0) return () => false;
  return (dir) => {
    const names = dir.split('/');
    return exceptions.some(
      (ex) => ex === 'anywhere' || (ex.length > names.length && names.every((name, i) => ex[i]!(name))),
    );
  };
}

/** As moby cleans patterns: `./a/`, `/a` and `a//b/..` mean `a`. */
function cleanPattern(pattern: string): string {
  if (pattern === '') return '';
  const clean = posix.normalize(pattern).replace(/(?<=.)\/$/, '');
  return clean.length > 1 && clean.startsWith('/') ? clean.slice(1) : clean;
}

function componentMatcher(glob: string): (name: string) => boolean {
  if (!/[*?]/.test(glob)) return (name) => name === glob;
  const source = [...glob].map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.$]/, '\\$&'))).join('');
  const regexp = new RegExp(`^${source}$`);
  return (name) => regexp.test(name);
}
