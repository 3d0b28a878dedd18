/** A compiler bug, never a user mistake: the CLI prints it as "internal compiler error" (exit 70). */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}

export function assertNever(value: never): never {
  throw new InternalError(`unexpected value: ${JSON.stringify(value)}`);
}
