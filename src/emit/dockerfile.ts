/**
 * Layer IR → Dockerfile text, functionally equivalent to flyte-sdk's local builder (same preamble, cache
 * and secret mounts, layer commands and footer), but with real `\` continuations, no host paths, and
 * every user string quoted so that it cannot leave its instruction.
 */
import { posix } from 'node:path';
import type { ImageIR, LayerIR, PipOptionsIR, SecretMount } from '../ir/ir.js';
import { assertNever } from '../util/invariant.js';
import { shellQuote } from '../util/shell.js';
import { CONTINUATION, emittable } from '../check/values.js';


const INDENT = '    ';
const APT_CACHE = '--mount=type=cache,sharing=locked,mode=0777,target=/var/cache/apt,id=apt';
const UV_CACHE = '--mount=type=cache,sharing=locked,mode=0777,target=/root/.cache/uv,id=uv';
const POETRY_CACHE = '--mount=type=cache,sharing=locked,mode=0777,target=/tmp/poetry_cache,id=poetry';
const PIXI_CACHE = '--mount=type=cache,sharing=locked,mode=0777,target=/root/.cache/rattler,id=pixi';
const VENV_PREFIX = 'VIRTUAL_ENV=${VIRTUAL_ENV-/opt/venv}';
const PIXI_DIR = '/opt/pixi-project';
/**
 * Where dependency files are bind-mounted: an absolute path, because podman and buildah refuse relative
 * mount targets (BuildKit resolves them against the WORKDIR, which flyte-sdk relied on).
 */
const DEPS_DIR = '/root/.flyte/deps';

export interface EmitOptions {
  /** Rewrites a pulled reference to its mirror (identity when there is none). */
  readonly mirror: (reference: string) => string;
  /**
   * `image` (default): the `# syntax=` line flyte-sdk writes, so BuildKit pulls that Dockerfile frontend.
   * `builtin`: no such line; BuildKit uses the frontend built into it (buildah and podman ignore the line).
   */
  readonly frontend?: 'image' | 'builtin';
}

const NO_MIRRORS: EmitOptions = { mirror: (r) => r };

/** The Dockerfile of a generated image; `uri` is the image's own reference (its tag is hashed first). */
export function emitDockerfile(image: ImageIR, uri: string, options: EmitOptions = NO_MIRRORS): string {
  // Mirrors change where images are pulled from, not what they are, so they are applied here, after hashing.
  image = { ...image, ...(image.base ? { base: options.mirror(image.base) } : {}), tools: { uv: options.mirror(image.tools.uv), pixi: options.mirror(image.tools.pixi) } };
  const out: string[] = [...preamble(image)];
  if (options.frontend === 'builtin') out.shift();
  for (const layer of image.layers) out.push(...layerText(layer, image));
  out.push('');
  if (image.createsFlyteUser) {
    out.push('USER flyte');
    // flyte-sdk always ends with WORKDIR /home/flyte, overriding a with_workdir(); flyimgc keeps the user's.
    if (!userSetsWorkdir(image)) out.push('WORKDIR /home/flyte');
  }
  out.push(`ENV _F_IMG_ID=${envValue(emittable('image reference', uri))}`, 'SHELL ["/bin/bash", "-c"]');
  return `${out.join('\n')}\n`;
}

function preamble(image: ImageIR): string[] {
  return [
    '# syntax=docker/dockerfile:1.10',
    `FROM ${emittable('image reference', image.tools.uv)} AS uv`,
    `FROM ${image.base !== undefined ? emittable('image reference', image.base) : 'scratch'}`,
    '',
    'USER root',
    '',
    "# Copy in uv so that later commands don't have to mount it in",
    'COPY --from=uv /uv /usr/bin/uv',
    '',
    '# Configure default paths (can be overridden via --build-arg)',
    'ARG VIRTUALENV=/opt/venv',
    'ARG UV_PYTHON=$VIRTUALENV/bin/python',
    '',
    ...continued('ENV ', ['UV_COMPILE_BYTECODE=1', 'UV_LINK_MODE=copy', 'VIRTUALENV=$VIRTUALENV', 'UV_PYTHON=$UV_PYTHON']),
    '',
    "# Create virtualenv only if UV_PYTHON doesn't already exist",
    'RUN if [ ! -f "$UV_PYTHON" ]; then \\',
    `${INDENT}${INDENT}uv venv $VIRTUALENV --python=${image.python} && uv run --python=$UV_PYTHON python -m compileall $VIRTUALENV; \\`,
    `${INDENT}fi`,
    '',
    'ENV PATH="$VIRTUALENV/bin:$PATH"',
    '',
    '# Adds nvidia just in case it exists',
    ...continued('ENV ', ['PATH="$PATH:/usr/local/nvidia/bin:/usr/local/cuda/bin"', 'LD_LIBRARY_PATH="/usr/local/nvidia/lib64"']),
  ];
}

