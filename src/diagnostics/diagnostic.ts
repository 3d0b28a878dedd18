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
}
