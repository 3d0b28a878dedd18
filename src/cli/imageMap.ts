/**
 * `--image name=uri` (repeatable): what `from_ref_name` images stand for in this run. Its own module, so
 * that `check` reads it without loading the whole of `compile`.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import { parseReference } from '../reference/reference.js';

export function parseImageMap(entries: readonly string[]): { map: Map<string, string>; diagnostics: Diagnostic[] } {
  const map = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    const at = entry.indexOf('=');
    // Surrounding blanks are ignored; a line break is not (it is refused with the reference).
    const blanks = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '');
    const name = at < 0 ? 'default' : blanks(entry.slice(0, at));
    const uri = blanks(at < 0 ? entry : entry.slice(at + 1));
    const parsed = parseReference(uri);
    if (name === '' || uri === '') diagnostics.push(diag.invalidImageMapping(entry, name === '' ? 'the name is empty' : 'the image is empty'));
    else if (!parsed.ok) diagnostics.push(diag.invalidImageMapping(entry, `the image is not a valid reference: ${parsed.problem.reason}`));
    else if (map.has(name) && map.get(name) !== uri) diagnostics.push(diag.invalidImageMapping(entry, `\`${name}\` is mapped twice`));
    else map.set(name, uri);
  }
  return { map, diagnostics };
}
