import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { bakeCommand, bakeDigests } from '../../build/bake.js';
import { ownBasesOf } from '../../build/bases.js';
import { bindMountsFiles } from '../../build/bindMounts.js';
import { buildCommands, showCommand, type BuilderName, type Command } from '../../build/builders.js';
import { BUILD_RESULT_VERSION, type BaseCheck, type BuildResult, type ImageBuildResult } from '../../build/result.js';
import { runInOrder, withDependencies } from '../../build/scheduler.js';
import { hasErrors, type LeanCompileResult } from '../../compile.js';
import { mirrorFor } from '../../config/mirrors.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { cleanupOnExit } from '../cleanup.js';
import { checkExistence, defaultCredentials } from '../existence.js';
import { describeError } from '../io.js';
import { printDiagnosticsText, summarize, type OutputFormat } from '../report.js';
import { compileInputs, writeCompiled, type PipelineOptions } from './compile.js';
import { flyteConfigTarget, prepareFlyteConfig } from '../flyteConfigFile.js';
import { baseProblems, blockingBases, planBases, planImages } from './plan.js';
import { parseImageReference } from '../../reference/reference.js';
import { isInsecureRegistry } from '../../registry/check.js';

/** A builder of single images, or `bake`: the whole graph to `docker buildx bake`. */
export type BuilderChoice = BuilderName | 'bake';
export const BUILDER_CHOICES: readonly BuilderChoice[] = ['docker', 'podman', 'buildah', 'bake'];

