/**
 * Fuzz runs get a new seed every run (so CI explores new inputs), and a failure says how to replay it:
 * `FUZZ_SEED=<seed> npx vitest run <file>`.
 */
import fc from 'fast-check';

export const FUZZ_SEED: number = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);

export function fuzz<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, numRuns: number, seedOffset = 0): void {
  const seed = (FUZZ_SEED + seedOffset) | 0;
  try {
    fc.assert(property, { numRuns, seed });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`fuzz failure with FUZZ_SEED=${FUZZ_SEED} (seed ${seed}); replay with FUZZ_SEED=${FUZZ_SEED}\n${message}`);
  }
}
