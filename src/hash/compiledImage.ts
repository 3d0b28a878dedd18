/** An image after hashing: its IR, its tag (for images flyimgc builds) and its URI. What the emitters take. */
import type { ImageIR } from '../ir/ir.js';
import type { ImageHash } from './contentHash.js';

export interface CompiledImage {
  readonly ir: ImageIR;
  readonly hash?: ImageHash;
  readonly uri?: string;
}
