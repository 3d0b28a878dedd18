/**
 * THE signature table of flyte-sdk's image API as `.flyimg` sees it: every constructor, method and
 * builtin, with flyte-sdk's parameter names, order, kinds and defaults. Binding, type checks,
 * `docs/language.md`, the editor grammar and completion all read this table; nothing else lists them.
 */

/** What an argument must be. `?` in the docs means None is accepted too (every optional parameter). */
export type ParamType =
  | 'str'
  | 'path' // str or Path(...)
  | 'paths' // a path, or a list/tuple of paths
  | 'int'
  | 'bool'
  | 'strs' // a str, or a list/tuple of str
  | 'python_version' // (3, 12) or "3.12"
  | 'platforms' // "linux/amd64" or a tuple/list of them
  | 'env' // dict of str → str
  | 'secret' // str or Secret(...)
  | 'secrets' // str, Secret(...) or a list of those
  | 'image' // an Image, an image reference string, or "auto"
  | 'environments' // a list of TaskEnvironments
  | { readonly oneOf: readonly string[] };

export type ParamKind = 'positional-or-keyword' | 'keyword-only' | 'varargs';

export interface Param {
  readonly name: string;
  readonly type: ParamType;
  readonly kind: ParamKind;
  /** Python source of the default, for docs and hover; absent = required. */
  readonly default?: string;
  readonly doc: string;
}

export type LayerKind =
  | 'apt'
  | 'pip'
  | 'requirements'
  | 'uv_project'
  | 'poetry_project'
  | 'pixi_project'
  | 'source_folder'
  | 'source_file'
  | 'dockerignore'
  | 'code_bundle'
  | 'commands'
  | 'env'
  | 'workdir';

export interface Signature {
  readonly name: string;
  readonly doc: string;
  readonly params: readonly Param[];
  /** The layer a `with_*` method adds. */
  readonly layer?: LayerKind;
}

const p = (name: string, type: ParamType, doc: string, extra: { kind?: ParamKind; default?: string } = {}): Param => ({
  name,
  type,
  kind: extra.kind ?? 'positional-or-keyword',
  ...(extra.default !== undefined ? { default: extra.default } : {}),
  doc,
});
const kw = (name: string, type: ParamType, doc: string, defaultValue = 'None'): Param => p(name, type, doc, { kind: 'keyword-only', default: defaultValue });
const opt = (name: string, type: ParamType, doc: string, defaultValue = 'None'): Param => p(name, type, doc, { default: defaultValue });

const INSTALL_MODE = { oneOf: ['dependencies_only', 'install_project'] } as const;

const registry = opt('registry', 'str', 'registry to push to, e.g. "ghcr.io/acme"');
const registrySecret = opt('registry_secret', 'secret', 'secret for pulling from and pushing to the registry');
const platform = opt('platform', 'platforms', 'target platforms, e.g. ("linux/amd64", "linux/arm64")');
const secretMounts = (kind: ParamKind = 'positional-or-keyword') =>
  p('secret_mounts', 'secrets', 'build secrets mounted while this layer runs: a key, a Secret(...) or a list of them', { kind, default: 'None' });
const indexUrl = (kind: ParamKind) => p('index_url', 'str', 'the package index to use instead of PyPI', { kind, default: 'None' });
const extraIndexUrls = (kind: ParamKind) => p('extra_index_urls', 'strs', 'more package indexes to search', { kind, default: 'None' });
const pre = (kind: ParamKind) => p('pre', 'bool', 'allow pre-release versions', { kind, default: 'False' });
const extraArgs = (kind: ParamKind = 'positional-or-keyword') => p('extra_args', 'str', 'extra arguments passed to the installer as written', { kind, default: 'None' });
const installMode = opt('project_install_mode', INSTALL_MODE, '"dependencies_only" installs only the dependencies; "install_project" also installs the project', '"dependencies_only"');

