/**
 * Incremental analysis must equal a fresh one: random edits and runs of keystrokes (with fixed seeds, and a
 * new seed each run, printed; FLYIMG_FUZZ_SEED=n replays one) (insertions, deletions, brackets, strings,
 * comments, statements merged and split, edits of an imported file, of a file an image reads) are applied one after another, and
 * after every edit the incremental result is compared with `analyze` of the same text: diagnostics,
 * syntax trees, what each name refers to (definitions) and the evaluated values (what hover shows).
 */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/analyze.js';
import { IncrementalAnalyzer } from '../../src/incremental/analyzer.js';
import { forEachExpr } from '../../src/syntax/walk.js';
import { lex, type Lexed } from '../../src/syntax/lexer.js';
import { isCleanLexing, relex } from '../../src/incremental/relex.js';
import { SpanRemapper } from '../../src/incremental/remap.js';
import { textChange } from '../../src/incremental/textChange.js';
import { memoryHost } from '../helpers/memoryHost.js';

const BASE = `base = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="base")
shared = base.with_apt_packages("curl")
`;

const APP = `import "base.flyimg"
# the images of the app
tools = (
    shared
    .clone(name="tools")
    # apt first, then pip
    .with_apt_packages("git", "make")
    .with_pip_packages(
        "numpy==2.0.1",
        index_url="https://pypi.example.com/simple",
        pre=True,
    )
)
train = tools.clone(name="train").with_env_vars({"MODE": "train"}).with_requirements("requirements.txt")
serve = (tools.clone(name="serve")
    .with_commands(["echo serve", "true"])
    .with_workdir("/srv"))
env = flyte.TaskEnvironment(name="env", image=serve)
other = Image.from_debian_base(python_version=(3, 11), registry="ghcr.io/acme", name="other").with_pip_packages("requests==2.32.3")
doc = """a long string
over lines"""
last = other.with_env_vars({"A": "1"})
`;

