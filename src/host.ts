/**
 * The only way compiler passes see files. Paths are POSIX paths as shown to users (relative to the
 * working directory, or as given); the CLI passes a host over the real file system, tests an in-memory one.
 */
export type ReadResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/** Text inputs (sources, imports, `flyimg.toml`, `.dockerignore`, scripts) larger than this are refused, not read. */
export const TEXT_INPUT_LIMIT = 16 * 1024 * 1024;

export interface ReadOptions {
  /** Refuse (without reading) a file larger than this many bytes. */
  readonly maxBytes?: number;
}

export interface FileStat {
  readonly kind: 'file' | 'directory' | 'other';
  /** What an `other` is, for messages: `a FIFO (named pipe)`, `a socket`, `a character device`… */
  readonly special?: string;
  readonly size: number;
  readonly executable: boolean;
  /** True when the path itself is a symbolic link (the rest describes its target). */
  readonly symlink: boolean;
}

export interface HostFiles {
  /** Only regular files are read (a FIFO would block for ever, `/dev/zero` never end): anything else is a failure. */
  readFile(path: string, options?: ReadOptions): ReadResult;
  /** Undefined when nothing exists at `path` (or a symlink points nowhere). */
  stat(path: string): FileStat | undefined;
  /** Entry names of a directory, in no particular order; undefined if it is not a readable directory. */
  listDir(path: string): readonly string[] | undefined;
  /**
   * Entry names in the file system's own order (readdir), when the host can tell it. Only flyte-sdk's
   * bug-compatible hash wants this order; everything else sorts.
   */
  listDirRaw?(path: string): readonly string[] | undefined;
  /**
   * sha256 (hex) of a file's bytes, when the host can answer faster than reading it (a digest cache).
   * Undefined means "read it yourself".
   */
  digest?(path: string): string | undefined;
  /**
   * A hint that `digest` will be asked for each of these files next: a host that can hash many files at
   * once (on several cores) does it now. Changes no answer. `background`: the caller has other work to do
   * first (flyte-sdk's md5 stream, through `streamFile`), during which the host may hash on another thread
   * and hash the files streamed from the same reads.
   */
  digestAll?(paths: readonly string[], options?: { readonly background?: boolean }): void;
  /**
   * A regular file's bytes fed to `each` chunk by chunk, in order, so that a large file is never held whole
   * (each chunk is valid only during the call). Fails as `readFile` does. Hosts without it are read whole.
   */
  streamFile?(path: string, each: (chunk: Uint8Array) => void): { readonly ok: true } | Extract<ReadResult, { ok: false }>;
  /**
   * The canonical path with every symbolic link resolved (absolute on a real file system), only ever compared
   * with other `realPath` results; undefined if nothing exists there.
   */
  realPath(path: string): string | undefined;
}
