/**
 * The editable path dependencies a `uv.lock` lists: what flyte-sdk finds with `uv export --no-emit-project`
 * (its `-e <path>` lines) and bind-mounts next to the project, so that `uv sync` can build them. Read from
 * the lock itself (no uv needed): every `[[package]]` whose `source` is `{ editable = "<path>" }`, except the
 * project itself (`"."`).
 */
import { parse as parseToml } from 'smol-toml';

export type EditablesResult = { readonly ok: true; readonly paths: readonly string[] } | { readonly ok: false; readonly reason: string };

export function uvLockEditables(text: string): EditablesResult {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : 'invalid TOML' };
  }
  const packages = (data as { package?: unknown }).package;
  if (packages === undefined) return { ok: true, paths: [] };
  if (!Array.isArray(packages)) return { ok: false, reason: '`package` is not an array of tables' };
  const paths = new Set<string>();
  for (const p of packages) {
    const source = (p as { source?: unknown } | null)?.source;
    const editable = source && typeof source === 'object' ? (source as { editable?: unknown }).editable : undefined;
    if (typeof editable === 'string' && editable !== '.' && editable !== '') paths.add(editable);
  }
  return { ok: true, paths: [...paths] };
}
