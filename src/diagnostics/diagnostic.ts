/** Where something is: a half-open range of UTF-16 offsets in one source file. */
export interface Span {
  /** The source file's path as shown to users (POSIX, relative to the working directory). */
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface Label {
  readonly span: Span;
  readonly message?: string;
}

export type Severity = 'error' | 'warning';

/** A change to the source: replace `span` (empty for an insertion) by `text` (empty for a deletion). */
export interface Edit {
  readonly span: Span;
  readonly text: string;
}

/** A mechanical fix for a diagnostic, offered by editors as a quick fix. */
export interface Fix {
  /** What the fix does, e.g. "replace with `base`". */
  readonly title: string;
  readonly edits: readonly Edit[];
}

export interface Diagnostic {
  /** `FLY` + 4 digits; stable forever. */
  readonly code: string;
  /** kebab-case name of the code, e.g. `unknown-name`. */
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** The place the message is about (rendered `^^^`); absent only for diagnostics about no file at all. */
  readonly primary?: Label;
  /** Other places that explain it (rendered `---`). */
  readonly related: readonly Label[];
  readonly notes: readonly string[];
  readonly help?: string;
  /** Fixes that apply the help mechanically, best first (a did-you-mean suggestion, a deletion). */
  readonly fixes?: readonly Fix[];
}
