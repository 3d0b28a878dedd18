/**
 * THE rules for every user value that the emitter writes into a Dockerfile, in one place: the check
 * phase refuses what breaks them (with a located diagnostic), and the emitter asserts them again before
 * writing a value (`emittable`), so an unchecked value can never reach a Dockerfile: it would be an
 * internal error (exit 70), not an injected instruction.
 *
 * Why each rule exists (docs/security.md has the long form):
 * - Dockerfile parsers (BuildKit's, and buildah's, which is BuildKit's) end an instruction at a line break
 *   and continue it when a line ends in `\` followed only by spaces or tabs (`\\[ \t]*$`), so no value that
 *   lands inside a line may hold a line break, and none may end a line in a backslash.
 * - `<<WORD` opens a heredoc in RUN, COPY and ADD for BuildKit's parser, anywhere on the instruction.
 * - COPY sources are glob patterns and COPY, WORKDIR, ENV and `--mount` values are expanded (`$VAR`,
 *   `${VAR}`) by the builder, each builder with its own escape rules: paths with `$`, `\`, quotes or glob
 *   characters cannot be written so that every builder reads them back the same, so they are refused.
 * - `${VAR:-x}`-style modifiers are read differently by BuildKit and buildah: only `$NAME` and `${NAME}`.
 * - An argument that starts with `--` is read as a flag of the instruction.
 * - buildah 1.28 (podman 4.3's engine, Debian bookworm's) fails a COPY that gives a single file a new name
 *   holding non-ASCII characters ("read/write on closed pipe"; found by test/e2e/hostile.test.ts), while a
 *   file keeping its name, or copied into a non-ASCII folder, works: such a new name is refused.
 * - BuildKit reads a COPY argument that starts with `<<` as a heredoc even in the JSON form (a destination
 *   so named fails: "COPY cannot accept a heredoc as a destination"; found by the e2e suite).
 * - BuildKit (docker 26, buildx 0.13) does not find a COPY source whose name starts or ends with white
 *   space ("failed to calculate checksum ... not found"; found by the e2e suite).
 * - buildah 1.28 reads `--mount` options as Latin-1: a bind source `ü.txt` becomes `Ã¼.txt`, which it
 *   does not find, and the RUN goes on with nothing mounted (a warning only; also found by the e2e suite).
 */
import { posix } from 'node:path';
import { parseReference } from '../reference/reference.js';
import { InternalError } from '../util/invariant.js';

export type EmittedKind =
  /** An ENV or LABEL value (written quoted; `$NAME` stays live on purpose, as in flyte-sdk). */
  | 'env value'
  /** A WORKDIR path. */
  | 'working directory'
  /** A COPY source or destination (build-context paths). */
  | 'copy path'
  /** A COPY source (a build-context path): also no white space at either end of a component. */
  | 'copy source'
  /** The new name COPY gives a single file (with_source_file's `dst` naming the file): also ASCII only. */
  | 'renamed file'
  /** A path in a RUN `--mount=` flag: also no white space or `,` (flag and option separators). */
  | 'mount path'
  /** A word the shell gets single-quoted (package names, index URLs, pixi environments). */
  | 'shell word'
  /** `extra_args`: shell text passed as written, inside a continued RUN line. */
  | 'shell text'
  /** A `with_commands` command (shell form when that reads back unchanged, else exec form). */
  | 'command'
  /** An image reference in FROM or COPY --from. */
  | 'image reference';

/** Why a value cannot be emitted as `kind`, and how to fix it; `lineBreak` problems are FLY3019. */
export interface ValueProblem {
  readonly lineBreak: boolean;
  readonly reason: string;
  readonly help?: string;
}

