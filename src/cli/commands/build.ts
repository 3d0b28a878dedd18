import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { buildCommands, showCommand, type BuilderName, type Command } from '../../build/builders.js';
import { hasErrors, type CompiledImage } from '../../compile.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { cleanupOnExit } from '../cleanup.js';
import { describeError } from '../io.js';
import { printDiagnosticsText, summarize, type OutputFormat } from '../report.js';
import { writeOutputsAtomically } from '../writeOutputs.js';
import { compileInputs, type PipelineOptions } from './compile.js';
import { planImages, type PlannedImage } from './plan.js';
import { parseImageReference } from '../../reference/reference.js';
import { isInsecureRegistry } from '../../registry/check.js';

export interface BuildOptions extends PipelineOptions {
  readonly out: string;
  readonly builder?: BuilderName;
  readonly push: boolean;
  readonly load: boolean;
  readonly insecureRegistries: readonly string[];
  readonly secrets: readonly string[];
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  readonly builderArgs: readonly string[];
  readonly jobs: number;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly format: OutputFormat;
}

type Outcome = 'built' | 'skipped' | 'failed' | 'not-run';

interface Row {
  readonly binding: string;
  readonly uri: string;
  readonly existence: PlannedImage['existence'];
  outcome: Outcome;
  seconds?: number;
  log?: string;
  error?: string;
  commands: string[];
}

/** Stands for the temporary secret directory wherever a command line is shown. */
const SECRET_DIR_SHOWN = '$FLYIMGC_SECRETS';

const BUILDERS: readonly BuilderName[] = ['docker', 'podman', 'buildah'];

