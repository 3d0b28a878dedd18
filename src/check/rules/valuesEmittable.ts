import { posix } from 'node:path';
import { diag } from '../../diagnostics/codes.js';
import { isDirectoryDestination } from '../../files/copyDestination.js';
import type { RuleContext } from '../context.js';
import type { FileArg, Located, SecretValue } from '../model.js';
import { valueProblem, type EmittedKind } from '../values.js';

/**
 * Every user value that the emitter writes into a Dockerfile passes the rules of `check/values.ts` for
 * the place it is written, so that it can never end, extend or change its instruction.
 */
export function valuesEmittable(ctx: RuleContext): void {
  const check = (value: Located<string> | undefined, kind: EmittedKind, what: string) => {
    if (!value) return;
    const problem = valueProblem(kind, value.value);
    if (!problem) return;
    ctx.report(problem.lineBreak ? diag.lineBreakInValue(value.span, what) : diag.unemittableValue(value.span, what, value.value, problem.reason, problem.help));
  };
  // Build-context paths are what COPY and --mount name: the path relative to the project root.
  const contextPath = (arg: FileArg, file: string, parent = false): Located<string> => {
    const relative = posix.relative(ctx.projectRootOf(file), arg.path);
    return { value: parent ? posix.dirname(relative) : relative, span: arg.span };
  };
  const secrets = (list: readonly SecretValue[]) => {
    for (const s of list) if (s.mount !== undefined) check({ value: s.mount, span: s.span }, 'mount path', 'a secret mount path');
  };
  for (const { layer } of ctx.layers) {
    const file = layer.span.file;
    switch (layer.kind) {
      case 'apt':
      case 'pip':
        for (const p of layer.packages) check(p, 'shell word', 'a package');
        break;
      case 'requirements':
        check(contextPath(layer.file, file), 'mount path', 'the requirements file');
        break;
      case 'uv_project':
      case 'poetry_project':
        check(contextPath(layer.pyproject, file), 'mount path', 'the project file');
        check(contextPath(layer.pyproject, file, true), 'mount path', 'the project folder');
        if (layer.lock) check(contextPath(layer.lock, file), 'mount path', 'the lock file');
        break;
      case 'pixi_project':
        check(contextPath(layer.manifest, file), 'copy source', 'the pixi manifest');
        check(contextPath(layer.manifest, file, true), 'copy source', 'the project folder');
        if (layer.lock) check(contextPath(layer.lock, file), 'copy source', 'the lock file');
        check(layer.environment, 'copy path', 'a pixi environment');
        break;
      case 'pixi_script':
        // Its generated manifest goes into the context under the script's own path.
        check(contextPath(layer.script, file), 'copy path', 'the pixi script');
        check(layer.environment, 'copy path', 'a pixi environment');
        break;
      case 'env':
        for (const [, value] of layer.pairs) check(value, 'env value', 'an environment variable value');
        break;
      case 'workdir':
        check(layer.path, 'working directory', 'the working directory');
        break;
      case 'source_file':
      case 'source_folder':
        check(contextPath(layer.src, file), 'copy source', layer.kind === 'source_file' ? 'the source file' : 'the source folder');
        // A file copied under a new name (`dst` names the file itself, with another last component).
        if (layer.kind === 'source_file' && !isDirectoryDestination(layer.dst.value) && posix.basename(layer.dst.value) !== posix.basename(layer.src.path)) check(layer.dst, 'renamed file', 'the destination');
        else check(layer.dst, 'copy path', 'the destination');
        break;
      case 'code_bundle':
        check(layer.dst, 'copy path', 'the destination');
        break;
      case 'commands':
        for (const command of layer.commands) check(command, 'command', 'a command');
        break;
      default:
        break;
    }
    if ('secrets' in layer) secrets(layer.secrets);
    if ('options' in layer) {
      check(layer.options.indexUrl, 'shell word', 'an index URL');
      for (const url of layer.options.extraIndexUrls) check(url, 'shell word', 'an index URL');
      check(layer.options.extraArgs, 'shell text', '`extra_args`');
    }
    if ('extraArgs' in layer) check(layer.extraArgs, 'shell text', '`extra_args`');
  }
}