export const CONSTRUCTORS: readonly Signature[] = [
  {
    name: 'from_debian_base',
    doc: "flyte's default image: a Debian base with Python, uv and flyte. With `registry` or `name` it is built and can be extended; without, it points at flyte's published image.",
    params: [
      opt('python_version', 'python_version', 'Python version, e.g. (3, 12); defaults to the project default (3.12)'),
      opt('flyte_version', 'str', 'flyte version to install; defaults to the project default'),
      opt('install_flyte', 'bool', 'start from flyte\'s published image (True) or from python:<version>-slim-bookworm (False)', 'True'),
      registry,
      registrySecret,
      opt('name', 'str', 'image name (repository) in the registry'),
      platform,
    ],
  },
  {
    name: 'from_base',
    doc: 'An existing image, used as is. To add layers, `clone(name=..., registry=..., extendable=True)` first.',
    params: [p('image_uri', 'str', 'the image reference, e.g. "python:3.12-slim"')],
  },
  {
    name: 'from_dockerfile',
    doc: "An image built from your own Dockerfile, as is. It can never get layers: change the Dockerfile instead.",
    params: [
      p('file', 'path', 'the Dockerfile'),
      p('registry', 'str', 'registry to push to'),
      p('name', 'str', 'image name'),
      platform,
      kw('context', 'path', "the build context directory (a flyimgc extension, not in flyte-sdk: `docker build -f team/Dockerfile .`); default: the Dockerfile's own directory"),
    ],
  },
  {
    name: 'from_uv_script',
    doc: 'An image with the dependencies of a uv script, read from its PEP 723 `# /// script` header.',
    params: [
      p('script', 'path', 'the .py script with a PEP 723 header'),
      p('name', 'str', 'image name', { kind: 'keyword-only' }),
      kw('registry', 'str', 'registry to push to'),
      kw('registry_secret', 'secret', 'secret for the registry'),
      kw('python_version', 'python_version', 'Python version, e.g. (3, 12)'),
      indexUrl('keyword-only'),
      extraIndexUrls('keyword-only'),
      pre('keyword-only'),
      extraArgs('keyword-only'),
      kw('platform', 'platforms', 'target platforms'),
      secretMounts('keyword-only'),
    ],
  },
  {
    name: 'from_pixi_script',
    doc: 'An image with the environment of a pixi script.',
    params: [
      p('script', 'path', 'the .py script'),
      p('name', 'str', 'image name', { kind: 'keyword-only' }),
      kw('registry', 'str', 'registry to push to'),
      kw('registry_secret', 'secret', 'secret for the registry'),
      kw('environment', 'str', 'pixi environment', '"default"'),
      extraArgs('keyword-only'),
      kw('platform', 'platforms', 'target platforms'),
      secretMounts('keyword-only'),
    ],
  },
  {
    name: 'from_ref_name',
    doc: 'A placeholder for an image you build yourself, resolved by name (`--image name=uri`). To add layers, `clone(registry=..., extendable=True)` first.',
    params: [opt('name', 'str', 'the reference name', '"default"')],
  },
];

