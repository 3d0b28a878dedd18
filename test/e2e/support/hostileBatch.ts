/**
 * The hostile-input suite's values (test/hostile: SURFACE × PAYLOADS at the start and end of TOKEN), batched
 * into a few `.flyimg` images that a real builder builds: every value flyimgc ACCEPTS for a parameter that
 * reaches a Dockerfile gets a place in one of them, in the emitted form that parameter uses (ENV value,
 * WORKDIR, COPY source and destination, `--mount` source, RUN in shell and exec form, single-quoted shell
 * word, `extra_args` shell text). Values flyimgc refuses need no build: the unit suite checks the refusal.
 *
 * How each form is read back from the built image (hostile.test.ts):
 * - ENV and WORKDIR: the image config, compared with the value as written, `$NAME`/`${NAME}` expanded (on
 *   purpose, as in flyte-sdk) from variables the image sets first, so that an expansion shows;
 * - COPY: the copied files, their paths and contents (each source file says which value named it);
 * - RUN: the image's `/bin/sh` is replaced by a recorder that writes the arguments the builder ran it with
 *   (and runs nothing, so that commands such as `qzslotqz;` cost nothing and cannot fail the build);
 * - words and mounts: `uv` and `apt-get` are replaced by a recorder that writes its argv and the files
 *   mounted under /root/.flyte/deps, after the real shell ran the emitted command.
 * A handful of images, and one RUN per value only where the form needs it (commands, `extra_args`,
 * `--mount` sources): CI has two cores. Parameters whose values land through the same emitter code as a
 * batched one are listed in NOT_BATCHED with that reason.
 * Each batch of values starts with TOKEN itself (the benign baseline): a hostile value must give exactly
 * the baseline's record with TOKEN replaced by the value.
 */
import { compileProgram, dockerfileOf, py } from '../../hostile/compileOne.js';
import { PAYLOADS, TOKEN, placements } from '../../hostile/payloads.js';
import { SURFACE } from '../../hostile/surface.js';

/** A value for a parameter: `key` is its SURFACE key. */
export interface Slot {
  readonly key: string;
  readonly value: string;
}

/** Every payload × placement that flyimgc accepts for `key` (no error diagnostic), in PAYLOADS order. */
export function acceptedValues(key: string): string[] {
  const make = SURFACE[key]!;
  return PAYLOADS.flatMap(placements).filter((v) => {
    const c = make(v);
    return !compileProgram(c.source, c.files ?? {}).diagnostics.some((d) => d.severity === 'error');
  });
}

/** Whether the parameter's value is written into the Dockerfile (TOKEN shows up in it). */
export function reachesDockerfile(key: string): boolean {
  const c = SURFACE[key]!(TOKEN);
  return dockerfileOf(compileProgram(c.source, c.files ?? {}))?.includes(TOKEN) ?? false;
}

/**
 * SURFACE keys whose accepted values reach a Dockerfile but are built in an image of their own each (one
 * image per value would be many builds), with where the same emitted form is built here instead.
 */
export const NOT_BATCHED: Readonly<Record<string, string>> = {
  // Constructors: one image per value would be many builds; the same emitter code is built here for a method.
  'from_uv_script.index_url': 'a constructor; the same quoted word as the `--extra-index-url` words built here',
  'from_uv_script.extra_index_urls': 'a constructor; the same `--extra-index-url` words as with_pip_packages.extra_index_urls',
  'from_uv_script.extra_args': 'a constructor; the same `uv pip install` shell text as with_pip_packages.extra_args',
  'from_pixi_script.environment': 'a constructor; pixi needs a pixi image (not built here)',
  'from_pixi_script.extra_args': 'a constructor; the same shell text splice as with_pip_packages.extra_args',
  'from_debian_base.flyte_version': 'a FROM tag (the image reference grammar accepts only `-` here); one image per value',
  'flyimg.toml tools.uv': 'a FROM tag (the image reference grammar accepts only `-` here); one project per value',
  'flyimg.toml tools.pixi': 'a COPY --from tag (the image reference grammar accepts only `-` here); one project per value',
  // One RUN per value (the 2 CI cores): the same emitter function, with every accepted value, is built here in another key.
  'with_pip_packages.index_url': 'one RUN per value; the same quoted word (pipArgs) as with_pip_packages.extra_index_urls, built here in one RUN',
  'with_requirements.index_url': 'one RUN per value; the same quoted word (pipArgs) as with_requirements.extra_index_urls, built here in one RUN',
  'with_uv_project.index_url': 'one RUN per value; the same quoted word (pipArgs) as with_uv_project.extra_index_urls, built here in one RUN',
  'with_requirements.extra_args': 'one RUN per value; the same splice (rawArgs, after pipArgs) as with_pip_packages.extra_args',
  'with_uv_project.extra_args': 'one RUN per value; the same splice (rawArgs, after pipArgs) as with_pip_packages.extra_args',
  'with_poetry_project.extra_args': 'two RUNs per value; the same splice (rawArgs) as with_pip_packages.extra_args',
  'with_pixi_project.extra_args': 'pixi needs a pixi image (not built here); the same splice (rawArgs) as with_pip_packages.extra_args',
  'with_pixi_project.environment': 'pixi needs a pixi image (not built here); a quoted word and an ENV path',
  'with_pixi_project.manifest_file': 'pixi needs a pixi image (not built here); the same COPY as with_source_file.src',
  'with_pixi_project.pixi_lock': 'pixi needs a pixi image (not built here); the same COPY as with_source_file.src',
  'with_uv_project.uvlock': 'one RUN per value; the same `--mount` source (mount) as with_uv_project.pyproject_file (its uv.lock)',
  'with_poetry_project.pyproject_file': 'two RUNs per value; the same `--mount` sources (mount) as with_uv_project.pyproject_file',
  'with_poetry_project.poetry_lock': 'two RUNs per value; the same `--mount` source (mount) as with_uv_project.pyproject_file',
};

