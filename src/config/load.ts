/**
 * Finds and reads the `flyimg.toml` of every project a compilation touches, and merges their settings.
 * Errors are located in the file: TOML syntax errors at their line and column, schema errors at the key.
 */
import { posix } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import { linkOutOf } from '../files/project.js';
import { TEXT_INPUT_LIMIT, type HostFiles } from '../host.js';
import { PROJECT_MARKER, projectRoot } from '../files/project.js';
import type { SourceFile } from '../source.js';
import { lineStarts } from '../source.js';
import { decodeSource } from '../syntax/decode.js';
import { didYouMean } from '../util/didYouMean.js';
import { ProjectConfigSchema } from './schema.js';
import { checkRegistryPrefix, parseReference, type ReferenceProblem } from '../reference/reference.js';
import { pathKey, tomlPositions, type TomlPositions } from '../files/tomlPositions.js';

export interface Setting {
  readonly value: string;
  readonly span: Span;
}

export interface LoadedConfig {
  /** `from_ref_name` name → image, from every project's `[images]`. */
  readonly images: ReadonlyMap<string, Setting>;
  readonly tools: { readonly uv?: Setting; readonly pixi?: Setting };
  readonly defaultRegistry?: Setting;
  readonly insecureRegistries: readonly string[];
  /** `[build] builder`: the builder `flyimgc build` uses when none is named on the command line. */
  readonly builder?: Setting;
  /** `[build] dockerfile_frontend`. */
  readonly dockerfileFrontend?: Setting;
  /** Reference prefix → mirror prefix. */
  readonly mirrors: ReadonlyMap<string, Setting>;
  /** `[flyte]`: paths resolved against the directory of the `flyimg.toml` that sets them. */
  readonly flyte: FlyteConfig;
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly diagnostics: readonly Diagnostic[];
}

export interface FlyteConfig {
  /** `[flyte] sdk_version` and `[flyte] python`. */
  readonly sdkVersion?: Setting;
  readonly python?: Setting;
  readonly copyStyle?: Setting;
  readonly rootDir?: Setting;
  readonly entries: readonly Setting[];
  readonly config?: Setting;
}

