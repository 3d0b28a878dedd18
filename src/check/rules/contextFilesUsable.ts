import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';

const REASONS: Readonly<Record<string, string>> = {
  'symlink-outside': 'it is a symbolic link that points out of the project',
  unreadable: 'it cannot be read',
  'special-file': 'it is not a regular file',
};

/**
 * Every file in a copied folder can go into the build context: no socket, device, unreadable entry or link
 * out of the project (each is left out, with a warning). The walk is the one lowering copies from.
 */
export function contextFilesUsable(ctx: RuleContext): void {
  for (const bound of ctx.model.images) {
    for (const folder of ctx.inputs.foldersOf(bound)) {
      // A missing or wrong-kind folder is `filesExist`'s to report.
      if (ctx.host.stat(folder.dir)?.kind !== 'directory') continue;
      for (const problem of ctx.inputs.walk(bound, folder).problems) {
        ctx.report(diag.unusableContextFile(folder.arg.span, posix.join(folder.dir, problem.path), REASONS[problem.kind] ?? problem.kind));
      }
    }
  }
}
