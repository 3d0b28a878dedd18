/**
 * Hover: on a constructor or method, its signature and documentation from the API table; on a keyword
 * argument, that parameter; on an image binding (or a use of one), the image's tag and the start of its
 * Dockerfile, compiled exactly as `flyimgc compile` would.
 */
import type { Hover } from 'vscode-languageserver';
import type { Analysis } from '../analyze.js';
import type { CompileResult } from '../compile.js';
import { CONSTRUCTORS, PATH, SECRET, formatSignature } from '../check/api.js';
import { describeValue } from '../check/model.js';
import type * as Ast from '../syntax/ast.js';
import { printExpr } from '../syntax/print.js';
import { rangeOf } from './diagnostics.js';
import { nodePathAt } from './nodeAt.js';
import { callableOf, codeBlock, paramMarkdown, signatureMarkdown } from './signatures.js';
import { registryLine, type RegistryStatus } from './registryStatus.js';
import type { Workspace } from './workspace.js';

const DOCKERFILE_PREVIEW_LINES = 20;

export function hover(workspace: Workspace, path: string, offset: number, registry?: RegistryStatus): Hover | null {
  const analysis = workspace.analysis(path);
  const file = analysis.program.files.get(path);
  const document = workspace.textDocument(path, analysis);
  if (!file || !document) return null;
  const nodes = nodePathAt(file.ast, offset);
  const node = nodes[nodes.length - 1];
  const parent = nodes[nodes.length - 2];
  if (!node) return null;
  const markdown = (() => {
    if (node.kind === 'Identifier' && parent?.kind === 'Member') {
      const callable = callableOf(parent, analysis.resolution);
      return callable ? signatureMarkdown(callable) : undefined;
    }
    if (node.kind === 'Identifier' && parent?.kind === 'Keyword') {
      const call = nodes[nodes.length - 3];
      const callable = call?.kind === 'Call' ? callableOf(call.callee, analysis.resolution) : undefined;
      const param = callable?.signature.params.find((p) => p.name === node.name && p.kind !== 'varargs');
      return callable && param ? paramMarkdown(callable, param) : undefined;
    }
    if (node.kind === 'Identifier' && parent?.kind === 'Binding') return bindingMarkdown(workspace, analysis, path, parent, registry);
    if (node.kind === 'Name') {
      const referent = analysis.resolution.referents.get(node);
      if (referent?.kind === 'binding') return bindingMarkdown(workspace, analysis, referent.file, referent.binding, registry);
      if (referent?.kind === 'builtin') return builtinMarkdown(referent.name);
    }
    return undefined;
  })();
  if (!markdown) return null;
  return { contents: { kind: 'markdown', value: markdown }, range: rangeOf(document, node.span) };
}

function bindingMarkdown(workspace: Workspace, analysis: Analysis, file: string, binding: Ast.Binding, registry: RegistryStatus | undefined): string {
  const value = analysis.model.values.get(binding);
  if (value?.kind === 'image') return imageMarkdown(workspace, file, binding, registry);
  const shown = printExpr(binding.value);
  return [codeBlock(`${binding.name.name} = ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`), value ? describeValue(value) : ''].filter((s) => s !== '').join('\n\n');
}

function imageMarkdown(workspace: Workspace, path: string, binding: Ast.Binding, registry: RegistryStatus | undefined): string {
  const name = binding.name.name;
  const { result, file } = workspace.compilationFor(path, binding);
  const image = result.images.find((i) => i.ir.binding.name === name && i.ir.binding.file === file);
  const title = `**${name}**: image`;
  if (!image) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    return [title, `Not compiled yet: ${errors.length} error${errors.length === 1 ? '' : 's'} to fix first${first ? ` (${first.code}: ${first.message})` : ''}.`].join('\n\n');
  }
  const ir = image.ir;
  if (ir.kind === 'external') {
    return [title, ir.externalUri ? `Used as is: \`${ir.externalUri}\`` : 'Used as is.', ir.externalReason ? `Not built: ${ir.externalReason}.` : ''].filter((s) => s !== '').join('\n\n');
  }
  const lines = dockerfileText(workspace, result, ir.binding.name)?.split('\n') ?? [];
  const preview = lines.slice(0, DOCKERFILE_PREVIEW_LINES).join('\n');
  const more = lines.length > DOCKERFILE_PREVIEW_LINES ? `\n\n… ${lines.length - DOCKERFILE_PREVIEW_LINES} more lines` : '';
  return [
    title,
    `\`${image.uri ?? '(no tag yet)'}\``,
    ...(image.uri && registry ? [registryLine(registry.answer(image.uri))] : []),
    `Python ${ir.python}${ir.base ? `, from \`${ir.base}\`` : ''}${ir.kind === 'dockerfile' ? ', built from your Dockerfile' : `, ${ir.layers.length} layer${ir.layers.length === 1 ? '' : 's'}`}`,
    ...(preview ? [codeBlock(preview, 'dockerfile') + more] : []),
  ].join('\n\n');
}

function dockerfileText(workspace: Workspace, result: CompileResult, binding: string): string | undefined {
  const output = result.outputs.find((o) => o.path === `${binding}/Dockerfile`);
  if (!output) return undefined;
  if ('text' in output) return output.text.trimEnd();
  if (!('copyFrom' in output)) return undefined;
  const read = workspace.host.readFile(output.copyFrom);
  return read.ok ? new TextDecoder().decode(read.bytes).trimEnd() : undefined;
}

function builtinMarkdown(name: string): string | undefined {
  switch (name) {
    case 'Image':
      return [codeBlock('Image'), "flyte-sdk's container image. Start a chain with a constructor:", CONSTRUCTORS.map((c) => `- \`${formatSignature(c, 'Image')}\`: ${c.doc}`).join('\n')].join('\n\n');
    case 'Secret':
      return signatureMarkdown({ signature: SECRET });
    case 'Path':
      return signatureMarkdown({ signature: PATH });
    case 'pathlib':
      return [codeBlock('pathlib'), '`pathlib.Path` is `Path`, so pasted Python code keeps working.'].join('\n\n');
    case '__file__':
      return [codeBlock('__file__'), 'This .flyimg file: `Path(__file__).parent` is its directory.'].join('\n\n');
    default:
      return undefined;
  }
}