function layerText(layer: LayerIR, image: ImageIR): string[] {
  switch (layer.kind) {
    case 'apt':
      return run([APT_CACHE], ['apt-get update && apt-get install -y --no-install-recommends', layer.packages.map((p) => shellQuote(emittable('shell word', p))).join(' ')], layer.secrets);
    case 'pip':
      return run([UV_CACHE], [words(['uv', 'pip', 'install', '--python', '$UV_PYTHON'], pipArgs(layer.options), layer.packages.map((p) => shellQuote(emittable('shell word', p))))], layer.secrets);
    case 'requirements':
      return run(
        [UV_CACHE, mount({ type: 'bind', target: `${DEPS_DIR}/requirements.txt`, src: layer.file })],
        [words(['uv', 'pip', 'install', '--python', '$UV_PYTHON'], pipArgs(layer.options), ['--requirement', `${DEPS_DIR}/requirements.txt`])],
        layer.secrets,
      );
    case 'uv_project':
      return uvProject(layer);
    case 'poetry_project':
      return poetryProject(layer);
    case 'pixi_project':
      return pixiProject(layer, image);
    case 'copy':
      return ['', copy(layer.from, layer.to, layer.chown)];
    case 'commands':
      return layer.commands.flatMap((command) => ['', runCommand(command, layer.secrets)]);
    case 'env':
      return layer.pairs.flatMap(([key, value]) => ['', `ENV ${key}=${envValue(emittable('env value', value))}`]);
    case 'workdir':
      return ['', `WORKDIR ${envValue(emittable('working directory', layer.path))}`];
    case 'labels':
      return layer.labels.flatMap(([key, value]) => ['', `LABEL ${key}=${envValue(value)}`]);
    default:
      return assertNever(layer);
  }
}

function uvProject(layer: Extract<LayerIR, { kind: 'uv_project' }>): string[] {
  const locked = layer.lock && !layer.options.extraArgs.some((a) => a === '--frozen' || a === '--locked') ? ['--locked'] : [];
  if (layer.mode === 'dependencies_only') {
    const noInstall = layer.options.extraArgs.includes('--no-install-project') ? [] : ['--no-install-project'];
    return run(
      [
        UV_CACHE,
        ...(layer.lock ? [mount({ type: 'bind', target: `${DEPS_DIR}/uv/uv.lock`, src: layer.lock })] : []),
        mount({ type: 'bind', target: `${DEPS_DIR}/uv/pyproject.toml`, src: layer.pyproject }),
        // Editable path dependencies, where uv.lock says they are relative to the project.
        ...(layer.editables ?? []).map((e) => mount({ type: 'bind', src: e.from, target: posix.join(`${DEPS_DIR}/uv`, e.target), rw: true })),
      ],
      [words([VENV_PREFIX, 'uv', 'sync', '--active', '--inexact'], locked, pipArgs(layer.options), noInstall, ['--project', `${DEPS_DIR}/uv`])],
      layer.secrets,
    );
  }
  const target = `/root/.flyte/${layer.projectDir}`;
  return run(
    [UV_CACHE, mount({ type: 'bind', target, src: layer.projectDir, rw: true })],
    [words([VENV_PREFIX, 'uv', 'sync', '--active', '--inexact', '--no-editable'], locked, pipArgs(layer.options), ['--project', shellQuote(target)])],
    layer.secrets,
  );
}