/** Line breaks as any parser or editor may read them, and NUL. */
const BREAK = /[\r\n\0\u2028\u2029\u0085]/;
/** A line continuation as every Dockerfile parser reads it. */
export const CONTINUATION = /\\[ \t]*$/;
const HEREDOC = /<</;
/** Characters a builder reads in a path: expansion, escapes, quoting, globs. */
const PATH_SPECIAL = /[$\\"'`*?[]/;
const NON_ASCII = /[^\x00-\x7f]/;
/** `${` that is not exactly `${NAME}`. */
const BRACE_MODIFIER = /\$\{(?![A-Za-z_][A-Za-z0-9_]*\})/;

export function valueProblem(kind: EmittedKind, value: string): ValueProblem | undefined {
  if (kind === 'command') return value.includes('\0') ? { lineBreak: true, reason: 'cannot contain a NUL character' } : undefined;
  if (BREAK.test(value)) return { lineBreak: true, reason: 'cannot contain a line break or NUL character' };
  switch (kind) {
    case 'image reference': {
      const parsed = parseReference(value);
      return parsed.ok ? undefined : { lineBreak: false, reason: `is not a valid image reference: ${parsed.problem.reason}` };
    }
    case 'env value':
    case 'working directory':
      if (BRACE_MODIFIER.test(value)) return { lineBreak: false, reason: 'uses a `${...}` form that builders expand differently', help: 'write `$NAME` or `${NAME}` only; to keep a literal `${`, there is no form every builder reads the same' };
      if (kind === 'working directory' && value.startsWith('-')) return { lineBreak: false, reason: 'cannot start with `-`: WORKDIR would read it as a flag', help: 'write an absolute path such as `/app`' };
      return undefined;
    case 'copy path':
    case 'copy source':
    case 'renamed file':
    case 'mount path': {
      if (kind !== 'mount path' && value.startsWith('<<')) return { lineBreak: false, reason: 'cannot start with `<<`: BuildKit reads a COPY path that starts so as a heredoc, even in the JSON form', help: 'rename the file or folder' };
      const special = PATH_SPECIAL.exec(value);
      if (special) return { lineBreak: false, reason: `cannot contain \`${special[0]}\`: builders read \`$\` \`\\\` quotes and \`* ? [\` in COPY and --mount paths as expansions, escapes or patterns`, help: 'rename the file or folder, or copy its parent folder' };
      const separator = kind === 'mount path' ? /[\s,]/.exec(value) : null;
      if (separator) return { lineBreak: false, reason: `cannot contain ${separator[0] === ',' ? '`,`' : 'white space'}: it would split the \`--mount\` flag (its options are separated by commas, flags by white space)`, help: 'rename the file or folder' };
      if (kind === 'copy source' && value.split('/').some((c) => c !== c.trim())) return { lineBreak: false, reason: 'cannot have white space at the start or end of a name: BuildKit does not send such a file to the builder ("not found")', help: 'rename the file or folder' };
      if (kind === 'mount path' && NON_ASCII.test(value)) return { lineBreak: false, reason: 'cannot contain non-ASCII characters: buildah reads `--mount` options as Latin-1 and then mounts nothing', help: 'rename the file or folder with ASCII characters' };
      if (kind === 'renamed file' && NON_ASCII.test(posix.basename(value))) return { lineBreak: false, reason: 'gives the file a new name with non-ASCII characters, which buildah and podman fail to copy', help: 'keep the file\'s own name (a `dst` ending in `/`), or choose an ASCII name' };
      return undefined;
    }
    case 'shell text':
      if (commentStart(value)) return { lineBreak: false, reason: 'cannot contain an unquoted `#` at the start of a word: the shell would ignore the rest of the command, including the arguments flyimgc adds after it', help: 'quote it, or remove the comment' };
      if (HEREDOC.test(value)) return { lineBreak: false, reason: 'cannot contain `<<`: BuildKit reads it as the start of a heredoc', help: 'pass the arguments without a heredoc' };
      if (CONTINUATION.test(value)) return { lineBreak: false, reason: 'cannot end with a backslash: the Dockerfile would continue the line', help: 'remove the trailing backslash' };
      return undefined;
    case 'shell word':
      return undefined;
    default:
      return undefined;
  }
}

/** Whether `text` holds a `#` that starts a word outside quotes (a shell comment). */
function commentStart(text: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return true;
  }
  return false;
}

/** `value`, asserted emittable as `kind`: the check phase refused it otherwise, so failing here is a compiler bug. */
export function emittable(kind: EmittedKind, value: string): string {
  const problem = valueProblem(kind, value);
  if (problem) throw new InternalError(`unchecked ${kind} reached the emitter: ${JSON.stringify(value)} ${problem.reason}`);
  return value;
}
