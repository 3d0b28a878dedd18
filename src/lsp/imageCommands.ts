/**
 * The editor commands "show the Dockerfile of this image" and "explain this image's tag": the image is
 * the binding under the cursor (or the image binding a name under the cursor refers to), compiled as
 * `flyimgc compile` would, and the answer is the text `flyimgc compile` writes or `flyimgc explain`
 * prints.
 */
import type { CompileResult } from '../compile.js';
import { explainImage, explanationText } from '../hash/explain.js';
import type * as Ast from '../syntax/ast.js';
import { nodePathAt } from './nodeAt.js';
import { registryLine, type RegistryStatus } from './registryStatus.js';
import type { Workspace } from './workspace.js';

export type ImageCommandResult = { readonly ok: true; readonly image: string; readonly text: string } | { readonly ok: false; readonly message: string };

export function dockerfileAt(workspace: Workspace, path: string, offset: number): ImageCommandResult {
  return withImage(workspace, path, offset, (result, name) => {
    const output = result.outputs.find((o) => o.path === `${name}/Dockerfile`);
    if (!output) return { ok: false, message: `\`${name}\` is not built by flyimgc (it is used as it is), so it has no Dockerfile` };
    if ('text' in output) return { ok: true, image: name, text: output.text };
    if ('copyFrom' in output) {
      const read = workspace.host.readFile(output.copyFrom);
      if (read.ok) return { ok: true, image: name, text: new TextDecoder().decode(read.bytes) };
    }
    return { ok: false, message: `the Dockerfile of \`${name}\` could not be read` };
  });
}

export function explanationAt(workspace: Workspace, path: string, offset: number): ImageCommandResult {
  return withImage(workspace, path, offset, (result, name, file) => {
    const image = result.images.find((i) => i.ir.binding.name === name && i.ir.binding.file === file);
    if (!image) return { ok: false, message: `\`${name}\` did not compile` };
    return { ok: true, image: name, text: explanationText(explainImage(image)) };
  });
}

function withImage(workspace: Workspace, path: string, offset: number, answer: (result: CompileResult, name: string, file: string) => ImageCommandResult): ImageCommandResult {
  const analysis = workspace.analysis(path);
  const target = imageBindingAt(workspace, path, offset);
  if (!target) return { ok: false, message: 'put the cursor on an image binding (a line `name = Image...`) or a use of one' };
  if (analysis.model.values.get(target.binding)?.kind !== 'image') return { ok: false, message: `\`${target.binding.name.name}\` is not an image` };
  const { result, file } = workspace.compilationFor(target.file, target.binding);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.images.some((i) => i.ir.binding.name === target.binding.name.name && i.ir.binding.file === file)) {
    return { ok: false, message: `\`${target.binding.name.name}\` cannot be compiled yet: ${errors.length} error${errors.length === 1 ? '' : 's'} to fix first${errors[0] ? ` (${errors[0].code}: ${errors[0].message})` : ''}` };
  }
  return answer(result, target.binding.name.name, file);
}

/** The image binding the cursor is on: a use of a binding's name, else the binding statement around it. */
function imageBindingAt(workspace: Workspace, path: string, offset: number): { readonly binding: Ast.Binding; readonly file: string } | undefined {
  const analysis = workspace.analysis(path);
  const file = analysis.program.files.get(path);
  if (!file) return undefined;
  const nodes = nodePathAt(file.ast, offset);
  const node = nodes[nodes.length - 1];
  if (node?.kind === 'Name') {
    const referent = analysis.resolution.referents.get(node);
    if (referent?.kind === 'binding') return { binding: referent.binding, file: referent.file };
  }
  const statement = nodes[0];
  return statement?.kind === 'Binding' ? { binding: statement, file: path } : undefined;
}

/** "Check the registry for this image": asks the registry now, remembers the answer for hover. */
export async function registryCheckAt(workspace: Workspace, registry: RegistryStatus, path: string, offset: number): Promise<ImageCommandResult> {
  let target: { uri: string; platforms: readonly string[] } | undefined;
  const found = withImage(workspace, path, offset, (result, name, file) => {
    const image = result.images.find((i) => i.ir.binding.name === name && i.ir.binding.file === file);
    if (!image?.uri) return { ok: false, message: `\`${name}\` has no tag to look up` };
    target = { uri: image.uri, platforms: image.ir.platforms };
    return { ok: true, image: name, text: image.uri };
  });
  if (!found.ok || !target) return found;
  const answer = await registry.check(target.uri, target.platforms);
  return { ok: true, image: found.image, text: `${target.uri}\n${registryLine(answer)}` };
}