function poetryProject(layer: Extract<LayerIR, { kind: 'poetry_project' }>): string[] {
  const install = ['', ...run([UV_CACHE], ['uv pip install poetry']), ''];
  const args = rawArgs(layer);
  if (layer.mode === 'dependencies_only') {
    const noRoot = layer.extraArgs.includes('--no-root') ? [] : ['--no-root'];
    return [
      ...install,
      ...continued('ENV ', ['POETRY_CACHE_DIR=/tmp/poetry_cache', 'POETRY_VIRTUALENVS_IN_PROJECT=true']),
      '',
      ...run(
        [POETRY_CACHE, mount({ type: 'bind', target: `${DEPS_DIR}/poetry/poetry.lock`, src: layer.lock }), mount({ type: 'bind', target: `${DEPS_DIR}/poetry/pyproject.toml`, src: layer.pyproject })],
        [words([VENV_PREFIX, 'poetry', 'install'], args, noRoot, ['-C', `${DEPS_DIR}/poetry`])],
        layer.secrets,
      ),
    ];
  }
  const target = `/root/.flyte/${layer.projectDir}`;
  return [
    ...install,
    'ENV POETRY_CACHE_DIR=/tmp/poetry_cache',
    '',
    ...run([POETRY_CACHE, mount({ type: 'bind', target, src: layer.projectDir, rw: true })], [words([VENV_PREFIX, 'poetry', 'install'], args, ['-C', shellQuote(target)])], layer.secrets),
  ];
}

function pixiProject(layer: Extract<LayerIR, { kind: 'pixi_project' }>, image: ImageIR): string[] {
  const manifestName = layer.manifest.split('/').pop()!;
  const envDir = `${PIXI_DIR}/.pixi/envs/${emittable('copy path', layer.environment)}`;
  const copies =
    layer.mode === 'install_project'
      ? [copy(layer.projectDir, PIXI_DIR, false)]
      : [copy(layer.manifest, `${PIXI_DIR}/${manifestName}`, false), ...(layer.lock ? [copy(layer.lock, `${PIXI_DIR}/pixi.lock`, false)] : [])];
  const locked = layer.lock && !layer.extraArgs.includes('--frozen') ? ['--locked'] : [];
  return [
    '',
    `COPY --from=${emittable('image reference', image.tools.pixi)} /usr/local/bin/pixi /usr/local/bin/pixi`,
    ...copies,
    ...run([PIXI_CACHE], [`pixi install --manifest-path ${shellQuote(`${PIXI_DIR}/${manifestName}`)}`, words(['--environment', shellQuote(layer.environment)], locked, rawArgs(layer))], layer.secrets),
    '',
    '# Make the pixi environment the active runtime: the task entrypoint and any subsequent',
    '# uv/pip layers resolve into it instead of the original virtualenv.',
    ...continued('ENV ', [
      `VIRTUAL_ENV=${envValue(envDir)}`,
      `UV_PYTHON=${envValue(`${envDir}/bin/python`)}`,
      `PIXI_PROJECT_MANIFEST=${envValue(`${PIXI_DIR}/${manifestName}`)}`,
      `PATH=${envValue(`${envDir}/bin`)}:$PATH`,
    ]),
  ];
}

// ── building blocks ─────────────────────────────────────────────────────────

/** `RUN <flags> \` then the command lines, each continued with ` \`; secrets are mounted and exported first. */
function run(flags: readonly string[], lines: readonly string[], secrets: readonly SecretMount[] = []): string[] {
  const commands = lines.filter((l) => l !== '');
  const exports = secretExports(secrets);
  const parts = [...flags, ...secretFlags(secrets), ...(exports ? [`${exports} && ${commands[0] ?? 'true'}`, ...commands.slice(1)] : commands)];
  return continued('RUN ', parts);
}

/** `<head><first> \` + indented continuation lines. */
function continued(head: string, parts: readonly string[]): string[] {
  return parts.map((part, i) => `${i === 0 ? head : INDENT}${part}${i < parts.length - 1 ? ' \\' : ''}`);
}

function words(...groups: ReadonlyArray<readonly string[]>): string {
  return groups.flat().join(' ');
}

function pipArgs(options: PipOptionsIR): string[] {
  return [
    ...(options.indexUrl ? ['--index-url', shellQuote(emittable('shell word', options.indexUrl))] : []),
    ...options.extraIndexUrls.flatMap((u) => ['--extra-index-url', shellQuote(emittable('shell word', u))]),
    ...(options.pre ? ['--pre'] : []),
    ...rawArgs(options),
  ];
}

/** `extra_args` go to the shell as written (checked to be one line with balanced quotes), as in flyte-sdk. */
function rawArgs(layer: { readonly extraArgsRaw?: string }): string[] {
  return layer.extraArgsRaw === undefined ? [] : [emittable('shell text', layer.extraArgsRaw)];
}

