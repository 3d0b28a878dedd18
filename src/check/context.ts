/** What every rule gets: the evaluated model, the host's files, options, and one place to report. */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { HostFiles } from '../host.js';
import type { SourceFile } from '../source.js';
import type { BoundImage, Model } from './evaluate.js';
import { BuildInputs } from './inputs.js';
import type { Setting } from '../config/load.js';
import type { ToolImages } from '../config/tools.js';
import { distinctLayers, type OwnedLayer } from './layerIndex.js';

export interface RuleOptions {
  /** Let copied paths leave the project (absolute paths, `..`, links that point out). */
  readonly allowOutsideProject: boolean;
  /** `from_ref_name` names → image references: `--image name=uri` over the projects' `flyimg.toml`. */
  readonly imageMap?: ReadonlyMap<string, string>;
  /** The platforms a compile builds instead of the images' own (`--platform`). */
  readonly platforms?: readonly string[];
  /** The tag scheme: `v1` (default), or `flyte`, flyte-sdk's md5 tags, which some images cannot get offline. */
  readonly hash?: 'v1' | 'flyte';
  /** The tool images the Dockerfiles pull (`[tools]` over the options'); `analyze` fills it in. */
  readonly tools?: ToolImages;
  /** `[mirrors]`: reference prefix → mirror prefix; `analyze` fills it in from flyimg.toml. */
  readonly mirrors?: ReadonlyMap<string, Setting>;
}

export interface RuleContext {
  readonly model: Model;
  readonly host: HostFiles;
  readonly options: RuleOptions;
  report(diagnostic: Diagnostic): void;
  /** Every distinct layer once, with the first image that has it (derived images share layer objects). */
  readonly layers: ReadonlyArray<OwnedLayer<BoundImage>>;
  /** Every distinct image value once: the bound images and the images they derive from. */
  readonly images: readonly BoundImage[];
  /** The project root of a `.flyimg` file: see `projectRoot`. */
  projectRootOf(file: string): string;
  /** Files other than `.flyimg` sources that diagnostics point into (a uv script's header). */
  readonly extraSources: Map<string, SourceFile>;
  /** The files images are built from, read once for the rules and for lowering. */
  readonly inputs: BuildInputs;
  readonly imageMap: ReadonlyMap<string, string>;
  /** True when an earlier phase already reported an error at exactly `span`: one mistake, one diagnostic. */
  reportedAt(span: Span): boolean;
  /**
   * What `make` returns, made once per analysis for `owner` (a rule) and kept across the rule's runs, which
   * are one per image in an incremental analysis (see `checkImagesIncrementally`): for answers worked out
   * from the model and the files, such as a `LayerIndex`, so that images sharing layers share the work.
   * Never for what the rule reported: each per-image run must report everything about its image.
   */
  cached<T>(owner: object, make: () => T): T;
}

export function makeRuleContext(
  model: Model,
  host: HostFiles,
  options: RuleOptions,
  diagnostics: Diagnostic[],
  inputs = new BuildInputs(host, options.allowOutsideProject),
  earlier: readonly Diagnostic[] = [],
): RuleContext {
  const key = (span: Span) => `${span.file}\0${span.start}\0${span.end}`;
  const reported = new Set(earlier.filter((d) => d.severity === 'error' && d.primary).map((d) => key(d.primary!.span)));
  const layers = distinctLayers(model.images);
  const cache = new Map<object, unknown>();
  return {
    model,
    host,
    options,
    report: (d) => diagnostics.push(d),
    layers,
    images: model.images,
    extraSources: new Map(),
    projectRootOf: (file) => inputs.rootOf(file),
    inputs,
    imageMap: options.imageMap ?? new Map(),
    reportedAt: (span) => reported.has(key(span)),
    cached: <T>(owner: object, make: () => T): T => {
      if (!cache.has(owner)) cache.set(owner, make());
      return cache.get(owner) as T;
    },
  };
}

export { PROJECT_MARKER, projectRoot } from '../files/project.js';
