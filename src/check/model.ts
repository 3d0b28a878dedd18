/**
 * The checked model: what each binding evaluates to. Plain readonly data with a span for every fact,
 * so that rules can say where and why ("not extendable because of `Image.from_base` at 3:10").
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type { LayerKind } from './api.js';
import type { Layers } from './layers.js';

export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** A path argument: as written, and resolved against the directory of the `.flyimg` file it is in. */
export interface FileArg {
  readonly written: string;
  /** POSIX, relative to the same base as every other host path (the working directory). */
  readonly path: string;
  readonly span: Span;
}

export interface SecretValue {
  readonly key: string;
  readonly group?: string;
  readonly mount?: string;
  /** Filled in the way flyte-sdk does when neither `mount` nor `as_env_var` is given. */
  readonly asEnvVar?: string;
  /** True when written as a plain string `"KEY"` rather than `Secret(...)`. */
  readonly fromString: boolean;
  readonly span: Span;
}

export interface PipOptions {
  readonly indexUrl?: Located<string>;
  readonly extraIndexUrls: readonly Located<string>[];
  readonly pre: boolean;
  readonly extraArgs?: Located<string>;
}

export type InstallMode = 'dependencies_only' | 'install_project';

interface LayerBase {
  /** The `with_*` call (or constructor) that added the layer. */
  readonly span: Span;
  /** The method name's span, where errors about the layer point. */
  readonly methodSpan: Span;
}

export type LayerValue =
  | (LayerBase & { readonly kind: 'apt'; readonly packages: readonly Located<string>[]; readonly secrets: readonly SecretValue[] })
  | (LayerBase & { readonly kind: 'pip'; readonly packages: readonly Located<string>[]; readonly options: PipOptions; readonly secrets: readonly SecretValue[] })
  | (LayerBase & { readonly kind: 'requirements'; readonly file: FileArg; readonly options: PipOptions; readonly secrets: readonly SecretValue[] })
  | (LayerBase & {
      readonly kind: 'uv_project';
      readonly pyproject: FileArg;
      /** Absent when not given and there is no uv.lock beside pyproject.toml. */
      readonly lock?: FileArg;
      readonly options: PipOptions;
      readonly secrets: readonly SecretValue[];
      readonly mode: InstallMode;
    })
  | (LayerBase & {
      readonly kind: 'poetry_project';
      readonly pyproject: FileArg;
      readonly lock: FileArg;
      readonly extraArgs?: Located<string>;
      readonly secrets: readonly SecretValue[];
      readonly mode: InstallMode;
    })
  | (LayerBase & {
      readonly kind: 'pixi_project';
      readonly manifest: FileArg;
      readonly lock?: FileArg;
      readonly environment: Located<string>;
      readonly extraArgs?: Located<string>;
      readonly secrets: readonly SecretValue[];
      readonly mode: InstallMode;
    })
  | (LayerBase & {
      readonly kind: 'uv_script';
      readonly script: FileArg;
      readonly options: PipOptions;
      readonly secrets: readonly SecretValue[];
    })
  | (LayerBase & {
      /** `Image.from_pixi_script`: the script's PEP 723 header, lowered to a pixi manifest as flyte-sdk does. */
      readonly kind: 'pixi_script';
      readonly script: FileArg;
      readonly environment: Located<string>;
      readonly extraArgs?: Located<string>;
      readonly secrets: readonly SecretValue[];
    })
  | (LayerBase & { readonly kind: 'source_folder'; readonly src: FileArg; readonly dst: Located<string> })
  | (LayerBase & { readonly kind: 'source_file'; readonly src: FileArg; readonly dst: Located<string> })
  | (LayerBase & { readonly kind: 'dockerignore'; readonly file: FileArg })
  | (LayerBase & { readonly kind: 'code_bundle'; readonly copyStyle: 'loaded_modules' | 'all'; readonly dst: Located<string> })
  | (LayerBase & { readonly kind: 'commands'; readonly commands: readonly Located<string>[]; readonly secrets: readonly SecretValue[] })
  | (LayerBase & { readonly kind: 'env'; readonly pairs: readonly (readonly [Located<string>, Located<string>])[] })
  | (LayerBase & { readonly kind: 'workdir'; readonly path: Located<string> })
  | (LayerBase & { readonly kind: 'labels'; readonly labels: readonly (readonly [string, string])[] });

export type AnyLayerKind = LayerKind | 'uv_script' | 'pixi_script' | 'labels';

export type OriginKind = 'debian' | 'base' | 'dockerfile' | 'ref' | 'uv_script' | 'pixi_script';

export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
  /** Where it was set; absent when it is the project default. */
  readonly span?: Span;
}

