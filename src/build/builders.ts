/**
 * The builders flyimgc drives, as the exact commands it runs: pure functions from an image to argv lists,
 * so that `--dry-run` prints precisely what a real run executes, and tests can check them.
 */

export type BuilderName = 'docker' | 'podman' | 'buildah';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

export interface BuildRequest {
  /** The output directory's `<binding>/Dockerfile` and `<binding>/context`, as paths for the builder. */
  readonly dockerfile: string;
  readonly context: string;
  readonly uri: string;
  readonly platforms: readonly string[];
  /** Build secret id → a file holding its value (written by the caller, mode 0600). */
  readonly secretFiles: ReadonlyMap<string, string>;
  readonly push: boolean;
  readonly load: boolean;
  readonly insecure: boolean;
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  /** Extra arguments for the build command, as the user gave them. */
  readonly extraArgs: readonly string[];
  /** docker only: `--builder NAME`, a buildx builder instance (the current one when absent). */
  readonly buildxBuilder?: string;
  /**
   * The Dockerfile bind-mounts files into a RUN (`bindMountsFiles`). buildah and podman then build without
   * reading their layer cache, which would reuse a RUN built from other files (see bindMounts.ts). Not with
   * `--force-rm`: buildah 1.28 without `--layers` (its default) then fails the build, after tagging it, when a
   * container uses a stage's image ("image is in use by a container").
   */
  readonly bindMounts?: boolean;
}

export function buildCommands(builder: BuilderName, request: BuildRequest): Command[] {
  const secrets = [...request.secretFiles].flatMap(([id, file]) => ['--secret', `id=${id},src=${file}`]);
  const platforms = request.platforms.join(',');
  if (builder === 'docker') {
    return [
      {
        file: 'docker',
        args: [
          'buildx',
          'build',
          ...(request.buildxBuilder !== undefined ? ['--builder', request.buildxBuilder] : []),
          '--file',
          request.dockerfile,
          '--tag',
          request.uri,
          '--platform',
          platforms,
          ...(request.push ? ['--push'] : request.load ? ['--load'] : []),
          ...secrets,
          ...request.cacheFrom.flatMap((c) => ['--cache-from', c]),
          ...request.cacheTo.flatMap((c) => ['--cache-to', c]),
          ...request.extraArgs,
          request.context,
        ],
      },
    ];
  }
  // podman and buildah share one build engine and one command line.
  const multi = request.platforms.length > 1;
  const build: Command = {
    file: builder,
    args: [
      'build',
      '--file',
      request.dockerfile,
      ...(multi ? ['--manifest', request.uri] : ['--tag', request.uri]),
      '--platform',
      platforms,
      ...(request.bindMounts ? ['--no-cache'] : []),
      ...secrets,
      ...request.cacheFrom.flatMap((c) => ['--cache-from', c]),
      ...request.cacheTo.flatMap((c) => ['--cache-to', c]),
      ...request.extraArgs,
      request.context,
    ],
  };
  if (!request.push) return [build];
  const tls = request.insecure ? ['--tls-verify=false'] : [];
  const push: Command = multi
    ? { file: builder, args: ['manifest', 'push', '--all', ...tls, request.uri, `docker://${request.uri}`] }
    : { file: builder, args: ['push', ...tls, request.uri] };
  return [build, push];
}

/** How a command reads in a shell, for `--dry-run` and logs. */
export function showCommand(command: Command): string {
  return [command.file, ...command.args].map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'"'"'`)}'`)).join(' ');
}