export async function runBuild(ctx: CliContext, options: BuildOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('no input files: give at least one .flyimg file or directory', 'build');
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new UsageError('--jobs must be a whole number of at least 1', 'build');
  const say = (line: string) => {
    if (options.format === 'text') ctx.stderr.write(`${line}\n`);
  };

  const { result, diagnostics } = compileInputs(ctx.cwd, options);
  if (hasErrors(diagnostics)) {
    printDiagnosticsText(ctx, diagnostics, result.analysis.sources);
    ctx.stderr.write(`error: cannot build: ${summarize(diagnostics)}\n`);
    return EXIT.errors;
  }
  const written = await writeOutputsAtomically(options.out, result.outputs, ctx.cwd);
  if (!written.ok) {
    ctx.stderr.write(`error: ${written.refused ? 'will not replace' : 'cannot write'} \`${written.path}\`: ${written.reason}\n`);
    return EXIT.errors;
  }

  const plan = await planImages(result, options.insecureRegistries);
  const insecure = new Set([...options.insecureRegistries, ...result.analysis.config.insecureRegistries]);
  const byName = new Map(result.images.map((i) => [i.ir.binding.name, i] as const));
  const rows: Row[] = plan.map((p) => ({ binding: p.binding, uri: p.uri, existence: p.existence, outcome: 'not-run', commands: [] }));
  for (const row of rows) {
    if (!options.force && row.existence.status === 'exists') {
      row.outcome = 'skipped';
      say(`skip   ${row.binding}: ${row.uri} exists`);
    } else if (row.existence.status === 'unknown') {
      say(`warning: ${row.binding}: cannot tell whether ${row.uri} exists (${row.existence.reason}); building it rather than guessing`);
    }
  }
  const toBuild = rows.filter((r) => r.outcome === 'not-run');

  const builder = options.builder ?? (toBuild.length > 0 && !options.dryRun ? await detectBuilder() : (options.builder ?? 'docker'));
  if (builder === undefined) {
    ctx.stderr.write('error: no image builder found on PATH: install docker (with buildx), podman or buildah, or name one with --builder\n');
    return EXIT.errors;
  }
  if (!options.dryRun && toBuild.length > 0 && !(await builderWorks(builder))) {
    ctx.stderr.write(`error: the builder \`${builder}\` is not available: \`${builder}${builder === 'docker' ? ' buildx' : ''} version\` failed; install it or choose another with --builder\n`);
    return EXIT.errors;
  }

  const secretSources = parseSecretSources(options.secrets);
  // A private directory (0700, files 0600), removed however the process ends short of SIGKILL.
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flyimgc-secrets-'));
  fs.chmodSync(secretDir, 0o700);
  const removeSecrets = cleanupOnExit(() => fs.rmSync(secretDir, { recursive: true, force: true }));
  // The secret files' absolute temporary paths never reach a log, the JSON output or --dry-run.
  const hideSecretDir = (text: string) => text.split(secretDir).join(SECRET_DIR_SHOWN);
  const logsDir = path.resolve(ctx.cwd, options.out, 'logs');
  try {
    // Every secret any image needs must be found before the first build starts.
    const secretFiles = new Map<string, string>();
    const missing: string[] = [];
    for (const row of toBuild) {
      for (const { id } of byName.get(row.binding)!.ir.secrets) {
        if (secretFiles.has(id)) continue;
        const value = readSecret(id, secretSources, ctx, options.dryRun);
        if (typeof value === 'object' && 'problem' in value) missing.push(value.problem);
        else {
          const file = path.join(secretDir, id);
          fs.writeFileSync(file, value, { mode: 0o600 });
          secretFiles.set(id, file);
        }
      }
    }
    if (missing.length > 0) {
      ctx.stderr.write(`error: build secret${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}; set the environment variable of that name, or pass --secret ID=env:VAR or --secret ID=file:PATH\n`);
      return EXIT.errors;
    }

    const commandsOf = (row: Row): Command[] => {
      const image = byName.get(row.binding)!;
      const dir = path.join(options.out, row.binding);
      return buildCommands(builder, {
        dockerfile: path.join(dir, 'Dockerfile'),
        context: path.join(dir, 'context'),
        uri: row.uri,
        platforms: image.ir.platforms,
        secretFiles: new Map(image.ir.secrets.map((s) => [s.id, secretFiles.get(s.id)!])),
        push: options.push,
        load: options.load,
        insecure: isInsecureRegistry(parseImageReference(row.uri).domain, [...insecure]),
        cacheFrom: options.cacheFrom,
        cacheTo: options.cacheTo,
        extraArgs: options.builderArgs,
      });
    };

    // The builder gets secrets only as files. An environment variable named like a secret id is also
    // removed from its environment: buildah 1.28 then mounts an empty secret instead of the file.
    const builderEnv = Object.fromEntries(Object.entries(ctx.env).filter(([name]) => !secretFiles.has(name)));

    if (options.dryRun) {
      for (const row of toBuild) for (const command of commandsOf(row)) ctx.stdout.write(`${hideSecretDir(showCommand(command))}\n`);
      return EXIT.ok;
    }

    await runInOrder(toBuild, options.jobs, (row) => depsOf(byName.get(row.binding)!, toBuild), async (row) => {
      const started = Date.now();
      say(`build  ${row.binding}: ${row.uri}`);
      const log: string[] = [];
      for (const command of commandsOf(row)) {
        row.commands.push(hideSecretDir(showCommand(command)));
        log.push(`$ ${hideSecretDir(showCommand(command))}`);
        const run = await execa(command.file, command.args, { cwd: ctx.cwd, all: true, reject: false, env: builderEnv, extendEnv: false });
        log.push(hideSecretDir(run.all ?? ''));
        if (run.failed) {
          row.outcome = 'failed';
          row.error = run.exitCode === undefined ? describeError(run.cause) : `\`${command.file} ${command.args[0]}\` exited with ${run.exitCode}`;
          break;
        }
      }
      if (row.outcome !== 'failed') row.outcome = 'built';
      row.seconds = (Date.now() - started) / 1000;
      if (row.outcome === 'failed') {
        fs.mkdirSync(logsDir, { recursive: true });
        row.log = path.join(options.out, 'logs', `${row.binding}.log`);
        fs.writeFileSync(path.join(logsDir, `${row.binding}.log`), `${log.join('\n')}\n`);
        say(`FAILED ${row.binding} after ${row.seconds.toFixed(1)}s: ${row.error}; the builder's output is in ${row.log}`);
      } else {
        say(`done   ${row.binding} in ${row.seconds.toFixed(1)}s`);
      }
    });
  } finally {
    removeSecrets();
  }

  const failed = rows.filter((r) => r.outcome === 'failed');
  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ ok: failed.length === 0, builder, images: rows }, null, 2)}\n`);
  } else {
    ctx.stderr.write(summaryTable(rows));
  }
  return failed.length > 0 ? EXIT.errors : EXIT.ok;
}

function summaryTable(rows: readonly Row[]): string {
  const table = rows.map((r) => [r.binding, r.outcome, r.seconds !== undefined ? `${r.seconds.toFixed(1)}s` : '', r.uri]);
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((t) => t[c]!.length), ['image', 'result', 'time'][c]!.length));
  const line = (t: readonly string[]) => `${t.slice(0, 3).map((v, i) => v.padEnd(widths[i]!)).join('  ')}  ${t[3]}`;
  const counts = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
  return `\n${[line(['image', 'result', 'time', 'uri']), ...table.map(line)].join('\n')}\n${counts('built')} built, ${counts('skipped')} already there, ${counts('failed')} failed\n`;
}

/** Runs `task` for every item, at most `jobs` at a time, each only after the items it depends on. */
async function runInOrder<T>(items: readonly T[], jobs: number, deps: (item: T) => readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  const done = new Map<T, Promise<void>>();
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    while (running >= jobs) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const start = (item: T): Promise<void> => {
    const existing = done.get(item);
    if (existing) return existing;
    const promise = (async () => {
      await Promise.all(deps(item).map(start));
      await slot();
      try {
        await task(item);
      } finally {
        release();
      }
    })();
    done.set(item, promise);
    return promise;
  };
  await Promise.all(items.map(start));
}

function depsOf(image: CompiledImage, toBuild: readonly Row[]): Row[] {
  return toBuild.filter((r) => image.ir.dependsOn.includes(r.binding));
}

async function detectBuilder(): Promise<BuilderName | undefined> {
  for (const builder of BUILDERS) if (await builderWorks(builder)) return builder;
  return undefined;
}

async function builderWorks(builder: BuilderName): Promise<boolean> {
  const args = builder === 'docker' ? ['buildx', 'version'] : ['version'];
  const run = await execa(builder, args, { reject: false, timeout: 10_000 });
  return !run.failed;
}

function parseSecretSources(entries: readonly string[]): Map<string, { kind: 'env' | 'file'; value: string }> {
  const sources = new Map<string, { kind: 'env' | 'file'; value: string }>();
  for (const entry of entries) {
    const match = /^([^=]+)=(env|file):(.+)$/.exec(entry);
    if (!match) throw new UsageError(`--secret must be ID=env:VAR or ID=file:PATH, not \`${entry}\``, 'build');
    sources.set(match[1]!, { kind: match[2] as 'env' | 'file', value: match[3]! });
  }
  return sources;
}

/** Bytes as they are: a secret file may be binary (a keystore), and must reach the build unchanged. */
/** A secret's value, or why it cannot be had (kept for the message: a missing file is not an unreadable one). */
function readSecret(id: string, sources: ReadonlyMap<string, { kind: 'env' | 'file'; value: string }>, ctx: CliContext, dryRun: boolean): string | Uint8Array | { readonly problem: string } {
  const source = sources.get(id) ?? { kind: 'env', value: id };
  if (source.kind === 'env') {
    const value = ctx.env[source.value];
    return value !== undefined && value !== '' ? value : dryRun ? '<unset>' : { problem: `\`${id}\` (the environment variable \`${source.value}\` is not set)` };
  }
  try {
    return fs.readFileSync(path.resolve(ctx.cwd, source.value));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    return dryRun ? '<unreadable>' : { problem: `\`${id}\` (cannot read \`${source.value}\`: ${why})` };
  }
}