const HEAD = (binding: string) => `${binding} = Image.from_base("python:3.11-slim").clone(name="${binding.replace(/_/g, '-')}", python_version=(3, 11), registry="ghcr.io/acme", extendable=True)`;

/** Variables set before ENV and WORKDIR values, so that `$HOME`, `${HOME}` and `$HOMEqzslotqz` expand to something visible. */
export const VARS: Readonly<Record<string, string>> = { HOME: 'hh', [`HOME${TOKEN}`]: 'hq' };

/** `$NAME` and `${NAME}` expanded from `vars` (unset: empty), as Dockerfile ENV and WORKDIR do; nothing else. */
export function expand(value: string, vars: Readonly<Record<string, string>> = VARS): string {
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced: string | undefined, bare: string | undefined) => vars[braced ?? bare!] ?? '');
}

const withToken = (values: readonly string[]) => [TOKEN, ...values];

/**
 * ENV values, one variable per value (`V<i>`), then WORKDIR values, each relative to the one before under
 * /wd, so that the final working directory holds every one.
 */
export function configBatch(): Batch {
  const values = withToken(acceptedValues('with_env_vars.env_vars'));
  const names = values.map((_, i) => `V${i}`);
  const pairs = values.map((v, i) => `${py(names[i]!)}: ${py(v)}`).join(', ');
  const workdirs = withToken(acceptedValues('with_workdir.workdir'));
  return {
    binding: 'h_config',
    source: `${HEAD('h_config')}.with_env_vars(${dictOf(VARS)}).with_env_vars({${pairs}}).with_workdir("/wd")${workdirs.map((v) => `.with_workdir(${py(v)})`).join('')}\n`,
    files: {},
    slots: [...values.map((value) => ({ key: 'with_env_vars.env_vars', value })), ...workdirs.map((value) => ({ key: 'with_workdir.workdir', value }))],
    envNames: names,
  };
}

/** Records every /bin/sh the builder starts after it is installed; runs nothing. */
export const SH_RECORDER = "#!/bin/dash\n# Stands in for /bin/sh: records the arguments the builder ran it with (NUL-separated), runs nothing.\n{ printf '%s\\0' \"$@\"; printf '\\036'; } >> /rec/sh\n";

/** Stands in for uv and apt-get: records its name, its argv and the files mounted for it. */
export const TOOL_RECORDER = [
  '#!/bin/dash',
  '# Stands in for uv and apt-get: records how it was called (NUL-separated: its name, its arguments,',
  '# then a group separator and every file under /root/.flyte/deps with its content).',
  '{',
  '  printf \'%s\\0\' "${0##*/}" "$@"',
  "  printf '\\035'",
  '  for f in /root/.flyte/deps/* /root/.flyte/deps/*/*; do',
  '    [ -f "$f" ] && { printf \'%s\\0\' "$f"; cat "$f"; printf \'\\0\'; }',
  '  done',
  "  printf '\\036'",
  '} >> /rec/tools',
  '',
].join('\n');
const INSTALL_TOOLS = 'mkdir -p /rec && chmod 755 /usr/local/bin/rec-tool && for t in /usr/bin/uv /usr/local/bin/apt-get; do ln -sf /usr/local/bin/rec-tool $t; done';

