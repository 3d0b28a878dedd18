/** What a command gets from the process: streams, working directory and environment. Injected for tests. */
export interface CliContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export const EXIT = { ok: 0, errors: 1, usage: 2, internal: 70 } as const;

/** A mistake in the command line itself: printed with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}
