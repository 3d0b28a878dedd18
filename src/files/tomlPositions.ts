/**
 * Where the keys, values and table headers of a TOML document are written, for diagnostics that point at
 * them: smol-toml keeps no positions, so the text is scanned again. The one TOML position finder, used by
 * `flyimg.toml` (config/load.ts) and PEP 723 script headers (check/pep723.ts). The scan only has to handle
 * TOML that has already parsed; anything it does not expect ends it, and callers fall back to a wider span.
 */

/** Offsets into the scanned text. */
export interface TomlRange {
  readonly start: number;
  readonly end: number;
}

/** A value as written: quotes and brackets included. */
export interface TomlValue extends TomlRange {
  /** A string's content, just inside its quotes (after a multi-line string's leading newline). */
  readonly content?: TomlRange;
  /** An array's elements. */
  readonly elements?: readonly TomlValue[];
}

export interface TomlKeyValue {
  /** The key as written (quotes included; all of a dotted key). */
  readonly key: TomlRange;
  readonly value: TomlValue;
}

export interface TomlPositions {
  /** The first `key = value` of each full key path (table prefix + dotted key, inline tables' keys too), by `pathKey`. */
  readonly keys: ReadonlyMap<string, TomlKeyValue>;
  /** The first `[table]` (or `[[table]]`) header of each table path, by `pathKey`: brackets included. */
  readonly tables: ReadonlyMap<string, TomlRange>;
  /** False when the scan stopped at something it did not expect (what it found before that is kept). */
  readonly complete: boolean;
}

/** The map key of a key path: its parts joined by NUL (no part of a real key holds one). */
export function pathKey(path: readonly string[]): string {
  return path.join('\0');
}

/** The positions of every key, value and table header in `text` (TOML that parses). */
export function tomlPositions(text: string): TomlPositions {
  return new Scanner(text).document();
}

class Scanner {
  private i = 0;
  private readonly keys = new Map<string, TomlKeyValue>();
  private readonly tables = new Map<string, TomlRange>();

  constructor(private readonly s: string) {}

  document(): TomlPositions {
    let complete = true;
    try {
      let table: string[] = [];
      for (;;) {
        this.skip(true);
        if (this.i >= this.s.length) break;
        if (this.s[this.i] === '[') {
          const start = this.i;
          const array = this.s[this.i + 1] === '[';
          this.i += array ? 2 : 1;
          table = this.key().parts;
          this.skip(false);
          this.expect(']');
          if (array) this.expect(']');
          const path = pathKey(table);
          if (!this.tables.has(path)) this.tables.set(path, { start, end: this.i });
          continue;
        }
        this.keyValue(table);
      }
    } catch {
      complete = false;
    }
    return { keys: this.keys, tables: this.tables, complete };
  }

  /** `key = value` under the key path `prefix` (a table's, or an inline table's), recorded. */
  private keyValue(prefix: readonly string[]): void {
    const key = this.key();
    this.skip(false);
    this.expect('=');
    this.skip(false);
    const path = [...prefix, ...key.parts];
    this.record(path, key.range, this.value(path));
  }

  private record(path: readonly string[], key: TomlRange, value: TomlValue): void {
    const at = pathKey(path);
    if (!this.keys.has(at)) this.keys.set(at, { key, value });
  }

  /** A (dotted) key: its unquoted parts and where it is written. */
  private key(): { parts: string[]; range: TomlRange } {
    const parts: string[] = [];
    this.skip(false);
    const start = this.i;
    for (;;) {
      this.skip(false);
      const c = this.s[this.i];
      if (c === '"' || c === "'") {
        const v = this.string();
        parts.push(this.unescape(this.s.slice(v.content!.start, v.content!.end), c === '"'));
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i, this.i + 256));
        if (!m) throw new Error('key expected');
        parts.push(m[0]);
        this.i += m[0].length;
      }
      const end = this.i;
      this.skip(false);
      if (this.s[this.i] !== '.') return { parts, range: { start, end } };
      this.i++;
    }
  }

  /** A basic string's escapes (those JSON shares with TOML, and `\UXXXXXXXX`); literal strings have none. */
  private unescape(raw: string, escapes: boolean): string {
    if (!escapes || !raw.includes('\\')) return raw;
    const json = raw.replace(/\\U([0-9A-Fa-f]{8})/g, (_, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return JSON.stringify(String.fromCodePoint(code)).slice(1, -1);
    });
    return JSON.parse(`"${json}"`) as string;
  }

  /** A value; `path` is its key's, under which an inline table's keys are recorded. */
  private value(path: readonly string[] = []): TomlValue {
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.string();
    const start = this.i;
    if (c === '[') {
      this.i++;
      const elements: TomlValue[] = [];
      for (;;) {
        this.skip(true);
        if (this.s[this.i] === ']') break;
        elements.push(this.value());
        this.skip(true);
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] !== ']') throw new Error('array');
      }
      this.i++;
      return { start, end: this.i, elements };
    }
    if (c === '{') {
      this.i++;
      for (;;) {
        this.skip(true);
        if (this.s[this.i] === '}') break;
        this.keyValue(path);
        this.skip(true);
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] !== '}') throw new Error('inline table');
      }
      this.i++;
      return { start, end: this.i };
    }
    // Numbers, booleans and dates never contain these (a date may contain a space).
    while (this.i < this.s.length && !',]}#\r\n'.includes(this.s[this.i] ?? '')) this.i++;
    if (this.i === start) throw new Error('value expected');
    let end = this.i;
    while (end > start && (this.s[end - 1] === ' ' || this.s[end - 1] === '\t')) end--;
    return { start, end };
  }

  private string(): TomlValue {
    const s = this.s;
    const open = this.i;
    const quote = s[this.i] ?? '"';
    const escapes = quote === '"';
    if (s.startsWith(quote.repeat(3), this.i)) {
      this.i += 3;
      // A newline right after the opening delimiter is not part of the value.
      if (s[this.i] === '\n') this.i++;
      else if (s.startsWith('\r\n', this.i)) this.i += 2;
      const start = this.i;
      for (;;) {
        if (this.i >= s.length) throw new Error('unterminated');
        if (escapes && s[this.i] === '\\') {
          this.i += 2;
          continue;
        }
        if (s.startsWith(quote.repeat(3), this.i)) {
          // Up to two quotes may sit right before the closing delimiter.
          let run = 3;
          while (run < 5 && s[this.i + run] === quote) run++;
          const end = this.i + run - 3;
          this.i += run;
          return { start: open, end: this.i, content: { start, end } };
        }
        this.i++;
      }
    }
    this.i++;
    const start = this.i;
    for (;;) {
      const c = s[this.i];
      if (c === undefined || c === '\n') throw new Error('unterminated');
      if (escapes && c === '\\') {
        this.i += 2;
        continue;
      }
      if (c === quote) {
        const end = this.i;
        this.i++;
        return { start: open, end: this.i, content: { start, end } };
      }
      this.i++;
    }
  }

  /** Skips spaces and comments, and line ends too when `newlines`. */
  private skip(newlines: boolean): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (newlines && (c === '\n' || c === '\r')) this.i++;
      else if (c === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else return;
    }
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) throw new Error(`expected ${c}`);
    this.i++;
  }
}