/**
 * A secret is always mounted as a file: at its `mount` path, or, for one exposed as an environment variable,
 * at `/run/secrets/<id>`, from which the command exports it. (BuildKit's `env=` mount option would do the
 * latter in one step, but podman and buildah do not have it.)
 */
function secretFlags(secrets: readonly SecretMount[]): string[] {
  return secrets.map((s) => mount({ type: 'secret', id: s.id, target: s.target ?? secretFile(s) }));
}

function secretFile(secret: SecretMount): string {
  return `/run/secrets/${secret.id}`;
}

/** `export VAR="$(cat /run/secrets/ID)"` for every secret exposed as a variable, or '' when none is. */
function secretExports(secrets: readonly SecretMount[]): string {
  return secrets
    .filter((s) => s.target === undefined)
    .map((s) => `export ${s.env ?? s.id}="$(cat ${secretFile(s)})"`)
    .join(' && ');
}

/** A `--mount=` flag; fields holding `,` or `"` are CSV-quoted, as BuildKit reads the flag as CSV. */
function mount(fields: Readonly<Record<string, string | boolean | undefined>>): string {
  for (const key of ['src', 'target'] as const) if (typeof fields[key] === 'string') emittable('mount path', fields[key]);
  const parts = Object.entries(fields).flatMap(([key, value]) => (value === true ? [key] : value === undefined || value === false ? [] : [`${key}=${value}`]));
  return `--mount=${parts.map((p) => (/[",\s]/.test(p) ? `"${p.replace(/"/g, '""')}"` : p)).join(',')}`;
}

/**
 * One user command. Shell form when it reads back unchanged; exec form (a JSON array, which Dockerfile
 * parsers read as such) otherwise.
 */
function runCommand(command: string, secrets: readonly SecretMount[]): string {
  const flags = secretFlags(secrets).map((f) => `${f} `).join('');
  const exports = secretExports(secrets);
  emittable('command', command);
  // Shell form only when the parser reads back exactly `command`: no line break, heredoc marker or line
  // continuation (`\\[ \t]*$`, as every Dockerfile parser reads it) nor `\\ ` elsewhere (parsers disagree on
  // it), no surrounding white space (parsers trim it), no leading `[` (exec form) or `-` (a flag of RUN).
  const unsafe = /[\r\n\u2028\u2029\u0085]|<<|\\[ \t]/.test(command) || CONTINUATION.test(command) || command !== command.trim() || command === '' || /^[[-]/.test(command);
  if (!unsafe) return `RUN ${flags}${exports ? `${exports} && ` : ''}${command}`;
  return `RUN ${flags}${jsonArray(['/bin/sh', '-c', exports ? `${exports} && ${command}` : command])}`;
}

/**
 * The JSON form of RUN and COPY. `<` is written `\u003c`, which JSON reads back as `<`, so that no `<<`
 * appears for a Dockerfile parser to take as the start of a heredoc.
 */
function jsonArray(items: readonly string[]): string {
  return JSON.stringify(items).replace(/</g, '\\u003c');
}

/**
 * A value for ENV, LABEL and WORKDIR: double-quoted when it is not a plain word, with `"` and `\`
 * escaped. `$VAR` stays live on purpose: `{"PATH": "/opt/venv/bin:$PATH"}` means the base's PATH.
 */
export function envValue(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./${}-]+$/.test(value) && !value.endsWith('\\')) return value;
  // `$(` is not a variable: escaped, so no Dockerfile parser tries to read it as one.
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$\(/g, '\\$(')}"`;
}

function copy(from: string, to: string, chown: boolean): string {
  const flag = chown ? '--chown=flyte:flyte ' : '';
  emittable('copy path', from);
  emittable('copy path', to);
  // Plain words unless a path could be read as a flag (`-`) or needs quoting; then the JSON form.
  const plain = (p: string) => /^[A-Za-z0-9_@%+=:,./][A-Za-z0-9_@%+=:,./-]*$/.test(p);
  if (plain(from) && plain(to)) return `COPY ${flag}${from} ${to}`;
  return `COPY ${flag}${jsonArray([from, to])}`;
}

function userSetsWorkdir(image: ImageIR): boolean {
  return image.layers.some((l) => l.kind === 'workdir' && l.path !== '/home/flyte');
}