export function loadProjectConfigs(files: readonly string[], host: HostFiles): LoadedConfig {
  const images = new Map<string, Setting>();
  const tools: { uv?: Setting; pixi?: Setting } = {};
  const mirrors = new Map<string, Setting>();
  const registries = new Map<string, Setting>();
  const flyte = new Map<string, Setting>();
  const insecure = new Set<string>();
  const entries: Setting[] = [];
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const paths = [...new Set(files.map((f) => posix.join(projectRoot(host, posix.dirname(f)), PROJECT_MARKER)))].sort();

  const merge = (map: Map<string, Setting>, key: string, setting: Setting, what: string) => {
    const earlier = map.get(key);
    if (earlier && earlier.value !== setting.value) diagnostics.push(diag.conflictingConfig(setting.span, what, earlier.span));
    else if (!earlier) map.set(key, setting);
  };

  for (const path of paths) {
    const root = posix.dirname(path);
    if (linkOutOf(host, path, root) !== undefined) {
      diagnostics.push(diag.linkedOutOfProject(path, root));
      continue;
    }
    const read = host.readFile(path, { maxBytes: TEXT_INPUT_LIMIT });
    if (!read.ok) {
      // No flyimg.toml is fine; one that is there but cannot be read (a FIFO, a device, too large) is not.
      if (!read.missing) diagnostics.push(diag.readError(path, read.reason));
      continue;
    }
    const decoded = decodeSource(path, read.bytes);
    sources.set(path, decoded.source);
    diagnostics.push(...decoded.diagnostics);
    if (!decoded.ok) continue;
    const text = decoded.source.text;
    let data: unknown;
    try {
      data = parseToml(text);
    } catch (error) {
      const at = error instanceof TomlError ? offsetOf(decoded.source, error.line, error.column) : 0;
      const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '') : 'invalid TOML';
      diagnostics.push(diag.invalidConfig({ file: path, start: at, end: at }, `invalid TOML: ${message}`));
      continue;
    }
    const positions = tomlPositions(text);
    const parsed = ProjectConfigSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) diagnostics.push(configIssue(path, positions, issue));
      continue;
    }
    const locate = (keyPath: readonly string[]) => keySpan(path, positions, keyPath);
    // Every reference is checked here, at its value, before anything can emit it into a FROM or COPY --from.
    const valid = (keyPath: readonly string[], value: string, kind: 'image reference' | 'registry'): boolean => {
      const problem = kind === 'registry' ? checkRegistryPrefix(value) : referenceProblem(value);
      if (problem) diagnostics.push(diag.invalidImageReference(valueSpan(path, positions, keyPath), kind, value, problem.reason, problem.help));
      return !problem;
    };
    const references = [
      ...Object.entries(parsed.data.images ?? {}).map(([name, uri]) => [['images', name], uri, 'image reference'] as const),
      ...Object.entries(parsed.data.tools ?? {}).flatMap(([tool, uri]) => (uri === undefined ? [] : [[['tools', tool], uri, 'image reference'] as const])),
      ...Object.entries(parsed.data.mirrors ?? {}).map(([prefix, mirror]) => [['mirrors', prefix], mirror, 'registry'] as const),
      ...(parsed.data.build?.registry ? [[['build', 'registry'], parsed.data.build.registry, 'registry'] as const] : []),
    ];
    let allValid = true;
    for (const [keyPath, value, kind] of references) allValid = valid(keyPath, value, kind) && allValid;
    for (const prefix of Object.keys(parsed.data.mirrors ?? {})) {
      const problem = checkRegistryPrefix(prefix);
      if (problem) diagnostics.push(diag.invalidImageReference(keySpan(path, positions, ['mirrors', prefix]), 'registry', prefix, problem.reason, problem.help));
      allValid &&= !problem;
    }
    if (!allValid) continue;
    for (const [name, uri] of Object.entries(parsed.data.images ?? {})) merge(images, name, { value: uri, span: locate(['images', name]) }, `images.${name}`);
    const toolMap = new Map<string, Setting>(Object.entries(tools));
    for (const [tool, uri] of Object.entries(parsed.data.tools ?? {})) if (uri !== undefined) merge(toolMap, tool, { value: uri, span: locate(['tools', tool]) }, `tools.${tool}`);
    tools.uv = toolMap.get('uv') ?? tools.uv;
    tools.pixi = toolMap.get('pixi') ?? tools.pixi;
    for (const [prefix, mirror] of Object.entries(parsed.data.mirrors ?? {})) merge(mirrors, prefix, { value: mirror, span: valueSpan(path, positions, ['mirrors', prefix]) }, `mirrors.${prefix}`);
    if (parsed.data.build?.registry) merge(registries, 'registry', { value: parsed.data.build.registry, span: locate(['build', 'registry']) }, 'build.registry');
    for (const host of parsed.data.build?.insecure_registries ?? []) insecure.add(host);
    if (parsed.data.build?.builder) merge(registries, 'builder', { value: parsed.data.build.builder, span: locate(['build', 'builder']) }, 'build.builder');
    if (parsed.data.build?.dockerfile_frontend) merge(registries, 'dockerfile_frontend', { value: parsed.data.build.dockerfile_frontend, span: locate(['build', 'dockerfile_frontend']) }, 'build.dockerfile_frontend');
    const settings = parsed.data.flyte;
    const dir = posix.dirname(path);
    const hostPath = (value: string) => posix.normalize(posix.isAbsolute(value) ? value : posix.join(dir, value));
    if (settings?.copy_style) merge(flyte, 'copy_style', { value: settings.copy_style, span: locate(['flyte', 'copy_style']) }, 'flyte.copy_style');
    if (settings?.root_dir) merge(flyte, 'root_dir', { value: hostPath(settings.root_dir), span: locate(['flyte', 'root_dir']) }, 'flyte.root_dir');
    if (settings?.config) merge(flyte, 'config', { value: hostPath(settings.config), span: locate(['flyte', 'config']) }, 'flyte.config');
    for (const entry of typeof settings?.entry === 'string' ? [settings.entry] : (settings?.entry ?? [])) entries.push({ value: hostPath(entry), span: locate(['flyte', 'entry']) });
    for (const key of ['sdk_version', 'python'] as const) {
      const value = parsed.data.flyte?.[key];
      if (value !== undefined) merge(flyte, key, { value, span: locate(['flyte', key]) }, `flyte.${key}`);
    }
  }
  const sdkVersion = flyte.get('sdk_version');
  const python = flyte.get('python');
  const flyteConfig: FlyteConfig = {
    ...(sdkVersion ? { sdkVersion } : {}),
    ...(python ? { python } : {}),
    ...(flyte.get('copy_style') ? { copyStyle: flyte.get('copy_style')! } : {}),
    ...(flyte.get('root_dir') ? { rootDir: flyte.get('root_dir')! } : {}),
    ...(flyte.get('config') ? { config: flyte.get('config')! } : {}),
    entries,
  };
  const defaultRegistry = registries.get('registry');
  const builder = registries.get('builder');
  const dockerfileFrontend = registries.get('dockerfile_frontend');
  return {
    images,
    tools,
    ...(defaultRegistry ? { defaultRegistry } : {}),
    ...(builder ? { builder } : {}),
    ...(dockerfileFrontend ? { dockerfileFrontend } : {}),
    flyte: flyteConfig,
    insecureRegistries: [...insecure].sort(),
    mirrors,
    sources,
    diagnostics,
  };
}

