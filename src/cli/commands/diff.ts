import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execaSync } from 'execa';
import yaml from 'js-yaml';
import { hasErrors } from '../../compile.js';
import { diffManifests, diffMarkdown, diffText } from '../../diff/manifestDiff.js';
import type { Manifest } from '../../emit/manifest.js';
import { ManifestSchema } from '../../emit/manifestSchema.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeError } from '../io.js';
import { printDiagnosticsText, summarize } from '../report.js';
import { compileInputs, type PipelineOptions } from './compile.js';


export type DiffFormat = 'text' | 'json' | 'markdown';

export function runDiff(ctx: CliContext, positionals: readonly string[], options: PipelineOptions & { readonly git?: string; readonly format: DiffFormat }): number {
  let before: Manifest | undefined;
  let after: Manifest | undefined;
  if (options.git) {
    if (positionals.length === 0) throw new UsageError('with --git, give the .flyimg files or directories to compare', 'diff');
    const current = compileManifest(ctx, ctx.cwd, { ...options, inputs: positionals }, 'the working tree');
    const old = current && compileAtRevision(ctx, options.git, { ...options, inputs: positionals });
    if (!current || !old) return EXIT.errors;
    before = old;
    after = current;
  } else {
    if (positionals.length !== 2) throw new UsageError('give two manifests (or output directories) to compare, or --git <REF> and the files', 'diff');
    before = readManifest(ctx, positionals[0]!);
    after = readManifest(ctx, positionals[1]!);
    if (!before || !after) return EXIT.errors;
  }
  const diff = diffManifests(before, after);
  const text = options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : options.format === 'markdown' ? diffMarkdown(diff) : diffText(diff);
  ctx.stdout.write(text);
  return EXIT.ok;
}

function compileManifest(ctx: CliContext, cwd: string, options: PipelineOptions, what: string): Manifest | undefined {
  const { result, diagnostics } = compileInputs(cwd, options);
  if (hasErrors(diagnostics) || !result.manifest) {
    printDiagnosticsText(ctx, diagnostics, result.analysis.sources);
    ctx.stderr.write(`error: cannot compile ${what}: ${summarize(diagnostics)}\n`);
    return undefined;
  }
  return result.manifest;
}

/** Compiles the same inputs as they are at `revision`, from a `git archive` of it in a temporary directory. */
function compileAtRevision(ctx: CliContext, revision: string, options: PipelineOptions): Manifest | undefined {
  const git = (args: string[]) => execaSync('git', args, { cwd: ctx.cwd, reject: false, encoding: 'buffer' });
  const top = git(['rev-parse', '--show-toplevel', '--show-prefix']);
  if (top.exitCode !== 0) {
    ctx.stderr.write('error: --git needs a git checkout: the working directory is not in one\n');
    return undefined;
  }
  const prefix = (Buffer.from(top.stdout).toString('utf8').split('\n')[1] ?? '').trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flyimgc-diff-'));
  try {
    const archive = git(['archive', '--format=tar', revision]);
    if (archive.exitCode !== 0) {
      ctx.stderr.write(`error: cannot read revision \`${revision}\`: ${Buffer.from(archive.stderr).toString('utf8').trim()}\n`);
      return undefined;
    }
    const untar = execaSync('tar', ['-x', '-C', tmp], { input: Buffer.from(archive.stdout), reject: false });
    if (untar.exitCode !== 0) {
      ctx.stderr.write(`error: cannot unpack revision \`${revision}\`: ${untar.stderr}\n`);
      return undefined;
    }
    return compileManifest(ctx, path.join(tmp, prefix), options, `revision \`${revision}\``);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function readManifest(ctx: CliContext, given: string): Manifest | undefined {
  let file = path.resolve(ctx.cwd, given);
  try {
    if (fs.statSync(file).isDirectory()) {
      const found = ['manifest.json', 'manifest.yaml'].map((m) => path.join(file, m)).find((m) => fs.existsSync(m));
      if (!found) {
        ctx.stderr.write(`error: \`${given}\` holds no manifest.json or manifest.yaml\n`);
        return undefined;
      }
      file = found;
    }
    const text = fs.readFileSync(file, 'utf8');
    const data: unknown = file.endsWith('.yaml') || file.endsWith('.yml') ? yaml.load(text) : JSON.parse(text);
    const parsed = ManifestSchema.safeParse(data);
    if (!parsed.success) {
      ctx.stderr.write(`error: \`${given}\` is not a flyimgc manifest: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}\n`);
      return undefined;
    }
    return parsed.data;
  } catch (error) {
    ctx.stderr.write(`error: cannot read \`${given}\`: ${error instanceof SyntaxError ? error.message : describeError(error)}\n`);
    return undefined;
  }
}
