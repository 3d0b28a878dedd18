/**
 * A pixi script's PEP 723 header as the `pixi.toml` workspace manifest flyte-sdk lowers it to
 * (`flyte/_utils/pixi_script_parser.py`, `render_pixi_manifest`): pixi cannot install a script's environment
 * at build time, so the header becomes an ordinary manifest. Channels default to conda-forge, platforms to
 * the image's (a `platforms` the script declares wins, and must cover the image's), `requires-python`
 * becomes the conda `python` unless `[tool.pixi.dependencies]` has one, `dependencies` become
 * `[pypi-dependencies]` (those of `[tool.pixi.pypi-dependencies]` win), other `[tool.pixi.*]` tables pass
 * through. Shared by the check (what is wrong, where) and lowering (the manifest).
 */
import { checkRequirement } from './pep508.js';
import type { ScriptMetadata } from './pep723.js';

/** Container platform → conda subdir. */
export const CONDA_SUBDIRS: Readonly<Record<string, string>> = { 'linux/amd64': 'linux-64', 'linux/arm64': 'linux-aarch64' };

export type PixiScriptProblem =
  /** A dependency with an environment marker (pixi has none: flyte-sdk refuses it), by index. */
  | { readonly problem: 'marker'; readonly dependency: number }
  /** The script declares platforms that do not cover the image's. */
  | { readonly problem: 'platforms'; readonly declared: readonly string[]; readonly missing: readonly string[] };

export type PixiManifestResult = { readonly ok: true; readonly manifest: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly problems: readonly PixiScriptProblem[] };

export function pixiManifest(metadata: ScriptMetadata, imagePlatforms: readonly string[]): PixiManifestResult {
  const pixi = table(table(metadata.tool)['pixi']);
  const workspace = { ...table(pixi['workspace']) };
  const subdirs = imagePlatforms.map((p) => CONDA_SUBDIRS[p] ?? p);
  const problems: PixiScriptProblem[] = [];
  const declared = Array.isArray(workspace['platforms']) && workspace['platforms'].length > 0 ? (workspace['platforms'] as unknown[]).map(String) : undefined;
  if (declared) {
    const missing = subdirs.filter((s) => !declared.includes(s));
    if (missing.length > 0) problems.push({ problem: 'platforms', declared, missing });
  }
  workspace['channels'] ??= ['conda-forge'];
  workspace['platforms'] = declared ?? subdirs;

  const dependencies = { ...table(pixi['dependencies']) };
  if (metadata.requiresPython && !('python' in dependencies)) dependencies['python'] = metadata.requiresPython;
  const pypi = { ...table(pixi['pypi-dependencies']) };
  for (const [index, requirement] of metadata.dependencies.entries()) {
    const parsed = splitRequirement(requirement);
    if (!parsed) continue;
    if (parsed.marker) problems.push({ problem: 'marker', dependency: index });
    if (!(parsed.name in pypi)) pypi[parsed.name] = pixiSpec(parsed);
  }
  if (problems.length > 0) return { ok: false, problems };
  const manifest: Record<string, unknown> = { workspace };
  if (Object.keys(dependencies).length > 0) manifest['dependencies'] = dependencies;
  if (Object.keys(pypi).length > 0) manifest['pypi-dependencies'] = pypi;
  for (const [key, value] of Object.entries(pixi)) if (!['workspace', 'dependencies', 'pypi-dependencies'].includes(key)) manifest[key] = value;
  return { ok: true, manifest };
}

interface SplitRequirement {
  readonly name: string;
  readonly extras: readonly string[];
  readonly specifier: string;
  readonly url?: string;
  readonly marker?: string;
}

/** The parts of a requirement the PEP 508 checker accepted (undefined for one it did not). */
function splitRequirement(text: string): SplitRequirement | undefined {
  const checked = checkRequirement(text);
  if (!checked.ok || !checked.name) return undefined;
  let rest = text.trim().slice(checked.name.length).trim();
  let marker: string | undefined;
  let url: string | undefined;
  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    extras = rest.slice(1, close).split(',').map((e) => e.trim()).filter((e) => e !== '').sort();
    rest = rest.slice(close + 1).trim();
  }
  if (rest.startsWith('@')) {
    // A URL ends at whitespace; a marker may follow after ` ;`.
    const after = rest.slice(1).trim();
    const end = after.search(/\s/);
    url = end < 0 ? after : after.slice(0, end);
    rest = end < 0 ? '' : after.slice(end).trim();
  }
  const semicolon = rest.indexOf(';');
  if (semicolon >= 0) {
    marker = rest.slice(semicolon + 1).trim();
    rest = rest.slice(0, semicolon).trim();
  }
  const specifier = rest.replace(/^\((.*)\)$/, '$1').replace(/\s+/g, '');
  return { name: checked.name, extras, specifier, ...(url ? { url } : {}), ...(marker ? { marker } : {}) };
}

function pixiSpec(r: SplitRequirement): unknown {
  const spec: Record<string, unknown> = {};
  if (r.url?.startsWith('git+')) {
    // As flyte-sdk's `partition("@")`: the revision is whatever follows the first `@`.
    const bare = r.url.slice(4);
    const at = bare.indexOf('@');
    spec['git'] = at < 0 ? bare : bare.slice(0, at);
    if (at >= 0 && at < bare.length - 1) spec['rev'] = bare.slice(at + 1);
  } else if (r.url) spec['url'] = r.url;
  else spec['version'] = r.specifier || '*';
  if (r.extras.length > 0) spec['extras'] = r.extras;
  return Object.keys(spec).length === 1 && 'version' in spec ? spec['version'] : spec;
}

function table(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