const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': ['images', 'tools', 'build', 'flyte', 'mirrors'],
  tools: ['uv', 'pixi'],
  build: ['registry', 'insecure_registries', 'builder', 'dockerfile_frontend'],
  flyte: ['sdk_version', 'python', 'copy_style', 'root_dir', 'entry', 'config'],
};

function configIssue(path: string, positions: TomlPositions, issue: { code: string; path: PropertyKey[]; message: string; keys?: string[] }): Diagnostic {
  const keyPath = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
    const key = issue.keys[0]!;
    const table = keyPath.join('.');
    return diag.invalidConfig(keySpan(path, positions, [...keyPath, key]), `unknown key \`${table ? `${table}.` : ''}${key}\``, didYouMean(key, KNOWN_KEYS[table] ?? []) ?? 'see docs/configuration.md for the keys flyimg.toml takes');
  }
  return diag.invalidConfig(keySpan(path, positions, keyPath), `\`${keyPath.join('.') || 'the file'}\`: ${issue.message.toLowerCase()}`);
}

/** Where `key` is written: `key =` inside `[table]`, or the `[table]` header itself; the table's (or the file's) start if not found. */
function keySpan(file: string, positions: TomlPositions, keyPath: readonly string[]): Span {
  const key = positions.keys.get(pathKey(keyPath))?.key ?? positions.tables.get(pathKey(keyPath));
  if (key) return { file, ...key };
  const from = keyPath.length > 1 ? (positions.tables.get(pathKey(keyPath.slice(0, -1)))?.start ?? 0) : 0;
  return { file, start: from, end: from };
}

/**
 * Where the value of `key = value` is written: the whole string literal (quotes included), so that a
 * diagnostic points at file:line:col of the value; the key when the value cannot be found.
 */
function valueSpan(file: string, positions: TomlPositions, keyPath: readonly string[]): Span {
  const value = positions.keys.get(pathKey(keyPath))?.value;
  return value?.content ? { file, start: value.start, end: value.end } : keySpan(file, positions, keyPath);
}

function referenceProblem(value: string): ReferenceProblem | undefined {
  const parsed = parseReference(value);
  return parsed.ok ? undefined : parsed.problem;
}

function offsetOf(source: SourceFile, line: number, column: number): number {
  const start = lineStarts(source)[line - 1] ?? source.text.length;
  return Math.min(source.text.length, start + Math.max(0, column - 1));
}