export interface BindingRef {
  readonly file: string;
  readonly name: string;
  readonly span: Span;
}

export interface ImageValue {
  readonly origin: { readonly kind: OriginKind; readonly span: Span };
  /** `FROM` reference; absent for Dockerfile images and unresolved refs. */
  readonly base?: Located<string>;
  readonly dockerfile?: FileArg;
  /** `from_dockerfile(..., context=...)` (a flyimgc extension): the build context; default the Dockerfile's directory. */
  readonly dockerContext?: FileArg;
  readonly refName?: Located<string>;
  readonly name?: Located<string>;
  readonly registry?: Located<string>;
  readonly registrySecret?: SecretValue;
  /** The platforms, where they were set, and where each was written (for errors about one of them). */
  readonly platforms: Located<readonly string[]> & { readonly itemSpans?: readonly Span[] };
  readonly python: PythonVersion;
  readonly flyteVersion?: string;
  readonly extendable: boolean;
  /** The call that made the image not extendable (a constructor or `clone(extendable=False)`), and its name. */
  readonly notExtendable?: { readonly span: Span; readonly what: string };
  /**
   * Set once a call in the chain was reported: what follows from that mistake (a layer on an image that
   * a broken `clone` should have made extendable) is not reported again. One mistake, one diagnostic.
   */
  readonly quiet?: boolean;
  /** Built by flyimgc (true) or used as is (false: `uri` is the base reference). */
  readonly cloned: boolean;
  /** The last `clone(...)` call, where a missing name is reported. */
  readonly clonedAt?: Span;
  readonly presetTag?: string;
  /** Newest first, sharing the list of the image it extends (check/layers.ts); undefined when there are none. */
  readonly layers: Layers;
  /** The nearest bound image this one was derived from, and how many of its layers it shares. */
  readonly derivedFrom?: { readonly binding: BindingRef; readonly sharedLayers: number };
}

/**
 * `flyte.TaskEnvironment(name=..., image=..., depends_on=[...])`: only what concerns images. Its image is
 * an image binding it names, or an image written in place (bound to the environment's own binding name
 * and compiled like any binding); a string is `Image.from_base(uri)`, and "auto" (the default) flyte's
 * default image, as flyte-sdk does.
 */
export interface EnvironmentValue {
  readonly name: Located<string>;
  readonly image: ImageValue;
  /** Set when the image is a binding of its own (`image=app`); else the image is written in place. */
  readonly imageBinding?: BindingRef;
  /** The environments it depends on, by their `name`. */
  readonly dependsOn: readonly Located<string>[];
  readonly span: Span;
}

export type Value =
  | { readonly kind: 'str'; readonly value: string; readonly span: Span }
  | { readonly kind: 'int'; readonly value: number; readonly span: Span }
  | { readonly kind: 'float'; readonly text: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'none'; readonly span: Span }
  | { readonly kind: 'tuple' | 'list'; readonly items: readonly Value[]; readonly span: Span }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [Value, Value])[]; readonly span: Span }
  /** `relativeTo`: the `.flyimg` file the path is relative to, when it is not the file that uses it. */
  | { readonly kind: 'path'; readonly value: string; readonly span: Span; readonly relativeTo?: string }
  | { readonly kind: 'secret'; readonly secret: SecretValue; readonly span: Span }
  | { readonly kind: 'image'; readonly image: ImageValue; readonly span: Span }
  | { readonly kind: 'environment'; readonly environment: EnvironmentValue; readonly span: Span }
  /** `Image`, `Secret`, `Path` themselves. */
  | { readonly kind: 'builtin'; readonly name: string; readonly span: Span }
  /** `Image.from_base` or `img.with_pip_packages` before it is called. */
  | { readonly kind: 'callable'; readonly owner: 'Image' | 'image'; readonly name: string; readonly image?: ImageValue; readonly span: Span; readonly nameSpan: Span }
  /** Something already reported as wrong: checks stay quiet about it. */
  | { readonly kind: 'error'; readonly span: Span };

export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'str':
      return 'a string';
    case 'int':
      return 'an integer';
    case 'float':
      return 'a float';
    case 'bool':
      return 'a boolean';
    case 'none':
      return '`None`';
    case 'tuple':
      return 'a tuple';
    case 'list':
      return 'a list';
    case 'dict':
      return 'a dict';
    case 'path':
      return 'a Path';
    case 'secret':
      return 'a Secret';
    case 'image':
      return 'an Image';
    case 'environment':
      return 'a TaskEnvironment';
    case 'builtin':
      return `\`${value.name}\``;
    case 'callable':
      return `the method \`${value.name}\``;
    case 'error':
      return 'an invalid value';
  }
}
