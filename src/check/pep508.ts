// Validation of one pip/uv package argument: a PEP 508 requirement, or the
// bare URLs and local paths that `pip install` and `uv pip install` also take.
//
// The PEP 508 grammar is implemented by hand (rather than by regular
// expression) so that every error can point at the exact offending part; the
// PEP 440 version rules are delegated to `@renovatebot/pep440` so that we do
// not maintain our own copy of the version regex.

import { editDistance } from '../util/didYouMean.js';
import { InternalError } from '../util/invariant.js';
import { explain, valid, validRange } from '@renovatebot/pep440';

export type RequirementCheck =
  | { readonly ok: true; readonly name?: string }
  | { readonly ok: false; readonly message: string; readonly offset: number; readonly length: number };

export type SpecifierCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly message: string; readonly offset: number; readonly length: number };

/** PEP 503 normalisation: what pip and uv compare project names by. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Checks one package argument as `uv pip install <arg>` would take it. Throws only on a bug (InternalError). */
export function checkRequirement(text: string): RequirementCheck {
  if (typeof text !== 'string') return { ok: false, message: 'a requirement must be a string', offset: 0, length: 0 };
  try {
    const name = new Parser(text).requirement();
    return name === undefined ? { ok: true } : { ok: true, name };
  } catch (e) {
    return asFailure(e, text);
  }
}

/**
 * Checks a PEP 440 version specifier set such as `>=3.9,<4` (what
 * `requires-python` holds). The empty string is accepted, as packaging and uv
 * accept it (it matches every version). Throws only on a bug (InternalError).
 */
export function checkVersionSpecifiers(text: string): SpecifierCheck {
  if (typeof text !== 'string') return { ok: false, message: 'a version specifier must be a string', offset: 0, length: 0 };
  try {
    new Parser(text).specifierSet();
    return { ok: true };
  } catch (e) {
    return asFailure(e, text);
  }
}

class Failure {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly length: number,
  ) {}
}

