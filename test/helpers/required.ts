/**
 * Tests that need a tool or a service: skipped with the reason on a developer's machine that lacks it,
 * but FAILED under `CI=true`, where a missing tool means the suite did not test what it claims to.
 */
import { it } from 'vitest';

export const IN_CI: boolean = process.env['CI'] === 'true';

/** Called inside a test when its tool or service is missing: fails under CI=true, skips otherwise. */
export function missing(ctx: { skip(note?: string): void }, reason: string): void {
  if (IN_CI) throw new Error(`required under CI=true but missing: ${reason}`);
  ctx.skip(reason);
}

/** A placeholder test for a whole suite whose tool or service is missing: fails under CI=true, skips otherwise. */
export function missingSuite(name: string, reason: string): void {
  if (IN_CI) {
    it(`${name} (required under CI=true)`, () => {
      throw new Error(`required under CI=true but missing: ${reason}`);
    });
  } else it.skip(`${name}: skipped: ${reason}`, () => {});
}
