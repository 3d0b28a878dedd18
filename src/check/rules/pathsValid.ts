import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import type { Located } from '../model.js';

/** Destinations and working directories are non-empty. */
export function pathsValid(ctx: RuleContext): void {
  const nonEmpty = (value: Located<string>, what: string) => {
    if (value.value.trim() === '') ctx.report(diag.invalidPath(value.span, what, 'cannot be empty'));
  };
  for (const { layer } of ctx.layers) {
    if (layer.kind === 'workdir') nonEmpty(layer.path, 'the working directory');
    if (layer.kind === 'source_file' || layer.kind === 'source_folder' || layer.kind === 'code_bundle') nonEmpty(layer.dst, 'the destination');
  }
}