export interface BuildOptions extends PipelineOptions {
  readonly out: string;
  readonly builder?: BuilderChoice;
  /** `--buildx-builder NAME`: the buildx builder instance for `docker` and `bake`. */
  readonly buildxBuilder?: string;
  /** `--only IMAGE…`: these images and what they are built after. */
  readonly only: readonly string[];
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

/** Detection order when neither `--builder` nor `[build] builder` names one. */
const DETECTION_ORDER: readonly BuilderName[] = ['docker', 'podman', 'buildah'];
export const BUILD_RESULT_FILE = 'build-result.json';
/** Stands for the temporary secret directory wherever a command line is shown. */
const SECRET_DIR_SHOWN = '$FLYIMGC_SECRETS';

export async function runBuild(ctx: CliContext, options: BuildOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('no input files: give at least one .flyimg file or directory', 'build');
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new UsageError('--jobs must be a whole number of at least 1', 'build');
  const say = (line: string) => {
    if (options.format === 'text') ctx.stderr.write(`${line}\n`);
  };

  const { result, diagnostics, digests } = compileInputs(ctx.cwd, options);
  if (hasErrors(diagnostics)) {
    printDiagnosticsText(ctx, diagnostics, result.analysis.sources);
    ctx.stderr.write(`error: cannot build: ${summarize(diagnostics)}\n`);
    return EXIT.errors;
  }
  const selected = selectImages(result, options.only);
  const written = await writeCompiled(ctx.cwd, options.out, result.outputs, options.cacheFile, digests);
  if (!written.ok) {
    ctx.stderr.write(`error: ${written.refused ? 'will not replace' : 'cannot write'} \`${written.path}\`: ${written.reason}\n`);
    return EXIT.errors;
  }

  const plan = (await planImages(result, options.insecureRegistries)).filter((p) => selected.has(p.binding));
  const insecure = new Set([...options.insecureRegistries, ...result.analysis.config.insecureRegistries]);
  const mirror = mirrorFor(result.analysis.config.mirrors);
  const byName = new Map(result.images.map((i) => [i.ir.binding.name, i] as const));
  const rows: ImageBuildResult[] = plan.map((p) => ({ binding: p.binding, uri: p.uri, platforms: p.platforms, existence: p.existence, status: 'planned', commands: [] }));
  for (const row of rows) {
    if (!options.force && row.existence.status === 'exists') {
      row.status = 'skipped';
      say(`skip   ${row.binding}: ${row.uri} exists`);
    } else if (row.existence.status === 'unknown') {
      say(`warning: ${row.binding}: cannot tell whether ${row.uri} exists (${row.existence.reason}); building it rather than guessing`);
    }
  }
  const toBuild = rows.filter((r) => r.status === 'planned');
  // Every run ends here: the result is reported, and a real run's is also kept in the output folder.
  const finish = (builder: string | null, bases: readonly BaseCheck[]): number => {
    const ok = !rows.some((r) => r.status === 'failed') && blockingBases(bases).length === 0;
    // Only once every image is in its registry does the flyte config point at them.
    const flyteConfig = flyteConfigTarget(options.flyteConfig, result.analysis.config.flyte.config);
    if (ok && !options.dryRun && flyteConfig && result.manifest) {
      const updated = prepareFlyteConfig(ctx.cwd, flyteConfig, result.manifest);
      const problem = updated.ok ? updated.write() : updated.diagnostic;
      if (problem || !updated.ok) {
        printDiagnosticsText(ctx, [problem!], result.analysis.sources);
        return EXIT.errors;
      }
      say(`updated image.image_refs in ${flyteConfig.path} (${updated.refs} images)`);
    }
    const built: BuildResult = { version: BUILD_RESULT_VERSION, ok, dryRun: options.dryRun, builder, bases, images: rows };
    if (!options.dryRun) fs.writeFileSync(path.resolve(ctx.cwd, options.out, BUILD_RESULT_FILE), `${JSON.stringify(built, null, 2)}\n`);
    return report(ctx, options, built);
  };

  // What the images are built FROM must exist for every platform before the first build starts.
  const bases = await planBases(result, options.insecureRegistries, new Set(toBuild.map((r) => r.binding)));
  for (const problem of baseProblems(bases)) say(problem);
  if (blockingBases(bases).length > 0) {
    for (const row of toBuild) row.status = 'blocked';
    if (options.format === 'text') ctx.stderr.write('error: nothing was built: a base image is missing\n');
    return finish(null, bases);
  }
  if (toBuild.length === 0) return finish(null, bases);

  // One answer to "which builder", for dry runs and real runs alike.
  const chosen = options.builder ?? (result.analysis.config.builder?.value as BuilderChoice | undefined);
  const builder = chosen ?? (await detectBuilder(ctx));
  if (builder === undefined) {
    ctx.stderr.write('error: no image builder found on PATH: install docker (with buildx), podman or buildah, or name one with --builder\n');
    return EXIT.errors;
  }
  if (chosen !== undefined && !(await builderWorks(builder, ctx))) {
    ctx.stderr.write(`error: the builder \`${builder}\` is not available: \`${versionCommand(builder).join(' ')}\` failed; install it or choose another with --builder\n`);
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
    const secretValues = new Map<string, string | Uint8Array>();
    const secretFiles = new Map<string, string>();
    const missing: string[] = [];
    for (const row of toBuild) {
      for (const { id } of byName.get(row.binding)!.ir.secrets) {
        if (secretValues.has(id)) continue;
        const value = readSecret(id, secretSources, ctx, options.dryRun);
        if (typeof value === 'object' && 'problem' in value) missing.push(value.problem);
        else {
          const file = path.join(secretDir, id);
          fs.writeFileSync(file, value, { mode: 0o600 });
          secretValues.set(id, value);
          secretFiles.set(id, file);
        }
      }
    }
    if (missing.length > 0) {
      ctx.stderr.write(`error: build secret${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}; set the environment variable of that name, or pass --secret ID=env:VAR or --secret ID=file:PATH\n`);
      return EXIT.errors;
    }

    if (builder === 'bake') {
      // bake reads each secret from the environment variable named like it (docker-bake.json: `id=X,env=X`).
      // An environment variable holds text only: a binary secret file reaches bake decoded as UTF-8.
      const env = { ...ctx.env, ...Object.fromEntries([...secretValues].map(([id, value]) => [id, typeof value === 'string' ? value : Buffer.from(value).toString('utf8')])), FLYIMGC_OUT: bakeOutPath(options.out) };
      // bake writes each target's digest here (relative to the working directory, like the bake file).
      const metadataFile = path.join(options.out, 'bake-metadata.json');
      const command = bakeCommand({
        out: options.out,
        targets: toBuild.map((r) => r.binding),
        ...(options.buildxBuilder !== undefined ? { buildxBuilder: options.buildxBuilder } : {}),
        push: options.push,
        load: options.load,
        metadataFile,
        extraArgs: options.builderArgs,
      });
      const shown = `FLYIMGC_OUT=${env.FLYIMGC_OUT} ${showCommand(command)}`;
      for (const row of toBuild) row.commands.push(shown);
      if (options.dryRun) return finish(builder, bases);
      say(`bake   ${toBuild.map((r) => r.binding).join(', ')}`);
      fs.rmSync(path.resolve(ctx.cwd, metadataFile), { force: true });
      const started = Date.now();
      const run = await execa(command.file, command.args, { cwd: ctx.cwd, all: true, reject: false, env, extendEnv: false });
      const seconds = (Date.now() - started) / 1000;
      const log = writeLog(logsDir, 'bake', [`$ ${shown}`, hideSecretDir(run.all ?? '')]);
      let digests = new Map<string, string>();
      try {
        digests = bakeDigests(JSON.parse(fs.readFileSync(path.resolve(ctx.cwd, metadataFile), 'utf8')));
      } catch {
        // No metadata: bake failed before writing it; the log says why.
      }
      for (const row of toBuild) {
        row.seconds = seconds;
        row.log = log;
        if (run.failed) {
          row.status = 'failed';
          row.error = run.exitCode === undefined ? describeError(run.cause) : `\`docker buildx bake\` exited with ${run.exitCode}`;
        } else {
          row.status = 'built';
          const digest = digests.get(row.binding);
          if (digest !== undefined && row.platforms.length === 1) row.platformDigests = { [row.platforms[0]!]: digest };
        }
      }
      say(run.failed ? `FAILED bake after ${seconds.toFixed(1)}s; the builder's output is in ${path.join(options.out, log)}` : `done   bake in ${seconds.toFixed(1)}s`);
    } else {
      // What buildah and podman will read: the Dockerfile as written to the output directory (one that cannot
      // be read back counts as bind-mounting: the safe answer). docker buildx does not need to know.
      const bindMounts = new Map(builder === 'docker' ? [] : toBuild.map((row) => [row.binding, bindMountsIn(path.resolve(ctx.cwd, options.out, row.binding, 'Dockerfile'))] as const));
      const commandsOf = (row: ImageBuildResult): Command[] => {
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
          ...(options.buildxBuilder !== undefined ? { buildxBuilder: options.buildxBuilder } : {}),
          bindMounts: bindMounts.get(row.binding) ?? false,
        });
      };
      for (const row of toBuild) row.commands.push(...commandsOf(row).map((c) => hideSecretDir(showCommand(c))));
      if (options.dryRun) return finish(builder, bases);

      // The builder gets secrets only as files. An environment variable named like a secret id is also
      // removed from its environment: buildah 1.28 then mounts an empty secret instead of the file.
      const builderEnv = Object.fromEntries(Object.entries(ctx.env).filter(([name]) => !secretFiles.has(name)));
      const after = (row: ImageBuildResult): ImageBuildResult[] => {
        const image = byName.get(row.binding)!;
        const deps = new Set([...image.ir.dependsOn, ...ownBasesOf(image, result.images, mirror)]);
        return toBuild.filter((r) => deps.has(r.binding));
      };
      await runInOrder(toBuild, options.jobs, after, async (row) => {
        const started = Date.now();
        say(`build  ${row.binding}: ${row.uri}`);
        const log: string[] = [];
        let failed = false;
        for (const command of commandsOf(row)) {
          log.push(`$ ${hideSecretDir(showCommand(command))}`);
          const run = await execa(command.file, command.args, { cwd: ctx.cwd, all: true, reject: false, env: builderEnv, extendEnv: false });
          log.push(hideSecretDir(run.all ?? ''));
          if (run.failed) {
            failed = true;
            row.error = run.exitCode === undefined ? describeError(run.cause) : `\`${command.file} ${command.args[0]}\` exited with ${run.exitCode}`;
            break;
          }
        }
        row.status = failed ? 'failed' : 'built';
        row.seconds = (Date.now() - started) / 1000;
        row.log = writeLog(logsDir, row.binding, log);
        if (failed) say(`FAILED ${row.binding} after ${row.seconds.toFixed(1)}s: ${row.error}; the builder's output is in ${path.join(options.out, row.log)}`);
        else say(`done   ${row.binding} in ${row.seconds.toFixed(1)}s`);
      });
    }
  } finally {
    removeSecrets();
  }

  // What the registry now serves under each pushed tag.
  if (options.push) {
    const credentials = defaultCredentials();
    await Promise.all(
      rows
        .filter((r) => r.status === 'built')
        .map(async (row) => {
          const found = await checkExistence(row.uri, row.platforms, [...insecure], credentials);
          if (found.digest !== undefined) row.digest = found.digest;
          if (found.platformDigests !== undefined && row.platformDigests === undefined) row.platformDigests = found.platformDigests;
          if (found.digest !== undefined && row.platforms.length === 1 && row.platformDigests === undefined) row.platformDigests = { [row.platforms[0]!]: found.digest };
        }),
    );
  }
  return finish(builder, bases);
}