const PYPROJECT = '[project]\nname = "p"\nversion = "1"\n';
/** The fixed dependency files the batches use where a value is not a path. */
const FIXED: Readonly<Record<string, string>> = { 'r.txt': 'numpy\n', 'u/pyproject.toml': PYPROJECT, 'u/uv.lock': 'version = 1\n' };

/** A call per value, the files it needs, and how many tool calls (recorded by the tool recorder) its layer makes. */
interface Form {
  readonly key: string;
  readonly call: (v: string, i: number) => string;
  /** A list parameter: one call for the baseline, then one call holding every accepted value. */
  readonly list?: (vs: readonly string[]) => string;
  readonly files?: (v: string, i: number) => Record<string, string>;
  /** Files the call leaves in the image (absolute path → content). */
  readonly copies?: (v: string, i: number) => Record<string, string>;
  /** Tool calls the layer makes (apt: update + install). */
  readonly tools?: number;
}

/** A file named by the value (a copy source). */
const named = (v: string) => ({ [v]: `# file named ${v}\n` });
/** A folder named by the value (folder copy, uv project): one folder serves both. */
const folder = (v: string) => ({ [`${v}/pyproject.toml`]: `# in ${v}\n${PYPROJECT}`, [`${v}/uv.lock`]: `# uv.lock in ${v}\n` });

export interface ToolGroup {
  readonly key: string;
  readonly values: readonly string[];
  readonly calls: number;
}

export interface Batch {
  /** The binding, and the project folder it is written in (its own flyimg.toml: paths start with the value). */
  readonly binding: string;
  readonly source: string;
  readonly files: Readonly<Record<string, string>>;
  readonly slots: readonly Slot[];
  /** ENV batch: the variable of each value. */
  readonly envNames?: readonly string[];
  /** /bin/sh recorder batch: the slot of each recorded run, in order. */
  readonly runs?: readonly Slot[];
  /** Tool recorder batches: the groups of tool calls, in order. */
  readonly toolGroups?: readonly ToolGroup[];
  /** Copy batches: every file the copies leave under `copyRoots`, with its content. */
  readonly copies?: Readonly<Record<string, string>>;
  readonly copyRoots?: readonly string[];
}

function formBatch(binding: string, forms: readonly Form[], prefix = ''): Batch {
  const files: Record<string, string> = {};
  const copies: Record<string, string> = {};
  const calls: string[] = [];
  const slots: Slot[] = [];
  const toolGroups: ToolGroup[] = [];
  for (const form of forms) {
    const values = acceptedValues(form.key);
    const groups = form.list ? [[TOKEN], values] : withToken(values).map((v) => [v]);
    groups.forEach((vs, i) => {
      calls.push(form.list ? form.list(vs) : form.call(vs[0]!, i));
      for (const v of vs) {
        Object.assign(files, form.files?.(v, i) ?? {});
        Object.assign(copies, form.copies?.(v, i) ?? {});
        slots.push({ key: form.key, value: v });
      }
      if (form.tools) toolGroups.push({ key: form.key, values: vs, calls: form.tools });
    });
  }
  const tools = toolGroups.length > 0;
  const head = tools ? `.with_source_file("rec/tool", dst="/usr/local/bin/rec-tool").with_commands([${py(INSTALL_TOOLS)}])` : '';
  return {
    binding,
    source: `${HEAD(binding)}${head}${prefix}${calls.join('')}\n`,
    files: { ...FIXED, ...(tools ? { 'rec/tool': TOOL_RECORDER } : {}), ...files },
    slots,
    ...(tools ? { toolGroups } : {}),
    ...(Object.keys(copies).length ? { copies, copyRoots: ['/hs', '/hd'] } : {}),
  };
}

/**
 * Single-quoted shell words (packages, index URLs: each list in one RUN), run for real by the shell and
 * received by the tool recorder; and values that name a file: copy sources (to /hs/<i>) and copy
 * destinations (a numbered file copied to the value, relative to the working directory /hd).
 */