/** Pieces that open and close brackets, strings and comments, split and merge lines and statements. */
const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', '\\', '"', "'", '"""', '#', '# note\n', '\n', '\n    ', '\\\n', ' ', ',', '=', '.', 'x', '1',
  'tools', 'base', 'shared', 'serve', 'nope', 'img = tools.clone(name="img")\n', '.with_pip_packages("pandas==2.2.3")',
  '.with_apt_packages("bad package")', 'tools = base\n', 'import "base.flyimg"\n', 'def f():\n    pass\n', '@', 'name="x"',
];

/** A small deterministic generator (mulberry32), so a failure names its seed and edit. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** String contents that make a valid file wrong in the rules (a bad apt name, a bad requirement, a clashing name) or right again. */
const VALUES = ['bad package', 'git', 'numpy==2.0.1', 'numpy=>1', 'train', 'serve', 'tools', '', 'ghcr.io/Acme', '/srv/x', 'requirements.txt', 'missing.txt'];

function randomEdit(text: string, next: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.3) {
    // A value edit that keeps the syntax: the contents of one string literal replaced.
    const strings = [...text.matchAll(/"([^"\n]*)"/g)];
    if (strings.length > 0) {
      const m = pick(strings);
      return text.slice(0, m.index + 1) + pick(VALUES) + text.slice(m.index + 1 + m[1]!.length);
    }
  }
  const kind = next();
  if (kind < 0.4) return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
  const length = 1 + Math.floor(next() * (next() < 0.8 ? 4 : 40));
  if (kind < 0.7) return text.slice(0, at) + text.slice(at + length);
  if (kind < 0.85) return text.slice(0, at) + pick(SNIPPETS) + text.slice(at + length);
  // Undo-like edits: a line break removed (statements merged) or doubled (split).
  const newline = text.indexOf('\n', at);
  if (newline < 0) return text;
  return next() < 0.5 ? text.slice(0, newline) + text.slice(newline + 1) : text.slice(0, newline) + '\n' + text.slice(newline);
}

/** Everything an editor feature reads from an analysis, as comparable data. */
function observable(analysis: Analysis) {
  const files = [...analysis.program.files.values()];
  const definitions: unknown[] = [];
  for (const file of files) {
    for (const statement of file.ast.statements) {
      if (statement.kind !== 'Binding') continue;
      forEachExpr(statement.value, (e) => {
        if (e.kind !== 'Name') return;
        const r = analysis.resolution.referents.get(e);
        definitions.push([e.span, r?.kind === 'binding' ? r.binding.name.span : r?.kind === 'builtin' ? r.name : null]);
      });
    }
  }
  const values = files.flatMap((file) => file.ast.statements.flatMap((s) => (s.kind === 'Binding' ? [[s.name.name, analysis.model.values.get(s)]] : [])));
  return {
    diagnostics: analysis.diagnostics,
    asts: files.map((f) => f.ast),
    definitions,
    values,
    images: analysis.model.images,
    environments: analysis.model.environments,
    sources: [...analysis.sources.keys()].sort(),
  };
}

/**
 * A chain of images after the edited ones, each derived from the one before (they share layers), some
 * with mistakes: most edits then have many statements, values and diagnostics after them, whose spans
 * the incremental analysis moves instead of recomputing.
 */
const CHAIN = Array.from({ length: 24 }, (_, k) =>
  k === 0
    ? 'c0 = tools.clone(name="c0")\n'
    : `c${k} = (\n    c${k - 1}\n    .with_pip_packages("pkg${k}==1.${k}")\n    .with_apt_packages(${k % 5 === 0 ? '"bad package"' : `"apt${k}"`})\n    .with_env_vars({"K": "${k}"})\n)\n`,
).join('');

/** Keystrokes: a snippet typed one character at a time at one place, then deleted again, each state analysed. */
function typingBurst(text: string, next: () => number): string[] {
  const at = Math.floor(next() * (text.length + 1));
  const word = SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
  const states: string[] = [];
  for (let n = 1; n <= word.length; n++) states.push(text.slice(0, at) + word.slice(0, n) + text.slice(at));
  for (let n = word.length - 1; n >= 0; n--) states.push(text.slice(0, at) + word.slice(0, n) + text.slice(at));
  return states;
}

/**
 * Random edits of `app.flyimg` (and now and then of the file it imports or a file an image reads), each
 * followed by an incremental analysis compared with a fresh `analyze` of the same files.
 */
function fuzz(seed: number, edits: number, app: string) {
  const next = random(seed);
  const files: Record<string, string> = { 'app.flyimg': app, 'base.flyimg': BASE, 'requirements.txt': 'requests==2.32.3\n' };
  const incremental = new IncrementalAnalyzer(['app.flyimg']);
  incremental.analyze(memoryHost(files));
  const reused = { statements: 0, bindings: 0, images: 0 };
  const check = (what: string) => {
    const host = memoryHost(files);
    const got = incremental.analyze(host);
    const want = analyze(['app.flyimg'], host);
    expect(observable(got), `seed ${seed} (replay: FLYIMG_FUZZ_SEED=${seed}), ${what}:\n${files['app.flyimg']}`).toEqual(observable(want));
    reused.statements += incremental.lastReuse.statementsReused;
    reused.bindings += incremental.lastReuse.bindingsReused;
    reused.images += incremental.lastReuse.imagesReused;
  };
  for (let edit = 1; edit <= edits; edit++) {
    // Mostly the open file; now and then the file it imports, or a file an image reads; now and then back to the start.
    const which = next();
    if (which < 0.1) {
      const requirements = ['requests==2.32.3\n', 'not a requirement ==\n', undefined][Math.floor(next() * 3)];
      if (requirements === undefined) delete files['requirements.txt'];
      else files['requirements.txt'] = requirements;
    } else if (which < 0.2) {
      // Typing, as the server sees it: every keystroke analysed.
      for (const [k, state] of typingBurst(files['app.flyimg']!, next).entries()) {
        files['app.flyimg'] = state;
        check(`edit ${edit}, keystroke ${k + 1}`);
      }
      continue;
    } else {
      const target = which < 0.3 ? 'base.flyimg' : 'app.flyimg';
      files[target] = next() < 0.1 ? (target === 'app.flyimg' ? app : BASE) : randomEdit(files[target]!, next);
    }
    check(`edit ${edit}`);
  }
  // The comparison would pass trivially if nothing were reused.
  expect(reused.statements).toBeGreaterThan(0);
  expect(reused.bindings).toBeGreaterThan(0);
  expect(reused.images).toBeGreaterThan(0);
}

/** A seed of its own each run (printed in the test's name and in every failure), or the one given to replay a failure. */
const freshSeed = process.env['FLYIMG_FUZZ_SEED'] ? Number(process.env['FLYIMG_FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);

describe('incremental analysis equals a fresh analysis', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`after each of 60 random edits (seed ${seed})`, () => fuzz(seed, 60, APP));
  }
  for (const seed of [7, 8]) {
    it(`after each of 40 random edits and keystrokes, with a chain of derived images after them (seed ${seed})`, () => fuzz(seed, 40, APP + CHAIN));
  }
  it(`after each of 40 random edits and keystrokes, with a new seed each run (seed ${freshSeed})`, () => fuzz(freshSeed, 40, APP + CHAIN));

  it('moves spans in place only in its own results: another analysis of the same files is untouched', () => {
    // Reused spans are moved in place (remap.ts): sound only while no two analyses share a span-bearing object.
    const files: Record<string, string> = { 'app.flyimg': APP + CHAIN, 'base.flyimg': BASE, 'requirements.txt': 'requests==2.32.3\n' };
    const host = memoryHost({ ...files });
    const edited = new IncrementalAnalyzer(['app.flyimg']);
    edited.analyze(host);
    const bystander = new IncrementalAnalyzer(['app.flyimg']).analyze(host);
    const fresh = analyze(['app.flyimg'], host);
    for (const insert of ['# a comment\n', 'x = base\n', '\n\n']) {
      files['app.flyimg'] = insert + files['app.flyimg']!;
      edited.analyze(memoryHost(files));
      expect(edited.lastReuse.statementsReused).toBeGreaterThan(10);
    }
    expect(observable(bystander)).toEqual(observable(analyze(['app.flyimg'], host)));
    expect(observable(fresh)).toEqual(observable(analyze(['app.flyimg'], host)));
  });

  it('still notices a change to a file that only a reused value read', () => {
    const files: Record<string, string> = { 'app.flyimg': APP, 'base.flyimg': BASE, 'requirements.txt': 'requests==2.32.3\n' };
    const incremental = new IncrementalAnalyzer(['app.flyimg']);
    incremental.analyze(memoryHost(files));
    // An edit elsewhere: `train` (which reads requirements.txt) keeps its value and reads nothing this time.
    files['app.flyimg'] = APP.replace('"echo serve"', '"echo serving"');
    incremental.analyze(memoryHost(files));
    expect(incremental.lastReuse.bindingsReused).toBeGreaterThan(0);
    delete files['requirements.txt'];
    const host = memoryHost(files);
    const got = incremental.analyze(host);
    expect(got.diagnostics.map((d) => d.code)).toContain('FLY5001');
    expect(observable(got)).toEqual(observable(analyze(['app.flyimg'], host)));
  });

  it('reuses everything but the edited statement, and moves the spans after it', () => {
    const files: Record<string, string> = { 'app.flyimg': APP, 'base.flyimg': BASE, 'requirements.txt': 'requests==2.32.3\n' };
    const incremental = new IncrementalAnalyzer(['app.flyimg']);
    incremental.analyze(memoryHost(files));
    files['app.flyimg'] = APP.replace('"echo serve"', '"echo serving"');
    const host = memoryHost(files);
    const got = incremental.analyze(host);
    expect(incremental.lastReuse).toMatchObject({ statementsParsed: 1, bindingsEvaluated: 2 }); // serve, and env which uses it
    expect(incremental.lastReuse.statementsReused).toBeGreaterThan(5);
    expect(observable(got)).toEqual(observable(analyze(['app.flyimg'], host)));
  });
});

/** A lexing as comparable data: every token with its place, every statement with its column. */
function lexing(lexed: Lexed) {
  const token = (t: { tokenType: { name: string }; image: string; startOffset: number; endOffset?: number; startLine?: number; endLine?: number; startColumn?: number; endColumn?: number }) =>
    [t.tokenType.name, t.image, t.startOffset, t.endOffset, t.startLine, t.endLine, t.startColumn, t.endColumn];
  return {
    statements: lexed.statements.map((s) => ({ tokens: s.tokens.map(token), poisoned: s.poisoned, diagnostics: s.diagnostics, column: s.column })),
    comments: lexed.comments.map(token),
    diagnostics: lexed.diagnostics,
    synthetic: lexed.synthetic.size,
  };
}

describe('lexing a window after an edit equals lexing the whole file', () => {
  // Edits whose effect reaches past the window: each must give the whole file's lexing (or none).
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['a line continuation that joins the next statement', 'a = base\nb = base\nc = base\n', 'a = base\nb = base\\\nc = base\n'],
    ['a `.` line that joins the statement before', 'a = base\nb = base\nc = base\n', 'a = base\n.x\nb = base\nc = base\n'],
    ['an opened bracket', 'a = base\nb = base\nc = base\n', 'a = base\nb = (base\nc = base\n'],
    ['an opened triple-quoted string', 'a = base\nb = "x"\nc = base\n', 'a = base\nb = """x"\nc = base\n'],
    ['a joined line', 'a = base\nb = base\nc = base\n', 'a = base\nb = basec = base\n'],
    ['CRLF line ends', 'a = base\r\nb = base\r\nc = base\r\n', 'a = base\r\nb = base.x\r\n\r\nc = base\r\n'],
  ];
  for (const [what, before, after] of cases) {
    it(what, () => {
      const change = textChange('app.flyimg', before, after);
      const source = { path: 'app.flyimg', text: after };
      const got = relex(lex({ path: 'app.flyimg', text: before }), before, source, change, new SpanRemapper(change));
      if (got) expect(lexing(got)).toEqual(lexing(lex(source)));
    });
  }

  for (const seed of [11, 12, 13, 14, 15, 16, 17, 18]) {
    it(`after each of 300 random edits (seed ${seed})`, () => {
      const next = random(seed);
      let text = APP;
      let windows = 0;
      for (let edit = 1; edit <= 300; edit++) {
        const edited = next() < 0.1 ? APP : randomEdit(text, next);
        const before = lex({ path: 'app.flyimg', text });
        const change = textChange('app.flyimg', text, edited);
        const source = { path: 'app.flyimg', text: edited };
        const got = isCleanLexing(before) ? relex(before, text, source, change, new SpanRemapper(change)) : undefined;
        if (got) {
          windows++;
          expect(lexing(got), `seed ${seed}, edit ${edit}:\n${edited}`).toEqual(lexing(lex(source)));
        }
        text = edited;
      }
      expect(windows).toBeGreaterThan(10);
    });
  }
});
