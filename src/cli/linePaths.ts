/**
 * Paths as the last field of a line in flyimgc's cache files (digest cache, output index): as they are,
 * unless they hold a line break or start with `"`, then as a JSON string. Reading most lines is then a
 * slice, not a JSON parse.
 */
export function encodePath(name: string): string {
  return name.includes('\n') || name.includes('\r') || name.startsWith('"') ? JSON.stringify(name) : name;
}

/** The path, or undefined for a damaged line. */
export function decodePath(text: string): string | undefined {
  if (!text.startsWith('"')) return text;
  try {
    const name = JSON.parse(text) as unknown;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