/** `--only` → the selected images and what they are built after; every image when `only` is empty. */
function selectImages(result: LeanCompileResult, only: readonly string[]): Set<string> {
  const order = result.manifest?.buildOrder ?? [];
  if (only.length === 0) return new Set(order);
  const mirror = mirrorFor(result.analysis.config.mirrors);
  const byName = new Map(result.images.map((i) => [i.ir.binding.name, i] as const));
  const { selected, unknown } = withDependencies(only, order, (name) => {
    const image = byName.get(name)!;
    return [...image.ir.dependsOn, ...ownBasesOf(image, result.images, mirror)];
  });
  if (unknown.length > 0) {
    throw new UsageError(`--only: no image to build is named ${unknown.map((u) => `\`${u}\``).join(', ')}; the images are ${order.map((o) => `\`${o}\``).join(', ') || 'none'}`, 'build');
  }
  return new Set(selected);
}

function report(ctx: CliContext, options: BuildOptions, result: BuildResult): number {
  if (options.format === 'json') ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (options.dryRun) {
    // bake runs one command for every image: each command is printed once.
    const commands = new Set(result.images.flatMap((row) => (row.status === 'planned' ? row.commands : [])));
    for (const command of commands) ctx.stdout.write(`${command}\n`);
  } else ctx.stderr.write(summaryTable(result.images));
  return result.ok ? EXIT.ok : EXIT.errors;
}

function summaryTable(rows: readonly ImageBuildResult[]): string {
  const table = rows.map((r) => [r.binding, r.status, r.seconds !== undefined ? `${r.seconds.toFixed(1)}s` : '', r.uri]);
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((t) => t[c]!.length), ['image', 'result', 'time'][c]!.length));
  const line = (t: readonly string[]) => `${t.slice(0, 3).map((v, i) => v.padEnd(widths[i]!)).join('  ')}  ${t[3]}`;
  const counts = (s: ImageBuildResult['status']) => rows.filter((r) => r.status === s).length;
  return `\n${[line(['image', 'result', 'time', 'uri']), ...table.map(line)].join('\n')}\n${counts('built')} built, ${counts('skipped')} already there, ${counts('failed')} failed\n`;
}

/** Writes a builder's output to `logs/<name>.log`; returns that path relative to the output folder. */
function writeLog(logsDir: string, name: string, lines: readonly string[]): string {
  fs.mkdirSync(logsDir, { recursive: true });
  fs.writeFileSync(path.join(logsDir, `${name}.log`), `${lines.join('\n')}\n`);
  return `logs/${name}.log`;
}

/** The output folder as bake (run in the working directory) reaches it: `FLYIMGC_OUT` in docker-bake.json. */
function bakeOutPath(out: string): string {
  return out.replace(/\/+$/, '') || '.';
}

async function detectBuilder(ctx: CliContext): Promise<BuilderName | undefined> {
  for (const builder of DETECTION_ORDER) if (await builderWorks(builder, ctx)) return builder;
  return undefined;
}

function versionCommand(builder: BuilderChoice): string[] {
  return builder === 'docker' || builder === 'bake' ? ['docker', 'buildx', 'version'] : [builder, 'version'];
}

async function builderWorks(builder: BuilderChoice, ctx: CliContext): Promise<boolean> {
  const [file, ...args] = versionCommand(builder);
  const run = await execa(file!, args, { reject: false, timeout: 10_000, env: ctx.env, extendEnv: false });
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

function bindMountsIn(dockerfile: string): boolean {
  try {
    return bindMountsFiles(fs.readFileSync(dockerfile, 'utf8'));
  } catch {
    return true;
  }
}
