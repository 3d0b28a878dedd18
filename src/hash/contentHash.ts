/**
 * flyimgc's tag, hash scheme v1: sha256 over the canonical encoding of everything that changes the built
 * image, and nothing else. See docs/hashing.md for what is in the preimage and why.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { HostFiles } from '../host.js';
import type { ImageIR } from '../ir/ir.js';
import { TEMPLATE_VERSION } from '../ir/template.js';
import { encodeCanonical, type Canonical } from './canonical.js';

export const HASH_SCHEME = 'flyimgc-v1';
/** Hex characters of the digest kept in the tag: 128 bits. */
export const TAG_LENGTH = 32;

export interface FileDigest {
  readonly path: string;
  readonly size: number;
  readonly executable: boolean;
  readonly sha256: string;
}

export interface ImageHash {
  readonly scheme: string;
  /** Full sha256 of the preimage. */
  readonly digest: string;
  readonly tag: string;
  /** The structured preimage, for `flyimgc explain` and `flyimgc diff`. */
  readonly preimage: Canonical;
  readonly files: readonly FileDigest[];
  readonly dockerfileSha256?: string;
  /** With `--hash flyte`: flyte-sdk's md5 pieces, in order. */
  readonly flytePieces?: readonly string[];
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hashImage(ir: ImageIR, host: HostFiles, diagnostics: Diagnostic[]): ImageHash {
  const files: FileDigest[] = [];
  for (const file of ir.context) {
    if ('text' in file) {
      files.push({ path: file.path, size: file.size, executable: file.executable, sha256: sha256Hex(file.text) });
      continue;
    }
    const cached = host.digest?.(file.from);
    if (cached !== undefined) {
      files.push({ path: file.path, size: file.size, executable: file.executable, sha256: cached });
      continue;
    }
    const read = host.readFile(file.from);
    if (!read.ok) {
      diagnostics.push(diag.readError(file.from, read.reason));
      continue;
    }
    files.push({ path: file.path, size: read.bytes.length, executable: file.executable, sha256: sha256Hex(read.bytes) });
  }
  let dockerfileSha256: string | undefined;
  if (ir.dockerfile) {
    const read = host.readFile(ir.dockerfile);
    if (read.ok) dockerfileSha256 = sha256Hex(read.bytes);
    else diagnostics.push(diag.readError(ir.dockerfile, read.reason));
  }
  const preimage = preimageOf(ir, files, dockerfileSha256);
  const digest = sha256Hex(encodeCanonical(preimage));
  return { scheme: HASH_SCHEME, digest, tag: digest.slice(0, TAG_LENGTH), preimage, files, ...(dockerfileSha256 ? { dockerfileSha256 } : {}) };
}

/** What the tag depends on. Not in it: registry, name, binding name, secret values, comments and layout. */
export function preimageOf(ir: ImageIR, files: readonly FileDigest[], dockerfileSha256: string | undefined): Canonical {
  const usesPixi = ir.layers.some((l) => l.kind === 'pixi_project');
  const generated = ir.kind === 'generated';
  return {
    scheme: HASH_SCHEME,
    kind: ir.kind,
    platforms: [...ir.platforms].sort(),
    ...(generated
      ? {
          template: TEMPLATE_VERSION,
          tools: { uv: ir.tools.uv, ...(usesPixi ? { pixi: ir.tools.pixi } : {}) },
          base: ir.base ?? null,
          python: ir.python,
          flyteUser: ir.createsFlyteUser,
          layers: ir.layers as unknown as Canonical,
        }
      : { dockerfile: dockerfileSha256 ?? null }),
    files: files.map((f) => ({ path: f.path, executable: f.executable, sha256: f.sha256 })),
  };
}

export function imageUri(ir: ImageIR, tag: string): string {
  const repository = ir.registry ? `${ir.registry}/${ir.name}` : ir.name!;
  return `${repository}:${tag}`;
}
