import { hasErrors } from '../../compile.js';
import { explainImage, explanationText } from '../../hash/explain.js';
import { didYouMean } from '../../util/didYouMean.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { diagnosticsJson, printDiagnosticsText, summarize, type OutputFormat } from '../report.js';
import { compileInputs, type PipelineOptions } from './compile.js';


export function runExplain(ctx: CliContext, image: string | undefined, options: PipelineOptions & { readonly format: OutputFormat }): number {
  if (!image) throw new UsageError('name the image to explain', 'explain');
  if (options.inputs.length === 0) throw new UsageError('no input files: give the .flyimg files or directories that define the image', 'explain');
  const { result, diagnostics } = compileInputs(ctx.cwd, options);
  if (hasErrors(diagnostics)) {
    if (options.format === 'json') ctx.stdout.write(`${JSON.stringify({ ok: false, diagnostics: diagnosticsJson(diagnostics, result.analysis.sources) }, null, 2)}\n`);
    else {
      printDiagnosticsText(ctx, diagnostics, result.analysis.sources);
      ctx.stderr.write(`error: cannot explain \`${image}\`: ${summarize(diagnostics)}\n`);
    }
    return EXIT.errors;
  }
  const compiled = result.images.find((i) => i.ir.binding.name === image);
  if (!compiled) {
    const hint = didYouMean(image, result.images.map((i) => i.ir.binding.name));
    ctx.stderr.write(`error: no image named \`${image}\` in the given files${hint ? `; ${hint}` : ''}\n`);
    return EXIT.errors;
  }
  const explanation = explainImage(compiled);
  ctx.stdout.write(options.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(explanation));
  return EXIT.ok;
}
