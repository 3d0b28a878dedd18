/**
 * `target.push(...items)` passes every item as an argument, which overflows the stack for hundreds of
 * thousands of items (hostile input can produce that many diagnostics). This appends them one by one.
 */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
