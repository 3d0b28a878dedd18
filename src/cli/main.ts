/**
 * `flyimgc` command line: argv → command → exit code. The only place that decides exit codes;
 * `bin/flyimgc.js` sets the process exit code from what `main` returns.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InternalError } from '../util/invariant.js';
import { didYouMean } from '../util/didYouMean.js';
import type { DiffFormat } from './commands/diff.js';
import type { BuilderChoice } from './commands/build.js';
import { helpText, parseOptions } from './commands/help.js';
import type { DigestCacheStats } from './digestCache.js';
import { defaultCacheFile } from './cachePaths.js';
import { checkRegistryPrefix } from '../reference/reference.js';
import { KNOWN_PLATFORMS } from '../check/rules/platformsValid.js';
import { EXIT, UsageError, type CliContext } from './context.js';
import type { DiagnosticFormat, OutputFormat } from './report.js';
import type { CopyStyle } from '../codeBundle/bake.js';

const COPY_STYLES: readonly CopyStyle[] = ['none', 'loaded_modules', 'all'];

import { VERSION } from './version.js';
export { VERSION };

const mainHelp = `flyimgc ${VERSION}: compile .flyimg image definitions into Dockerfiles, build contexts and manifests

Usage: flyimgc <command> [options] <FILE|DIR>...

Commands:
  check    parse and check .flyimg files; report every problem at once
  compile  write Dockerfiles, build contexts and a manifest for every image
  explain  show every input of an image's tag
  diff     which images change tag between two builds, and why
  plan     ask the registries which images exist and which need a build
  build    build and push the images that are missing, dependencies first
  fmt      rewrite .flyimg files in the canonical layout (--check: for CI)
  lsp      run the language server over stdio (editors start it)

Options:
  -h, --help      show help (also: flyimgc help <command>)
  -V, --version   print the version

Run 'flyimgc <command> --help' for a command's options.
Exit status: 0 success, 1 errors in the input, 2 usage error, 70 internal error.
`;

interface Command {
  readonly help: string;
  /** From the same table as the help's option list (commands/help.ts). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Loads the command's code only when it runs, so `--help` and `--version` stay instant. */
  run(ctx: CliContext, values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

const strings = (value: unknown): string[] => (value as string[] | undefined) ?? [];

/** A progress line for long hashing, on a terminal only, at most ten updates a second. */
function hashProgress(ctx: CliContext): (stats: DigestCacheStats, finished?: boolean) => void {
  let last = 0;
  let shown = false;
  return (stats, finished) => {
    if (finished) {
      if (shown) ctx.stderr.write('\r\x1b[K');
      return;
    }
    const now = Date.now();
    if (now - last < 100 || stats.bytesHashed < 64 * 1024 * 1024) return;
    last = now;
    shown = true;
    ctx.stderr.write(`\rhashing: ${stats.misses} files, ${(stats.bytesHashed / 1048576).toFixed(0)} MiB\x1b[K`);
  };
}

function pipeline(values: Record<string, unknown>, positionals: string[], command: string, ctx: CliContext) {
  const noCache = values['no-cache'] === true || (ctx.env['FLYIMGC_NO_CACHE'] ?? '') !== '';
  return {
    inputs: positionals,
    ...(noCache ? {} : { cacheFile: defaultCacheFile(ctx.env) }),
    ...(ctx.stderr.isTTY ? { onHashProgress: hashProgress(ctx) } : {}),
    images: (values['image'] as string[] | undefined) ?? [],
    allowOutsideProject: values['allow-outside-project'] === true,
    hash: parseHash(values['hash'], command),
    ...(typeof values['platform'] === 'string' ? { platforms: parsePlatforms(values['platform'], command) } : {}),
    ...(typeof values['registry'] === 'string' ? { registryOverride: parseRegistry(values['registry'], command) } : {}),
    ...deploy(values, command),
    ...(typeof values['flyte-config'] === 'string' ? { flyteConfig: values['flyte-config'] } : {}),
  };
}

/** `--copy-style`, `--root-dir`, `--entry`: how the deploy treats code bundles (check and compile alike). */
function deploy(values: Record<string, unknown>, command: string) {
  return {
    ...(values['copy-style'] !== undefined ? { copyStyle: parseCopyStyle(values['copy-style'], command) } : {}),
    ...(typeof values['root-dir'] === 'string' ? { rootDir: values['root-dir'] } : {}),
    entries: strings(values['entry']),
  };
}

/** `pipeline`, plus the Python parser when this run may bake a code bundle in (loaded only then). */
async function pipelineWithPython(values: Record<string, unknown>, positionals: string[], command: string, ctx: CliContext) {
  return (await import('./pythonParser.js')).withPythonIfNeeded(ctx.cwd, pipeline(values, positionals, command, ctx));
}

function parseCopyStyle(value: unknown, command: string): CopyStyle {
  if (COPY_STYLES.includes(value as CopyStyle)) return value as CopyStyle;
  throw new UsageError(`--copy-style must be none, loaded_modules or all, not \`${String(value)}\` (none bakes the code bundle into the image, as \`flyte.deploy(env, copy_style="none")\`)`, command);
}

/** `--registry` is checked by the same reference grammar as `registry=` in a file, before anything uses it. */
function parseRegistry(value: string, command: string): string {
  const problem = checkRegistryPrefix(value);
  if (problem) throw new UsageError(`--registry ${JSON.stringify(value)} is not a valid registry: ${problem.reason}${problem.help ? `; ${problem.help}` : ''}`, command);
  return value;
}

function parsePlatforms(value: string, command: string): string[] {
  const platforms = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (platforms.length === 0) throw new UsageError('--platform needs at least one platform, e.g. linux/amd64', command);
  // The same list the file's `platform=` is checked against (FLY3014).
  const unknown = platforms.find((p) => !KNOWN_PLATFORMS.includes(p));
  if (unknown !== undefined) throw new UsageError(`--platform ${JSON.stringify(unknown)} is not a platform flyimgc builds for: use one of ${KNOWN_PLATFORMS.join(', ')}`, command);
  return platforms;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  check: {
    help: helpText('check'),
    options: parseOptions('check'),
    run: async (ctx, values, positionals) =>
      (await import('./commands/check.js')).runCheck(ctx, {
        ...(await (await import('./pythonParser.js')).withPythonIfNeeded(ctx.cwd, { inputs: positionals, ...deploy(values, 'check') })),
        images: strings(values['image']),
        hash: parseHash(values['hash'], 'check'),
        ...(typeof values['platform'] === 'string' ? { platforms: parsePlatforms(values['platform'], 'check') } : {}),
        allowOutsideProject: values['allow-outside-project'] === true,
        format: parseDiagnosticFormat(values['format'], 'check'),
        warningsAsErrors: values['warnings-as-errors'] === true,
      }),
  },
  compile: {
    help: helpText('compile'),
    options: parseOptions('compile'),
    run: async (ctx, values, positionals) =>
      (await import('./commands/compile.js')).runCompile(ctx, {
        ...(await pipelineWithPython(values, positionals, 'compile', ctx)),
        ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}),
        dumpIr: values['dump-ir'] === true,
        manifestFormat: parseManifestFormat(values['manifest-format']),
        format: parseDiagnosticFormat(values['format'], 'compile'),
        warningsAsErrors: values['warnings-as-errors'] === true,
      }),
  },
  explain: {
    help: helpText('explain'),
    options: parseOptions('explain'),
    run: async (ctx, values, positionals) => (await import('./commands/explain.js')).runExplain(ctx, positionals[0], { ...(await pipelineWithPython(values, positionals.slice(1), 'explain', ctx)), format: parseFormat(values['format'], 'explain') }),
  },
  plan: {
    help: helpText('plan'),
    options: parseOptions('plan'),
    run: async (ctx, values, positionals) =>
      (await import('./commands/plan.js')).runPlan(ctx, {
        ...(await pipelineWithPython(values, positionals, 'plan', ctx)),
        insecureRegistries: strings(values['insecure-registry']),
        format: parseFormat(values['format'], 'plan'),
      }),
  },
  build: {
    help: helpText('build'),
    options: parseOptions('build'),
    run: async (ctx, values, positionals) => {
      const { BUILDER_CHOICES, runBuild } = await import('./commands/build.js');
      const named = values['builder'];
      if (named !== undefined && !(BUILDER_CHOICES as readonly unknown[]).includes(named)) throw new UsageError(`--builder must be docker, podman, buildah or bake, not \`${String(named)}\``, 'build');
      if (values['bake'] === true && named !== undefined && named !== 'bake') throw new UsageError(`--bake runs \`docker buildx bake\`; it cannot be combined with --builder ${String(named)}`, 'build');
      const builder = values['bake'] === true ? 'bake' : (named as BuilderChoice | undefined);
      // `--only a,b` or `--only a --only b` (a bare second name would read as an input path).
      const only = strings(values['only']).flatMap((o) => o.split(',').map((n) => n.trim()).filter((n) => n !== ''));
      return runBuild(ctx, {
        ...(await pipelineWithPython(values, positionals, 'build', ctx)),
        out: values['out'] as string,
        ...(builder ? { builder } : {}),
        ...(typeof values['buildx-builder'] === 'string' ? { buildxBuilder: values['buildx-builder'] } : {}),
        only,
        push: values['no-push'] !== true,
        load: values['load'] === true,
        insecureRegistries: strings(values['insecure-registry']),
        secrets: strings(values['secret']),
        cacheFrom: strings(values['cache-from']),
        cacheTo: strings(values['cache-to']),
        builderArgs: strings(values['builder-arg']),
        jobs: Number(values['jobs']),
        force: values['force'] === true,
        dryRun: values['dry-run'] === true,
        format: parseFormat(values['format'], 'build'),
      });
    },
  },
  fmt: {
    help: helpText('fmt'),
    options: parseOptions('fmt'),
    run: async (ctx, values, positionals) => (await import('./commands/fmt.js')).runFmt(ctx, { inputs: positionals, check: values['check'] === true }),
  },
  lsp: {
    help: helpText('lsp'),
    options: parseOptions('lsp'),
    run: async (ctx) => (await import('./commands/lsp.js')).runLsp(ctx),
  },
  diff: {
    help: helpText('diff'),
    options: parseOptions('diff'),
    run: async (ctx, values, positionals) =>
      (await import('./commands/diff.js')).runDiff(ctx, positionals, {
        ...(await pipelineWithPython(values, positionals, 'diff', ctx)),
        ...(typeof values['git'] === 'string' ? { git: values['git'] } : {}),
        format: parseDiffFormat(values['format']),
      }),
  },
};

