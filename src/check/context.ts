/** What every rule gets: the evaluated model, the host's files, options, and one place to report. */
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { projectRoot } from '../files/project.js';
import type { HostFiles } from '../host.js';
import type { SourceFile } from '../source.js';
import type { BoundImage, Model } from './evaluate.js';
import type { LayerValue } from './model.js';

export interface RuleOptions {
  /** Let copied paths leave the project (absolute paths, `..`, links that point out). */
  readonly allowOutsideProject: boolean;
}

export interface RuleContext {
  readonly model: Model;
  readonly host: HostFiles;
  readonly options: RuleOptions;
  report(diagnostic: Diagnostic): void;
  /** Every distinct layer once, with the first image that has it (derived images share layer objects). */
  readonly layers: ReadonlyArray<{ readonly layer: LayerValue; readonly owner: BoundImage }>;
  /** Every distinct image value once: the bound images and the images they derive from. */
  readonly images: readonly BoundImage[];
  /** The project root of a `.flyimg` file: see `projectRoot`. */
  projectRootOf(file: string): string;
  /** Files other than `.flyimg` sources that diagnostics point into (a uv script's header). */
  readonly extraSources: Map<string, SourceFile>;
}

export function makeRuleContext(model: Model, host: HostFiles, options: RuleOptions, diagnostics: Diagnostic[]): RuleContext {
  const seen = new Set<LayerValue>();
  const layers: Array<{ layer: LayerValue; owner: BoundImage }> = [];
  for (const bound of model.images) {
    for (const layer of bound.image.layers) {
      if (seen.has(layer)) continue;
      seen.add(layer);
      layers.push({ layer, owner: bound });
    }
  }
  const roots = new Map<string, string>();
  return {
    model,
    host,
    options,
    report: (d) => diagnostics.push(d),
    layers,
    images: model.images,
    extraSources: new Map(),
    projectRootOf(file: string): string {
      const dir = posix.dirname(file);
      let root = roots.get(dir);
      if (root === undefined) {
        root = projectRoot(host, dir);
        roots.set(dir, root);
      }
      return root;
    },
  };
}

export { PROJECT_MARKER, projectRoot } from '../files/project.js';