export function filesBatch(): Batch {
  const list = (vs: readonly string[]) => `[${vs.map(py).join(', ')}]`;
  return formBatch(
    'h_files',
    [
      { key: 'with_pip_packages.packages', call: () => '', list: (vs) => `.with_pip_packages(${vs.map(py).join(', ')})`, tools: 1 },
      { key: 'with_apt_packages.packages', call: () => '', list: (vs) => `.with_apt_packages(${vs.map(py).join(', ')})`, tools: 2 },
      { key: 'with_pip_packages.extra_index_urls', call: () => '', list: (vs) => `.with_pip_packages("numpy", extra_index_urls=${list(vs)})`, tools: 1 },
      { key: 'with_requirements.extra_index_urls', call: () => '', list: (vs) => `.with_requirements("r.txt", extra_index_urls=${list(vs)})`, tools: 1 },
      { key: 'with_uv_project.extra_index_urls', call: () => '', list: (vs) => `.with_uv_project("u/pyproject.toml", extra_index_urls=${list(vs)})`, tools: 1 },
      { key: 'with_source_file.src', call: (v, i) => `.with_source_file(${py(v)}, dst="/hs/${i}")`, files: named, copies: (v, i) => ({ [`/hs/${i}`]: `# file named ${v}\n` }) },
      { key: 'with_source_file.dst', call: (v, i) => `.with_source_file("to/${i}.txt", dst=${py(v)})`, files: (v, i) => ({ [`to/${i}.txt`]: `copied to ${v}\n` }), copies: (v) => ({ [`/hd/${v}`]: `copied to ${v}\n` }) },
    ],
    '.with_workdir("/hd")',
  );
}

/**
 * Values that name a folder: folder copies (to /hs/<i>), uv projects and requirements files (`--mount`
 * sources, seen by the tool recorder), and folder copy destinations (a numbered folder copied to the
 * value, relative to /hd).
 */
export function foldersBatch(): Batch {
  const inFolder = (v: string, to: string) => Object.fromEntries(Object.entries(folder(v)).map(([path, text]) => [`${to}/${path.slice(v.length + 1)}`, text]));
  return formBatch(
    'h_folders',
    [
      { key: 'with_source_folder.src', call: (v, i) => `.with_source_folder(${py(v)}, dst="/hs/${i}")`, files: folder, copies: (v, i) => inFolder(v, `/hs/${i}`) },
      { key: 'with_requirements.file', call: (v) => `.with_requirements(${py(`${v}.txt`)})`, files: (v) => ({ [`${v}.txt`]: `# requirements named ${v}\n` }), tools: 1 },
      { key: 'with_uv_project.pyproject_file', call: (v) => `.with_uv_project(${py(`${v}/pyproject.toml`)})`, files: folder, tools: 1 },
      { key: 'with_source_folder.dst', call: (v, i) => `.with_source_folder("to/${i}", dst=${py(v)})`, files: (v, i) => ({ [`to/${i}/a.py`]: `copied into ${v}\n` }), copies: (v) => ({ [`/hd/${v}/a.py`]: `copied into ${v}\n` }) },
    ],
    '.with_workdir("/hd")',
  );
}

/** The SURFACE keys of the shell-text batch, with how each call is written for a value. */
const SHELL_TEXT: ReadonlyArray<readonly [string, (v: string) => string]> = [
  ['with_pip_packages.extra_args', (v) => `.with_pip_packages("numpy", extra_args=${py(v)})`],
];

/**
 * RUN: every accepted command (shell form or exec form, as the emitter chooses), then every accepted
 * `extra_args` text, run by the /bin/sh recorder, which runs nothing.
 */
export function runBatch(): Batch {
  const runs: Slot[] = [];
  const calls: string[] = [];
  const commands = withToken(acceptedValues('with_commands.commands'));
  calls.push(`.with_commands([${commands.map(py).join(', ')}])`);
  for (const value of commands) runs.push({ key: 'with_commands.commands', value });
  for (const [key, call] of SHELL_TEXT) {
    for (const value of withToken(acceptedValues(key))) {
      calls.push(call(value));
      runs.push({ key, value });
    }
  }
  const install = 'mkdir -p /rec && chmod 755 /usr/local/bin/rec-sh && ln -sf /usr/local/bin/rec-sh /bin/sh';
  return {
    binding: 'h_run',
    source: `${HEAD('h_run')}.with_source_file("rec/sh", dst="/usr/local/bin/rec-sh").with_commands([${py(install)}])${calls.join('')}\n`,
    files: { ...FIXED, 'rec/sh': SH_RECORDER },
    slots: runs,
    runs,
  };
}

/** Every SURFACE key with the batch that builds its accepted values (checked against the surface by the test). */
export function batchedKeys(batches: readonly Batch[]): Set<string> {
  return new Set(batches.flatMap((b) => b.slots.map((s) => s.key)));
}

function dictOf(record: Readonly<Record<string, string>>): string {
  return `{${Object.entries(record)
    .map(([k, v]) => `${py(k)}: ${py(v)}`)
    .join(', ')}}`;
}