function asFailure(e: unknown, text: string): { ok: false; message: string; offset: number; length: number } {
  if (e instanceof Failure) {
    const offset = Math.max(0, Math.min(e.offset, text.length));
    const length = Math.max(0, Math.min(e.length, text.length - offset));
    return { ok: false, message: e.message, offset, length };
  }
  // Anything else is a bug in this reader, not a fault in the user's requirement: exit 70 with the trace.
  throw new InternalError(`the PEP 508 reader failed on ${JSON.stringify(text)}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

const VERSION_OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'] as const;

const OPERATOR_FIXES: Readonly<Record<string, string>> = {
  '=': '==',
  '=>': '>=',
  '=<': '<=',
  '>==': '>=',
  '<==': '<=',
  '=~': '~=',
  '~': '~=',
  '~==': '~=',
  '!': '!=',
  '=!': '!=',
  '!==': '!=',
  '<>': '!=',
  '====': '===',
  '>>': '>',
  '<<': '<',
};

// packaging's tokenizer accepts these, including the legacy dotted spellings
// and the PEP 751 `extras`/`dependency_groups`, so we must too.
const MARKER_VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'os.name',
  'sys_platform',
  'sys.platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform.version',
  'platform_machine',
  'platform.machine',
  'platform_python_implementation',
  'platform.python_implementation',
  'python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
  'extras',
  'dependency_groups',
]);

// Schemes pip knows how to fetch; uv supports a subset (no hg/svn/bzr) but
// flagging those is the installer's job, not a syntax error.
const URL_SCHEMES = new Set([
  'http',
  'https',
  'file',
  'git',
  'git+http',
  'git+https',
  'git+ssh',
  'git+git',
  'git+file',
  'hg+http',
  'hg+https',
  'hg+ssh',
  'hg+static-http',
  'hg+file',
  'svn',
  'svn+ssh',
  'svn+http',
  'svn+https',
  'svn+svn',
  'svn+file',
  'bzr+http',
  'bzr+https',
  'bzr+ssh',
  'bzr+sftp',
  'bzr+ftp',
  'bzr+lp',
  'bzr+file',
]);

// pip treats an argument with one of these endings as a file, not a name.
const ARCHIVE_SUFFIX = /\.(whl|zip|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar\.lz|tlz|tar\.lzma)$/i;

const PIP_OPTION_ADVICE: Readonly<Record<string, string>> = {
  '-i': 'use the `index_url=` keyword',
  '--index-url': 'use the `index_url=` keyword',
  '--extra-index-url': 'use the `extra_index_urls=` keyword',
  '--pre': 'use `pre=True`',
  '-r': 'use `with_requirements(...)` for a requirements file',
  '--requirement': 'use `with_requirements(...)` for a requirements file',
};

const isWsp = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9._-]$/.test(c);
const isOperatorChar = (c: string | undefined): boolean => c !== undefined && '<>=!~'.includes(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_.]$/.test(c);

/** A character as a message shows it: invisible ones by code point. */
function show(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  if (cp > 0x20 && cp < 0x7f) return c === '`' ? '`` ` ``' : `\`${c}\``;
  if (cp > 0x7f && /\p{L}|\p{N}|\p{P}|\p{S}/u.test(c)) return `\`${c}\``;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function suggestVariable(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const v of MARKER_VARIABLES) {
    const d = editDistance(word.toLowerCase(), v);
    if (d < bestDistance) {
      best = v;
      bestDistance = d;
    }
  }
  return best;
}

class Parser {
  private pos = 0;

  constructor(private readonly s: string) {}

  requirement(): string | undefined {
    this.rejectBadCharacters();
    const s = this.s;
    if (s.trim() === '') throw new Failure('empty requirement', 0, s.length);
    this.skipWsp();
    const start = this.pos;
    const first = s[start] ?? '';
    if (first === '-') this.rejectOption();
    if (first === '[' || first === '(' || first === '{') {
      throw new Failure('this looks like a list; pass each requirement as its own string', start, s.trimEnd().length - start);
    }
    if (first === '"' || first === "'") this.rejectQuoted();
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s.slice(start))) return this.bareUrl();
    const token = /^[^ \t]*/.exec(s.slice(start))?.[0] ?? '';
    if (this.isLocalPath(token)) return this.localPath();
    return this.namedRequirement();
  }

  specifierSet(): void {
    this.rejectBadCharacters();
    this.skipWsp();
    if (this.atEnd()) return;
    this.versionMany(undefined);
    this.skipWsp();
    if (!this.atEnd()) this.unexpectedAfterVersion();
  }

  // ---- entry checks ----

  private rejectBadCharacters(): void {
    const m = /[\x00-\x08\x0a-\x1f\x7f]/.exec(this.s);
    if (!m) return;
    const c = m[0];
    const message =
      c === '\n' || c === '\r'
        ? 'a requirement cannot contain a line break; pass each requirement as its own string'
        : c === '\0'
          ? 'a requirement cannot contain a NUL character'
          : `a requirement cannot contain the control character ${show(c)}`;
    throw new Failure(message, m.index, 1);
  }

  private rejectOption(): never {
    const rest = this.s.slice(this.pos);
    const m = /^(--?[A-Za-z][A-Za-z0-9-]*)(?=$|[ \t=])/.exec(rest);
    const option = m?.[1];
    // `-foo` is not a pip option (short options are one letter), so it is a bad name.
    if (option === undefined || (!option.startsWith('--') && option.length !== 2)) {
      throw new Failure('a project name must start with a letter or digit', this.pos, 1);
    }
    const advice = PIP_OPTION_ADVICE[option] ?? 'pass installer options in the `extra_args=` keyword';
    throw new Failure(`\`${option}\` is a pip option, not a requirement; ${advice}`, this.pos, option.length);
  }

  private rejectQuoted(): never {
    const s = this.s;
    const start = this.pos;
    const quote = s[start] ?? '"';
    const close = s.indexOf(quote, start + 1);
    if (close > 0 && /^[ \t]*,/.test(s.slice(close + 1))) {
      throw new Failure('this looks like a list; pass each requirement as its own string', start, s.trimEnd().length - start);
    }
    throw new Failure('the requirement is wrapped in quotes; remove them', start, 1);
  }

  // ---- bare URLs and paths ----

  private bareUrl(): string | undefined {
    const start = this.pos;
    const url = this.readUrlToken();
    this.checkUrl(url, start);
    const name = this.nameFromUrl(url, start);
    this.trailingMarker('the URL');
    return name;
  }

  private isLocalPath(token: string): boolean {
    if (token === '.' || token === '..') return true;
    if (token.startsWith('./') || token.startsWith('../') || token.startsWith('/')) return true;
    if (!ARCHIVE_SUFFIX.test(token.split(';')[0] ?? '')) return false;
    // pip reads `name@url.whl` as a direct reference, not a file name.
    const at = token.indexOf('@');
    return at < 0 || /[/\\]/.test(token.slice(0, at));
  }

  private localPath(): string | undefined {
    const start = this.pos;
    // For paths pip splits off a marker at `;` even without whitespace.
    while (!this.atEnd() && !isWsp(this.peek()) && this.peek() !== ';') this.pos++;
    const path = this.s.slice(start, this.pos);
    const file = path.replace(/\[[^\]]*\]$/, '').split('/').pop() ?? '';
    const name = wheelName(file);
    this.skipWsp();
    if (this.peek() === ';') {
      this.pos++;
      this.marker();
    }
    this.expectEnd('after the path');
    return name;
  }

  private readUrlToken(): string {
    const start = this.pos;
    while (!this.atEnd() && !isWsp(this.peek())) this.pos++;
    return this.s.slice(start, this.pos);
  }

  private checkUrl(url: string, start: number): void {
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
    if (!m) {
      const what = url === '' ? 'nothing' : `\`${url}\``;
      throw new Failure(
        `expected a URL such as \`https://...\` or \`file:///...\`, found ${what}`,
        start,
        Math.max(url.length, 1),
      );
    }
    const scheme = m[1] ?? '';
    if (!URL_SCHEMES.has(scheme.toLowerCase())) {
      throw new Failure(
        `unknown URL scheme \`${scheme}\`; expected \`https\`, \`http\`, \`file\` or a VCS scheme such as \`git+https\``,
        start,
        scheme.length,
      );
    }
    const afterScheme = url.slice(m[0].length);
    const authority = /^[^/?#]*/.exec(afterScheme)?.[0] ?? '';
    if (scheme.toLowerCase().endsWith('file')) {
      if (authority !== '' && authority.toLowerCase() !== 'localhost') {
        throw new Failure(
          `a \`file:\` URL needs an absolute path: write \`file:///${afterScheme}\``,
          start,
          url.length,
        );
      }
      if (afterScheme.slice(authority.length) === '') throw new Failure('the `file:` URL has no path', start, url.length);
    } else if (authority === '' || authority.endsWith('@')) {
      throw new Failure('the URL has no host', start, url.length);
    }
    const semicolon = url.indexOf(';');
    if (semicolon >= 0) {
      const after = url.slice(semicolon + 1).trimStart();
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(after)?.[0];
      if (word !== undefined && MARKER_VARIABLES.has(word)) {
        throw new Failure('put a space before `;` so that it starts an environment marker instead of continuing the URL', start + semicolon, 1);
      }
    }
  }

  /** The project a URL names, where pip could tell without fetching it. */
  private nameFromUrl(url: string, start: number): string | undefined {
    const hash = url.indexOf('#');
    if (hash >= 0) {
      const fragment = url.slice(hash + 1);
      let at = hash + 1;
      for (const part of fragment.split('&')) {
        if (part.startsWith('egg=')) {
          const egg = part.slice(4).replace(/\[.*$/, '');
          if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(egg)) {
            throw new Failure('`#egg=` must be followed by a project name', start + at, part.length);
          }
          return normalizeName(egg);
        }
        at += part.length + 1;
      }
    }
    const path = url.replace(/[?#].*$/, '');
    let file = path.slice(path.lastIndexOf('/') + 1);
    try {
      file = decodeURIComponent(file);
    } catch {
      // A malformed escape is the server's problem; keep the raw text.
    }
    return wheelName(file);
  }

  // ---- PEP 508 ----

  private namedRequirement(): string {
    const name = this.name();
    const afterName = this.pos;
    const spaces = this.skipWsp();
    if (this.peek() === '[') {
      this.extras();
      this.skipWsp();
      if (!this.atEnd() && !/[@;(<>=!~]/.test(this.peek() ?? '')) {
        const word = /^[^ \t]+/.exec(this.s.slice(this.pos))?.[0] ?? '';
        throw new Failure(`expected a version operator, \`@\` or \`;\` after the extras, found \`${word}\``, this.pos, word.length);
      }
    }
    const c = this.peek();
    if (c === '@') {
      this.pos++;
      this.skipWsp();
      const start = this.pos;
      const url = this.readUrlToken();
      // PEP 508's URL is a URI reference, so a relative path is one (packaging and uv take `foo @ ./x`);
      // a bare word (`foo @ x`) stays refused: it is far more often a mistake than a path.
      if (!/^\.{0,2}\//.test(url)) this.checkUrl(url, start);
      this.trailingMarker('the URL');
      return normalizeName(name);
    }
    if (isOperatorChar(c) || c === '(') {
      this.versionSpec();
      this.skipWsp();
      if (this.peek() === ';') {
        this.pos++;
        this.marker();
      }
      if (!this.atEnd()) this.unexpectedAfterVersion();
      return normalizeName(name);
    }
    if (c === ';') {
      this.pos++;
      this.marker();
      this.expectEnd('after the environment marker');
      return normalizeName(name);
    }
    if (c === undefined) return normalizeName(name);
    this.unexpectedAfterName(name, afterName, spaces);
  }

  private name(): string {
    const s = this.s;
    const start = this.pos;
    const c = s[start];
    if (!isAlnum(c)) {
      const shown = c === undefined ? 'nothing' : show(this.charAt(start));
      throw new Failure(`expected a project name, found ${shown}; a project name must start with a letter or digit`, start, this.charLength(start));
    }
    while (isNameChar(s[this.pos])) this.pos++;
    // Trailing punctuation belongs to the name's run but may not end it.
    while (this.pos > start && !isAlnum(s[this.pos - 1])) this.pos--;
    return s.slice(start, this.pos);
  }

  private unexpectedAfterName(name: string, afterName: number, spaces: number): never {
    const s = this.s;
    const at = this.pos;
    const c = this.charAt(at);
    if (c === ',') {
      throw new Failure('a requirement names one project; pass each requirement as its own string', at, 1);
    }
    if (c === ']' || c === ')' || c === '}') throw new Failure(`unmatched ${show(c)}`, at, 1);
    if (spaces > 0 && isNameChar(c)) {
      const word = /^[^ \t]+/.exec(s.slice(at))?.[0] ?? c;
      if (/^[0-9]/.test(word) && valid(word) !== null) {
        throw new Failure(`missing version operator; did you mean \`${name}==${word}\`?`, at, word.length);
      }
      throw new Failure(
        `expected a version operator, \`[\`, \`@\` or \`;\` after \`${name}\`; to install several projects, pass each as its own string`,
        at,
        word.length,
      );
    }
    if (spaces === 0 && at === afterName && s[at - 1] !== undefined && /[-_.]/.test(s[at] ?? '')) {
      throw new Failure('a project name must end with a letter or digit', at, 1);
    }
    if (c === '/' || c === '\\') {
      const token = /^[^ \t]+/.exec(s.slice(afterName - name.length))?.[0] ?? name;
      throw new Failure(
        `\`${token}\` is neither a project name nor a URL; write a local path as \`./${token}\` or a URL as \`git+https://...\``,
        afterName - name.length,
        token.length,
      );
    }
    if (spaces === 0) {
      throw new Failure(`a project name cannot contain ${show(c)}`, at, this.charLength(at));
    }
    throw new Failure(`expected a version operator, \`[\`, \`@\` or \`;\` after \`${name}\`, found ${show(c)}`, at, this.charLength(at));
  }

  private extras(): void {
    const s = this.s;
    const open = this.pos;
    this.pos++;
    this.skipWsp();
    if (s[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.atEnd()) throw new Failure('unclosed `[`', open, 1);
      this.extraName();
      this.skipWsp();
      const c = s[this.pos];
      if (c === ']') {
        this.pos++;
        return;
      }
      if (c === ',') {
        this.pos++;
        this.skipWsp();
        if (s[this.pos] === ']') throw new Failure('expected an extra name after `,`', this.pos - 1, 1);
        continue;
      }
      if (c === undefined) throw new Failure('unclosed `[`', open, 1);
      if (isAlnum(c)) throw new Failure('expected `,` between extra names', this.pos, 1);
      throw new Failure(`expected \`,\` or \`]\` in the extras, found ${show(this.charAt(this.pos))}`, this.pos, this.charLength(this.pos));
    }
  }

  private extraName(): void {
    const s = this.s;
    const start = this.pos;
    if (!isAlnum(s[start])) {
      throw new Failure(
        `expected an extra name, found ${show(this.charAt(start))}; extra names start with a letter or digit`,
        start,
        this.charLength(start),
      );
    }
    while (isNameChar(s[this.pos])) this.pos++;
    while (this.pos > start && !isAlnum(s[this.pos - 1])) this.pos--;
  }

  private versionSpec(): void {
    if (this.peek() === '(') {
      const open = this.pos;
      this.pos++;
      this.skipWsp();
      this.versionMany(open);
      this.skipWsp();
      if (this.peek() === ')') {
        this.pos++;
        return;
      }
      if (this.atEnd() || this.peek() === ';') throw new Failure('unclosed `(`', open, 1);
      this.unexpectedAfterVersion();
    }
    this.versionMany(undefined);
  }

  private versionMany(open: number | undefined): void {
    this.versionOne();
    for (;;) {
      const save = this.pos;
      this.skipWsp();
      if (this.peek() !== ',') {
        this.pos = save;
        return;
      }
      const comma = this.pos;
      this.pos++;
      this.skipWsp();
      // A trailing comma ends the list, as packaging (pip) reads it: `foo>=1,` is `foo>=1`. PEP 508's grammar
      // has no trailing comma, but refusing what the installers accept would be a false alarm.
      if (this.atEnd() || this.peek() === ';' || (open !== undefined && this.peek() === ')')) return;
      if (this.peek() === ',') throw new Failure('expected a version specifier after `,`', comma, 1);
      this.versionOne();
    }
  }

  private versionOne(): void {
    const s = this.s;
    const opStart = this.pos;
    while (isOperatorChar(s[this.pos])) this.pos++;
    const op = s.slice(opStart, this.pos);
    if (op === '') {
      const word = /^[^ \t,;)]+/.exec(s.slice(opStart))?.[0] ?? '';
      if (word !== '' && valid(word.replace(/\.\*$/, '')) !== null) {
        throw new Failure(`missing version operator; did you mean \`>=${word}\` or \`==${word}\`?`, opStart, word.length);
      }
      const found = word === '' ? (this.atEnd() ? 'nothing' : show(this.charAt(opStart))) : `\`${word}\``;
      throw new Failure(`expected a version operator such as \`>=\` or \`==\`, found ${found}`, opStart, Math.max(word.length, this.charLength(opStart)));
    }
    if (!(VERSION_OPERATORS as readonly string[]).includes(op)) {
      const fix = OPERATOR_FIXES[op];
      const hint = fix !== undefined ? `did you mean \`${fix}\`?` : 'expected one of `==`, `!=`, `<=`, `>=`, `<`, `>`, `~=`, `===`';
      throw new Failure(`\`${op}\` is not a version operator; ${hint}`, opStart, op.length);
    }
    this.skipWsp();
    const versionStart = this.pos;
    // `===` compares arbitrary strings, so only it may swallow a `[`.
    const stop = op === '===' ? /[ \t,;)]/ : /[ \t,;)[]/;
    while (!this.atEnd() && !stop.test(s[this.pos] ?? '')) this.pos++;
    const version = s.slice(versionStart, this.pos);
    if (version === '') {
      throw new Failure(`expected a version after \`${op}\``, opStart, op.length);
    }
    const problem = versionProblem(op, version);
    if (problem !== undefined) throw new Failure(problem, versionStart, version.length);
  }

  private unexpectedAfterVersion(): never {
    const at = this.pos;
    const c = this.charAt(at);
    if (isOperatorChar(c)) throw new Failure('missing `,` between version specifiers', at, 1);
    if (c === ')') throw new Failure('unmatched `)`', at, 1);
    if (c === '@') throw new Failure('a requirement cannot have both a version and `@ URL`', at, 1);
    if (c === '[') throw new Failure('extras go right after the project name, before the version', at, 1);
    const word = /^[^ \t]+/.exec(this.s.slice(at))?.[0] ?? c;
    throw new Failure(`expected \`,\`, \`;\` or the end after the version, found \`${word}\``, at, word.length);
  }

  // ---- environment markers ----

  /** After a URL or path: optional whitespace, then `; marker`, then the end. */
  private trailingMarker(what: string): void {
    const spaces = this.skipWsp();
    if (this.atEnd()) return;
    if (this.peek() === ';' && spaces > 0) {
      this.pos++;
      this.marker();
      this.expectEnd('after the environment marker');
      return;
    }
    this.expectEnd(`after ${what}`);
  }

  private marker(): void {
    const semicolon = this.pos - 1;
    this.skipWsp();
    if (this.atEnd()) throw new Failure('expected an environment marker after `;`', semicolon, 1);
    this.markerOr();
    this.skipWsp();
    if (this.atEnd()) return;
    const c = this.charAt(this.pos);
    if (c === ')') throw new Failure('unmatched `)`', this.pos, 1);
    const word = /^[^ \t()]+/.exec(this.s.slice(this.pos))?.[0] ?? c;
    throw new Failure(`expected \`and\`, \`or\` or the end of the marker, found \`${word}\``, this.pos, word.length);
  }

  private markerOr(): void {
    this.markerAnd();
    while (this.keywordAhead('or')) this.markerAnd();
  }

  private markerAnd(): void {
    this.markerExpr();
    while (this.keywordAhead('and')) this.markerExpr();
  }

  /** Consumes `wsp* keyword` when it is there as a whole word. */
  private keywordAhead(keyword: string): boolean {
    const save = this.pos;
    this.skipWsp();
    if (this.s.startsWith(keyword, this.pos) && !isWordChar(this.s[this.pos + keyword.length])) {
      this.pos += keyword.length;
      return true;
    }
    this.pos = save;
    return false;
  }

  private markerExpr(): void {
    this.skipWsp();
    if (this.peek() === '(') {
      const open = this.pos;
      this.pos++;
      this.markerOr();
      this.skipWsp();
      if (this.peek() === ')') {
        this.pos++;
        return;
      }
      if (this.atEnd()) throw new Failure('unclosed `(`', open, 1);
      const word = /^[^ \t()]+/.exec(this.s.slice(this.pos))?.[0] ?? this.charAt(this.pos);
      throw new Failure(`expected \`and\`, \`or\` or \`)\`, found \`${word}\``, this.pos, word.length);
    }
    this.markerValue();
    this.markerOperator();
    this.markerValue();
  }

  private markerValue(): void {
    this.skipWsp();
    const s = this.s;
    const start = this.pos;
    const c = s[start];
    if (c === undefined) {
      throw new Failure('expected a marker variable or a quoted string, found the end', Math.max(0, start - 1), start > 0 ? 1 : 0);
    }
    if (c === '"' || c === "'") {
      const close = s.indexOf(c, start + 1);
      if (close < 0) throw new Failure('unterminated string', start, s.length - start);
      this.pos = close + 1;
      return;
    }
    const word = /^[A-Za-z0-9_.-]+/.exec(s.slice(start))?.[0];
    if (word === undefined) {
      throw new Failure(`expected a marker variable or a quoted string, found ${show(this.charAt(start))}`, start, this.charLength(start));
    }
    this.pos = start + word.length;
    if (MARKER_VARIABLES.has(word)) return;
    if (['and', 'or', 'not', 'in'].includes(word)) {
      throw new Failure(`expected a marker variable or a quoted string, found \`${word}\``, start, word.length);
    }
    if (!/^[A-Za-z_]/.test(word)) {
      throw new Failure(`marker values must be quoted: write \`'${word}'\``, start, word.length);
    }
    const suggestion = suggestVariable(word);
    const hint = suggestion !== undefined ? `did you mean \`${suggestion}\`?` : `if it is a value, quote it: \`'${word}'\``;
    throw new Failure(`unknown marker variable \`${word}\`; ${hint}`, start, word.length);
  }

  private markerOperator(): void {
    this.skipWsp();
    const s = this.s;
    const start = this.pos;
    if (isOperatorChar(s[start])) {
      while (isOperatorChar(s[this.pos])) this.pos++;
      const op = s.slice(start, this.pos);
      if ((VERSION_OPERATORS as readonly string[]).includes(op)) return;
      const fix = OPERATOR_FIXES[op];
      const hint = fix !== undefined ? `did you mean \`${fix}\`?` : 'expected one of `==`, `!=`, `<=`, `>=`, `<`, `>`, `~=`, `===`, `in`, `not in`';
      throw new Failure(`\`${op}\` is not a marker operator; ${hint}`, start, op.length);
    }
    if (s.startsWith('in', start) && !isWordChar(s[start + 2])) {
      this.pos += 2;
      return;
    }
    const notIn = /^not[ \t]+in(?![A-Za-z0-9_.])/.exec(s.slice(start));
    if (notIn) {
      this.pos += notIn[0].length;
      return;
    }
    const found = this.atEnd() ? 'the end' : `\`${/^[^ \t]+/.exec(s.slice(start))?.[0] ?? ''}\``;
    throw new Failure(
      `expected a comparison operator such as \`==\`, \`>=\` or \`in\`, found ${found}`,
      this.atEnd() ? Math.max(0, start - 1) : start,
      this.atEnd() ? 0 : this.charLength(start),
    );
  }

  // ---- helpers ----

  private expectEnd(where: string): void {
    this.skipWsp();
    if (this.atEnd()) return;
    const word = /^[^ \t]+/.exec(this.s.slice(this.pos))?.[0] ?? this.charAt(this.pos);
    throw new Failure(`unexpected \`${word}\` ${where}`, this.pos, word.length);
  }

  private skipWsp(): number {
    const start = this.pos;
    while (isWsp(this.s[this.pos])) this.pos++;
    return this.pos - start;
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  /** The whole code point at `i`, so that messages never show half a surrogate pair. */
  private charAt(i: number): string {
    const cp = this.s.codePointAt(i);
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }

  private charLength(i: number): number {
    return this.charAt(i).length;
  }
}

/**
 * Answers of `versionProblem`, a pure function of its two strings. The PEP 440 library parses each
 * specifier with a regular expression of a few hundred characters; files repeat the same few versions
 * (at 10,000 images this was a twentieth of a `check`). Bounded: cleared when full.
 */
const versionProblems = new Map<string, string | undefined>();
const VERSION_PROBLEMS_KEPT = 4096;

/** What is wrong with `op version`, or undefined when PEP 440 allows it. */
function versionProblem(op: string, version: string): string | undefined {
  const key = `${op} ${version}`;
  if (versionProblems.has(key)) return versionProblems.get(key);
  const problem = versionProblemOf(op, version);
  if (versionProblems.size >= VERSION_PROBLEMS_KEPT) versionProblems.clear();
  versionProblems.set(key, problem);
  return problem;
}

function versionProblemOf(op: string, version: string): string | undefined {
  if (op === '===') return undefined; // arbitrary equality compares strings, by design
  const prefix = version.endsWith('.*');
  const base = prefix ? version.slice(0, -2) : version;
  if (base.includes('*')) return `\`${version}\` is not a valid version; \`*\` may only appear as a final \`.*\``;
  const parsed = valid(base) === null ? null : explain(base);
  if (parsed === null) return `\`${version}\` is not a valid PEP 440 version`;
  const equality = op === '==' || op === '!=';
  if (prefix && !equality) return `a \`.*\` suffix is only allowed with \`==\` or \`!=\`, not \`${op}\``;
  // The library's typings say `dev` is an array; at run time it is a number or null.
  if (prefix && (parsed.is_devrelease || parsed.local !== null)) {
    return 'a `.*` suffix cannot follow a dev release or a local version';
  }
  if (parsed.local !== null && !equality) {
    return `a local version (\`+${parsed.local}\`) is only allowed with \`==\`, \`!=\` or \`===\`, not \`${op}\``;
  }
  if (op === '~=' && parsed.release.length < 2) return `\`~=\` needs at least two release segments, e.g. \`~=${base}.0\``;
  // The library is the authority; the checks above only make its "no" readable.
  if (!validRange(op + version)) return `\`${op}${version}\` is not a valid version specifier`;
  return undefined;
}

/** The project named by a wheel file name (`name-ver(-build)?-py-abi-plat.whl`). */
function wheelName(file: string): string | undefined {
  if (!/\.whl$/i.test(file)) return undefined;
  const parts = file.slice(0, -4).split('-');
  const name = parts[0] ?? '';
  if ((parts.length !== 5 && parts.length !== 6) || !/^[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?$/.test(name)) return undefined;
  return normalizeName(name);
}
