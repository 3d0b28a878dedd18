/**
 * flyimgc as a library: `import { check, compile, format } from 'flyimgc'` (docs/api-js.md).
 *
 * The package entry is the one module besides src/cli/ that wires the machine in: when no `host` is
 * given, files are read from the real file system relative to `cwd` (default: the process's). Everything
 * behind it reaches files only through the `host`, so an in-memory host (see `HostFiles`) works too.
 *
 * Nothing here throws on user input: every mistake comes back as a `Diagnostic`. An `InternalError` thrown
 * from these functions is a bug in flyimgc.
 */
import { analyze, DEFAULT_ANALYZE_OPTIONS } from './analyze.js';
import { nodeHost } from './cli/io.js';
import { compile as compilePipeline, type OutputFile } from './compile.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { renderDiagnostics as renderText } from './diagnostics/render.js';
import type { Manifest } from './emit/manifest.js';
import { formatSource } from './format/format.js';
import type { HostFiles } from './host.js';
import { DEFAULT_TOOL_IMAGES } from './ir/ir.js';
import type { SourceFile } from './source.js';

export type { Diagnostic, Label, Severity, Span } from './diagnostics/diagnostic.js';
export type { FileStat, HostFiles, ReadResult } from './host.js';
export type { Manifest, ManifestImage } from './emit/manifest.js';
export type { OutputFile } from './compile.js';
export type { SourceFile } from './source.js';
/** The manifest's zod schema (`ManifestSchema.parse(json)` validates a manifest.json). */
export { ManifestSchema } from './emit/manifestSchema.js';
export { InternalError } from './util/invariant.js';

export interface CheckOptions {
  /** Where files are read from. Default: the real file system, paths relative to `cwd`. */
  readonly host?: HostFiles;
  /** The directory paths are relative to when no `host` is given. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** `from_ref_name` names → image references, as `--image name=uri` (over the projects' `flyimg.toml`). */
  readonly images?: Readonly<Record<string, string>>;
  /** Let copied paths leave the project, as `--allow-outside-project`. */
  readonly allowOutsideProject?: boolean;
  /** `v1` (default): flyimgc's own tags. `flyte`: flyte-sdk's md5 tags, bug for bug (some images cannot get one). */
  readonly hash?: 'v1' | 'flyte';
  /** Build these platforms instead of the ones the files give. */
  readonly platforms?: readonly string[];
}

export interface CompileOptions extends CheckOptions {
  /** Push every image to this registry instead (same tags). */
  readonly registry?: string;
}

export interface CheckResult {
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every file read (the roots and what they import), by path: what `renderDiagnostics` needs. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** The `.flyimg` files checked, sorted. */
  readonly files: readonly string[];
}

export interface CompileResult extends CheckResult {
  /** The manifest (`manifest.json`), when there is no error. */
  readonly manifest?: Manifest;
  /**
   * What `flyimgc compile --out DIR` writes, relative to DIR, sorted: text to write, a file to copy (from a
   * host path), or a directory to create. Empty when there are errors.
   */
  readonly outputs: readonly OutputFile[];
}

/**
 * Parses `roots` (`.flyimg` paths) and everything they import, resolves names, evaluates every image and
 * runs every rule: the diagnostics `flyimgc check` prints, which are all the errors `compile` can find.
 */
export function check(roots: readonly string[], options: CheckOptions = {}): CheckResult {
  const analysis = analyze(roots, hostOf(options), analyzeOptions(options));
  return {
    ok: !analysis.diagnostics.some((d) => d.severity === 'error'),
    diagnostics: analysis.diagnostics,
    sources: analysis.sources,
    files: [...analysis.program.files.keys()].sort(),
  };
}

/** Checks, then computes every image's tag, Dockerfile, build context and the manifest. */
export function compile(roots: readonly string[], options: CompileOptions = {}): CompileResult {
  const result = compilePipeline(roots, hostOf(options), {
    ...analyzeOptions(options),
    tools: DEFAULT_TOOL_IMAGES,
    ...(options.registry ? { registryOverride: options.registry } : {}),
  });
  const ok = !result.diagnostics.some((d) => d.severity === 'error');
  return {
    ok,
    diagnostics: result.diagnostics,
    sources: result.analysis.sources,
    files: [...result.analysis.program.files.keys()].sort(),
    ...(ok && result.manifest ? { manifest: result.manifest } : {}),
    outputs: result.outputs,
  };
}

/**
 * `.flyimg` source text in the canonical layout (`flyimgc fmt`); undefined when the text has syntax errors
 * (run `check` to see them). `path` is only used in messages.
 */
export function format(text: string, path = 'input.flyimg'): string | undefined {
  const result = formatSource(text, path);
  return result.ok ? result.text : undefined;
}

/** Diagnostics as `flyimgc check` prints them (rustc-style, with source lines); `sources` from a result. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, options: { readonly color?: boolean } = {}): string {
  return renderText(diagnostics, sources, { color: options.color ?? false });
}

function hostOf(options: CheckOptions): HostFiles {
  return options.host ?? nodeHost(options.cwd ?? process.cwd());
}

function analyzeOptions(options: CheckOptions) {
  return {
    ...DEFAULT_ANALYZE_OPTIONS,
    allowOutsideProject: options.allowOutsideProject ?? false,
    imageMap: new Map(Object.entries(options.images ?? {})),
    hash: options.hash ?? 'v1',
    ...(options.platforms ? { platforms: options.platforms } : {}),
  };
}
