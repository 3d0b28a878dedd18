/** A compiled image's tag, taken apart for people: every input of the hash, readably. */
import type { CompiledImage } from './compiledImage.js';
import { summarizeLayer } from '../ir/summary.js';
import { FLYTE_HASH_SCHEME } from './flyteCompat.js';

export interface Explanation {
  readonly binding: string;
  readonly uri?: string;
  readonly scheme?: string;
  readonly tag?: string;
  readonly digest?: string;
  /** Label → value, in preimage order. */
  readonly inputs: ReadonlyArray<readonly [string, string]>;
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number; readonly executable: boolean; readonly sha256: string }>;
  readonly ignored: ReadonlyArray<{ readonly path: string; readonly pattern: string }>;
  readonly ignoreFile?: string;
  readonly flytePieces?: readonly string[];
  readonly notBuilt?: string;
}

export function explainImage({ ir, hash, uri }: CompiledImage): Explanation {
  const inputs: Array<readonly [string, string]> = [];
  if (hash) {
    inputs.push(['scheme', hash.scheme], ['kind', ir.kind], ['platforms', [...ir.platforms].sort().join(', ')]);
    if (ir.kind === 'generated') {
      inputs.push(['base', ir.base ?? '(none)'], ['python', ir.python], ['tools.uv', ir.tools.uv]);
      if (ir.layers.some((l) => l.kind === 'pixi_project')) inputs.push(['tools.pixi', ir.tools.pixi]);
      inputs.push(['flyte user', ir.createsFlyteUser ? 'created' : 'no']);
      ir.layers.forEach((layer, i) => {
        const secrets = 'secrets' in layer && layer.secrets.length > 0 ? ` [secrets: ${layer.secrets.map((s) => s.id).join(', ')}]` : '';
        inputs.push([`layer ${i + 1}`, `${summarizeLayer(layer)}${secrets}`]);
      });
    } else if (hash.dockerfileSha256) {
      inputs.push(['Dockerfile', `sha256:${hash.dockerfileSha256}`]);
    }
  }
  return {
    binding: ir.binding.name,
    ...(uri ? { uri } : {}),
    ...(hash ? { scheme: hash.scheme, tag: hash.tag, digest: hash.digest } : {}),
    inputs,
    files: hash?.files ?? [],
    ignored: ir.ignored,
    ...(ir.ignore ? { ignoreFile: ir.ignore.file } : {}),
    ...(hash?.flytePieces ? { flytePieces: hash.flytePieces } : {}),
    ...(ir.kind === 'external' ? { notBuilt: ir.externalReason ?? 'external' } : {}),
  };
}

export function explanationText(e: Explanation): string {
  const out: string[] = [];
  if (e.notBuilt) return `${e.binding}: not built (${e.notBuilt})${e.uri ? `: ${e.uri}` : ''}\n`;
  // flyte-sdk's tag is md5 over its own pieces (listed at the end), not a prefix of flyimgc's digest.
  const origin =
    e.scheme === FLYTE_HASH_SCHEME
      ? e.flytePieces && e.flytePieces.length > 0
        ? "md5 of flyte-sdk's pieces listed at the end"
        : "flyte-sdk's fixed tag for this image"
      : `the first ${e.tag?.length ?? 0} hex digits of sha256 ${e.digest}`;
  out.push(`${e.binding}: ${e.uri ?? ''}`, `  tag ${e.tag} = ${origin} (${e.scheme})`, '', 'hashed inputs:');
  const width = Math.max(...e.inputs.map(([k]) => k.length));
  for (const [key, value] of e.inputs) out.push(`  ${key.padEnd(width)}  ${value}`);
  out.push('', `files in the build context (${e.files.length}):`);
  for (const f of e.files) out.push(`  ${f.sha256.slice(0, 16)}  ${String(f.size).padStart(9)}  ${f.path}${f.executable ? '  (executable)' : ''}`);
  if (e.ignored.length > 0) {
    out.push('', `left out by ${e.ignoreFile ?? '.dockerignore'} (not copied, not hashed):`);
    for (const i of e.ignored) out.push(`  ${i.path}  (${i.pattern})`);
  }
  if (e.flytePieces && e.flytePieces.length > 0) {
    out.push('', "flyte-sdk md5 pieces, concatenated without separators:");
    e.flytePieces.forEach((p, i) => out.push(`  ${String(i + 1).padStart(3)}  ${JSON.stringify(p)}`));
  }
  out.push('', 'not hashed: registry, name, binding name, secret values, comments and layout of the .flyimg file');
  return `${out.join('\n')}\n`;
}