export async function main(argv: readonly string[], ctx: CliContext = processContext()): Promise<number> {
  try {
    return await runCommand(argv, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`error: ${error.message}\n\nRun 'flyimgc ${error.command ? `${error.command} ` : ''}--help' for usage.\n`);
      return EXIT.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.stderr.write(
      `internal compiler error: ${error instanceof InternalError ? error.message : 'an unexpected error has occurred'}\n` +
        `This is a bug in flyimgc ${VERSION}, not in your files. Please report it with the input that caused it.\n\n${detail}\n`,
    );
    return EXIT.internal;
  }
}

async function runCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    ctx.stdout.write(mainHelp);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    ctx.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      ctx.stdout.write(mainHelp);
      return EXIT.ok;
    }
    const command = COMMANDS[topic];
    if (!command) throw unknownCommand(topic);
    ctx.stdout.write(command.help);
    return EXIT.ok;
  }
  const command = COMMANDS[first];
  if (!command) throw unknownCommand(first);
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), first);
  }
  if (parsed.values['help']) {
    ctx.stdout.write(command.help);
    return EXIT.ok;
  }
  return command.run(ctx, parsed.values as Record<string, unknown>, parsed.positionals);
}

function unknownCommand(name: string): UsageError {
  const hint = didYouMean(name, Object.keys(COMMANDS));
  return new UsageError(`unknown command \`${name}\`${hint ? `; ${hint}` : ''}`);
}

