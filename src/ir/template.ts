/**
 * The version of the Dockerfile template (src/emit/dockerfile.ts). Bumped whenever the emitted text changes
 * in a way that changes images; part of every tag. It lives below both the hash and the emitter so that the
 * hash never depends on the emitter's code.
 */
export const TEMPLATE_VERSION = '1';