export const METHODS: readonly Signature[] = [
  {
    name: 'clone',
    doc: 'A copy of the image with some fields changed. `extendable=True` allows layers on a `from_base` or `from_ref_name` image.',
    params: [
      opt('registry', 'str', 'registry to push to'),
      opt('registry_secret', 'secret', 'secret for the registry'),
      opt('name', 'str', 'image name'),
      opt('base_image', 'str', 'replace the base image reference'),
      opt('python_version', 'python_version', 'Python version'),
      opt('extendable', 'bool', 'whether layers may be added (kept from the image when not given)'),
      platform,
    ],
  },
  {
    name: 'with_apt_packages',
    doc: 'Installs Debian packages with apt-get.',
    layer: 'apt',
    params: [p('packages', 'str', 'package names, as separate arguments', { kind: 'varargs' }), secretMounts('keyword-only')],
  },
  {
    name: 'with_pip_packages',
    doc: 'Installs Python packages with uv pip into the image\'s virtualenv.',
    layer: 'pip',
    params: [
      p('packages', 'str', 'requirement strings, as separate arguments', { kind: 'varargs' }),
      indexUrl('keyword-only'),
      extraIndexUrls('keyword-only'),
      pre('keyword-only'),
      extraArgs('keyword-only'),
      secretMounts('keyword-only'),
    ],
  },
  {
    name: 'with_requirements',
    doc: 'Installs a requirements .txt file with uv pip.',
    layer: 'requirements',
    params: [p('file', 'path', 'the requirements file (.txt)'), indexUrl('positional-or-keyword'), extraIndexUrls('positional-or-keyword'), pre('positional-or-keyword'), extraArgs(), secretMounts()],
  },
  {
    name: 'with_uv_project',
    doc: 'Installs a uv project from its pyproject.toml and uv.lock.',
    layer: 'uv_project',
    params: [
      p('pyproject_file', 'path', 'the project\'s pyproject.toml'),
      opt('uvlock', 'path', 'the lock file; defaults to uv.lock next to pyproject.toml'),
      indexUrl('positional-or-keyword'),
      extraIndexUrls('positional-or-keyword'),
      pre('positional-or-keyword'),
      extraArgs(),
      secretMounts(),
      installMode,
    ],
  },
  {
    name: 'with_poetry_project',
    doc: 'Installs a poetry project from its pyproject.toml and poetry.lock.',
    layer: 'poetry_project',
    params: [p('pyproject_file', 'path', 'the project\'s pyproject.toml'), opt('poetry_lock', 'path', 'the lock file; defaults to poetry.lock next to pyproject.toml'), extraArgs(), secretMounts(), installMode],
  },
  {
    name: 'with_pixi_project',
    doc: 'Installs a pixi environment from pixi.toml (or pyproject.toml) and pixi.lock.',
    layer: 'pixi_project',
    params: [
      p('manifest_file', 'path', 'pixi.toml or pyproject.toml, or the directory holding it'),
      opt('pixi_lock', 'path', 'the lock file; defaults to pixi.lock next to the manifest'),
      opt('environment', 'str', 'pixi environment', '"default"'),
      extraArgs(),
      secretMounts(),
      installMode,
    ],
  },
  {
    name: 'with_source_folder',
    doc: 'Copies a directory into the image.',
    layer: 'source_folder',
    params: [p('src', 'path', 'the directory to copy'), opt('dst', 'str', 'destination in the image', '"."'), opt('copy_contents_only', 'bool', 'copy the contents into dst instead of dst/<name>', 'False')],
  },
  {
    name: 'with_source_file',
    doc: 'Copies one file, or a list of files, into the image.',
    layer: 'source_file',
    params: [p('src', 'paths', 'the file or files'), opt('dst', 'str', 'destination directory in the image', '"."')],
  },
  {
    name: 'with_dockerignore',
    doc: 'Uses a .dockerignore file to filter what source folders and projects copy.',
    layer: 'dockerignore',
    params: [p('path', 'path', 'the .dockerignore file')],
  },
  {
    name: 'with_code_bundle',
    doc: 'Marks where your workflow code goes. Development runs ship code without rebuilding; deploys with copy style "none" bake it in.',
    layer: 'code_bundle',
    params: [opt('copy_style', { oneOf: ['loaded_modules', 'all'] }, '"loaded_modules" or "all"', '"loaded_modules"'), opt('dst', 'str', 'destination in the image', '"."')],
  },
  {
    name: 'with_commands',
    doc: 'Runs shell commands, one RUN each.',
    layer: 'commands',
    params: [p('commands', 'strs', 'a command or a list of commands'), secretMounts()],
  },
  {
    name: 'with_env_vars',
    doc: 'Sets environment variables; `$VAR` in a value refers to the base image\'s value.',
    layer: 'env',
    params: [p('env_vars', 'env', 'a dict of names to values')],
  },
  {
    name: 'with_workdir',
    doc: 'Sets the working directory.',
    layer: 'workdir',
    params: [p('workdir', 'str', 'the directory, e.g. "/app"')],
  },
];

