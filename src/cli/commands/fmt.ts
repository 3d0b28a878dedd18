/**
 * `flyimgc fmt [--check] FILE|DIR...`: rewrites .flyimg files in the canonical layout (docs/formatting.md),
 * each atomically; `--check` changes nothing and lists the files that would change, for CI.
 * The formatter is loaded only when the command runs, so that `--help` stays instant.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SourceFile } from '../../source.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeError, findInputs, readRegularFile } from '../io.js';
import { TEXT_INPUT_LIMIT } from '../../host.js';

export interface FmtOptions {
  readonly inputs: readonly string[];
  readonly check: boolean;
}

export async function runFmt(ctx: CliContext, options: FmtOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('no input files: give at least one .flyimg file or directory', 'fmt');
  const [{ formatSource }, { decodeSource }, { parseSource }, { diag }, { printDiagnosticsText, plural }] = await Promise.all([
    import('../../format/format.js'),
    import('../../syntax/decode.js'),
    import('../../syntax/parse.js'),
    import('../../diagnostics/codes.js'),
    import('../report.js'),
  ]);
  const inputs = findInputs(options.inputs, ctx.cwd);
  const problems: Diagnostic[] = [...inputs.missing.map((p) => diag.inputNotFound(p)), ...inputs.empty.map((p) => diag.noInputFiles(p))];
  const sources = new Map<string, SourceFile>();
  const changed: string[] = [];
  let unchanged = 0;
  let broken = 0;

  for (const file of inputs.files) {
    const absolute = path.resolve(ctx.cwd, file);
    const read = readRegularFile(absolute, TEXT_INPUT_LIMIT);
    if (!read.ok) {
      problems.push(diag.readError(file, read.reason));
      continue;
    }
    const bytes = Buffer.from(read.bytes);
    const decoded = decodeSource(file, bytes);
    sources.set(file, decoded.source);
    const result = decoded.ok ? formatSource(decoded.source.text, file) : { ok: false as const };
    if (!result.ok) {
      broken++;
      problems.push(...(decoded.ok ? parseSource(decoded.source).diagnostics.filter((d) => d.severity === 'error') : decoded.diagnostics));
      continue;
    }
    // Compared as bytes, so a byte order mark or CRLF line breaks also count as a change.
    if (Buffer.from(result.text, 'utf8').equals(bytes)) {
      unchanged++;
      continue;
    }
    changed.push(file);
    if (options.check) continue;
    try {
      writeAtomically(absolute, result.text);
    } catch (error) {
      problems.push(diag.writeError(file, describeError(error)));
    }
  }

  printDiagnosticsText(ctx, problems, sources);
  if (options.check) {
    for (const file of changed) ctx.stdout.write(`${file}\n`);
    ctx.stderr.write(changed.length > 0 ? `${plural(changed.length, 'file')} would be reformatted, ${unchanged} already formatted\n` : `${plural(unchanged, 'file')} already formatted\n`);
  } else {
    ctx.stderr.write(`reformatted ${plural(changed.length, 'file')}, ${unchanged} unchanged\n`);
  }
  if (broken > 0) ctx.stderr.write(`error: ${plural(broken, 'file')} not formatted because of errors\n`);
  const failed = problems.some((d) => d.severity === 'error') || broken > 0 || (options.check && changed.length > 0);
  return failed ? EXIT.errors : EXIT.ok;
}

/**
 * Temp file beside the target, then rename: a reader never sees a half-written file. A symbolic link is
 * written through (the file it points to is replaced), so the link stays a link.
 */
function writeAtomically(link: string, text: string): void {
  const file = fs.realpathSync(link);
  const mode = fs.statSync(file).mode & 0o7777;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.fmt-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
