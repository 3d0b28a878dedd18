import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import type { Located } from '../model.js';

const BREAKS = /[\r\n\0\u2028\u2029\u0085]/;

/**
 * Every user value that lands inside one Dockerfile instruction is free of line breaks and NUL, so it can
 * never end the instruction early. (Commands may hold line breaks: they are emitted in exec form.)
 */
export function valuesFitOnOneLine(ctx: RuleContext): void {
  const check = (value: Located<string> | undefined, what: string) => {
    if (value && BREAKS.test(value.value)) ctx.report(diag.lineBreakInValue(value.span, what));
  };
  for (const { layer } of ctx.layers) {
    switch (layer.kind) {
      case 'apt':
      case 'pip':
        for (const p of layer.packages) check(p, 'a package');
        break;
      case 'env':
        for (const [, value] of layer.pairs) check(value, 'an environment variable value');
        break;
      case 'workdir':
        check(layer.path, 'a working directory');
        break;
      case 'source_file':
      case 'source_folder':
      case 'code_bundle':
        check(layer.dst, 'a destination');
        break;
      case 'commands':
        for (const command of layer.commands) if (command.value.includes('\0')) ctx.report(diag.lineBreakInValue(command.span, 'a command'));
        break;
      default:
        break;
    }
    if ('options' in layer) {
      check(layer.options.indexUrl, 'an index URL');
      for (const url of layer.options.extraIndexUrls) check(url, 'an index URL');
      check(layer.options.extraArgs, '`extra_args`');
    }
    if ('extraArgs' in layer) check(layer.extraArgs, '`extra_args`');
    if (layer.kind === 'pixi_project') check(layer.environment, 'a pixi environment');
  }
}