/** flyte-sdk methods that exist only for developing flyte itself; refused with an explanation. */
export const UNSUPPORTED_METHODS: readonly string[] = ['with_local_v2', 'with_local_rs_controller', 'with_local_v2_plugins'];

export const SECRET: Signature = {
  name: 'Secret',
  doc: 'A build secret, read from the host at build time and mounted while a layer runs; never stored in the image.',
  params: [
    p('key', 'str', 'the secret\'s key'),
    opt('group', 'str', 'the secret\'s group'),
    opt('mount', 'str', 'mount as a file under this directory (only "/etc/flyte/secrets")'),
    opt('as_env_var', 'str', 'expose as this environment variable during the layer'),
  ],
};

export const PATH: Signature = {
  name: 'Path',
  doc: 'A file system path, relative to the .flyimg file. `Path("a") / "b"` joins paths.',
  params: [p('path', 'str', 'the path')],
};

/**
 * flyte's `TaskEnvironment`, as far as images go. Its other fields (flyte-sdk's dataclass order) are
 * accepted and never evaluated; by position they are `name`, `depends_on`, then the ignored ones, then `image`.
 */
export const TASK_ENVIRONMENT: Signature = {
  name: 'TaskEnvironment',
  doc: "flyte's task environment, read for its image: the manifest lists each one with its image URI and dependencies. An image written in place is compiled under the environment's binding name. Parameters that do not concern images (`pod_template`, `description`, `secrets`, `env_vars`, `resources`, `interruptible`, `cache`, `reusable`, `plugin_config`, `queue`...) are accepted and ignored. By position the fields are flyte-sdk's: `name`, `depends_on`, the ignored ones, then `image`; write `image=`.",
  params: [
    p('name', 'str', "the environment's name"),
    opt('depends_on', 'environments', 'environments deployed with this one', '[]'),
    opt('image', 'image', 'an image, an image reference (as `Image.from_base(uri)`), or "auto": flyte\'s default image, `Image.from_debian_base()`', '"auto"'),
  ],
};

export const CONSTRUCTOR_NAMES: readonly string[] = CONSTRUCTORS.map((s) => s.name);
export const METHOD_NAMES: readonly string[] = METHODS.map((s) => s.name);

/** By name, the first of each name (as `find` would): looked up for every call of a program. */
const byName = (signatures: readonly Signature[]): ReadonlyMap<string, Signature> => {
  const map = new Map<string, Signature>();
  for (const s of signatures) if (!map.has(s.name)) map.set(s.name, s);
  return map;
};
const CONSTRUCTOR_BY_NAME = byName(CONSTRUCTORS);
const METHOD_BY_NAME = byName(METHODS);

export function findConstructor(name: string): Signature | undefined {
  return CONSTRUCTOR_BY_NAME.get(name);
}

export function findMethod(name: string): Signature | undefined {
  return METHOD_BY_NAME.get(name);
}

/** `with_pip_packages(*packages, index_url=None, ...)`, for messages, hover and docs. */
export function formatSignature(sig: Signature, owner?: string): string {
  const parts: string[] = [];
  let starred = false;
  for (const param of sig.params) {
    if (param.kind === 'varargs') {
      parts.push(`*${param.name}`);
      starred = true;
      continue;
    }
    if (param.kind === 'keyword-only' && !starred) {
      parts.push('*');
      starred = true;
    }
    parts.push(param.default !== undefined ? `${param.name}=${param.default}` : param.name);
  }
  return `${owner ? `${owner}.` : ''}${sig.name}(${parts.join(', ')})`;
}