export function parseFormat(value: unknown, command: string): OutputFormat {
  if (value === 'text' || value === 'json') return value;
  throw new UsageError(`--format must be \`text\` or \`json\`, not \`${String(value)}\``, command);
}

export function parseDiagnosticFormat(value: unknown, command: string): DiagnosticFormat {
  if (value === 'text' || value === 'json' || value === 'sarif' || value === 'github') return value;
  throw new UsageError(`--format must be \`text\`, \`json\`, \`sarif\` or \`github\`, not \`${String(value)}\``, command);
}

function parseHash(value: unknown, command: string): 'v1' | 'flyte' {
  if (value === 'v1' || value === 'flyte') return value;
  throw new UsageError(`--hash must be \`v1\` or \`flyte\`, not \`${String(value)}\``, command);
}

function parseDiffFormat(value: unknown): DiffFormat {
  if (value === 'text' || value === 'json' || value === 'markdown') return value;
  throw new UsageError(`--format must be \`text\`, \`json\` or \`markdown\`, not \`${String(value)}\``, 'diff');
}

function parseManifestFormat(value: unknown): 'json' | 'yaml' {
  if (value === 'json' || value === 'yaml') return value;
  throw new UsageError(`--manifest-format must be \`json\` or \`yaml\`, not \`${String(value)}\``, 'compile');
}

function processContext(): CliContext {
  // A reader that stops early (`flyimgc explain … | head`) closes the pipe: nothing more can be shown, so
  // the process ends quietly, as `cat` does, instead of crashing on the unhandled EPIPE. Exit handlers
  // (temporary files, see cleanup.ts) still run.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}
