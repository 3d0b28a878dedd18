import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import { uvLockEditables } from '../../files/uvLock.js';
import type { RuleContext } from '../context.js';
import { valueProblem } from '../values.js';

/**
 * A uv project installed with `dependencies_only` gets the editable path dependencies its uv.lock lists
 * mounted beside it (as flyte-sdk does): the lock must say which, and each must be a directory.
 */
export function uvLockEditablesValid(ctx: RuleContext): void {
  for (const { layer } of ctx.layers) {
    if (layer.kind !== 'uv_project' || layer.mode !== 'dependencies_only' || !layer.lock) continue;
    const read = ctx.host.readFile(layer.lock.path);
    if (!read.ok) continue;
    const found = uvLockEditables(new TextDecoder().decode(read.bytes));
    if (!found.ok) {
      ctx.report(diag.uvLockUnreadable(layer.lock.span, layer.lock.written, found.reason));
      continue;
    }
    const projectDir = posix.dirname(layer.lock.path);
    for (const editable of found.paths) {
      const dir = posix.normalize(posix.isAbsolute(editable) ? editable : posix.join(projectDir, editable));
      if (ctx.host.stat(dir)?.kind !== 'directory') {
        ctx.report(diag.uvLockUnreadable(layer.lock.span, layer.lock.written, `the editable dependency \`${editable}\` is not a directory`));
        continue;
      }
      // It is bind-mounted by its context path, beside the project.
      const problem = valueProblem('mount path', posix.relative(ctx.projectRootOf(layer.span.file), dir)) ?? valueProblem('mount path', posix.relative(projectDir, dir));
      if (problem) ctx.report(diag.uvLockUnreadable(layer.lock.span, layer.lock.written, `the editable dependency \`${editable}\` cannot be mounted: ${problem.reason}`));
    }
  }
}
