/**
 * Every command's help text and the option tables its arguments are parsed with: one table per command,
 * from which both `parseArgs`' options and the help's option list are made, so that they cannot disagree.
 * Kept apart so that `--help` loads no compiler code.
 */

/** How `parseArgs` reads an option. */
export interface OptionParse {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string;
}

/** One option of a command: how it is parsed and how its help line reads. */
export interface OptionSpec {
  /** The long name, without `--`. */
  readonly name: string;
  readonly parse: OptionParse;
  /** The argument's placeholder, e.g. `<DIR>`. */
  readonly arg?: string;
  /** The description, as wrapped lines (none: the left column says it all). */
  readonly help: readonly string[];
  /** Shown on the line of another option (`--cache-from <ref>, --cache-to <ref>`) rather than its own. */
  readonly listedWith?: string;
}

export interface CommandHelp {
  /** The usage line and what the command does. */
  readonly intro: string;
  readonly options: readonly OptionSpec[];
  /** Notes and the exit status, after the options. */
  readonly footer?: string;
  /** The column the descriptions start at. */
  readonly column: number;
}

/** `-h, --help`: every command takes it (`main.ts` adds it to the parser). */
export const HELP_OPTION: OptionSpec = { name: 'help', parse: { type: 'boolean', short: 'h' }, help: ['show this help'] };

const string = (extra: Omit<OptionParse, 'type'> = {}): OptionParse => ({ type: 'string', ...extra });
const flag: OptionParse = { type: 'boolean' };

// ── options several commands share ──────────────────────────────────────────

const image = (help: readonly string[]): OptionSpec => ({ name: 'image', parse: string({ multiple: true }), arg: '<name=uri>', help });
const IMAGE = image(['map an Image.from_ref_name name (repeatable)']);
const ALLOW_OUTSIDE: OptionSpec = { name: 'allow-outside-project', parse: flag, help: ['let copied paths leave the project'] };
const NO_CACHE: OptionSpec = { name: 'no-cache', parse: flag, help: ['neither read nor write the file digest cache'] };
const hash = (help: readonly string[]): OptionSpec => ({ name: 'hash', parse: string({ default: 'v1' }), arg: '<v1|flyte>', help });
const format = (arg: string, help: readonly string[]): OptionSpec => ({ name: 'format', parse: string({ default: 'text' }), arg, help });
const WARNINGS_AS_ERRORS = (help: string): OptionSpec => ({ name: 'warnings-as-errors', parse: flag, help: [help] });
const platform = (help: string): OptionSpec => ({ name: 'platform', parse: string(), arg: '<p[,p]>', help: [help] });
const registry = (help: string): OptionSpec => ({ name: 'registry', parse: string(), arg: '<R>', help: [help] });
const insecureRegistry = (help: readonly string[]): OptionSpec => ({ name: 'insecure-registry', parse: string({ multiple: true }), arg: '<R>', help });

/** How flyte deploys the code bundle (it changes the tags): the same options for every command that compiles. */
const CODE_BUNDLE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'copy-style',
    parse: string(),
    arg: '<none|loaded_modules|all>',
    help: ["flyte's deploy copy style: none bakes", 'with_code_bundle layers in (flyte.deploy(env,', 'copy_style="none")); else they are dropped'],
  },
  { name: 'root-dir', parse: string(), arg: '<DIR>', help: ['flyte.init(root_dir=...) for code bundles'] },
  { name: 'entry', parse: string({ multiple: true }), arg: '<FILE.py>', help: ['an entry module whose imports a loaded_modules', 'bundle follows (repeatable)'] },
];

/** The deploy options of the commands that write images out (compile, build). */
const FLYTE_DEPLOY_OPTIONS: readonly OptionSpec[] = [
  ...CODE_BUNDLE_OPTIONS,
  { name: 'flyte-config', parse: string(), arg: '<FILE>', help: ['write the built URIs into image.image_refs of', 'this flyte config.yaml (comments kept)'] },
];

// ── the commands ────────────────────────────────────────────────────────────

const checkIntro = `Usage: flyimgc check [options] <FILE|DIR>...

Parse and check .flyimg files and everything they import, and report every
problem at once. Directories are searched recursively for *.flyimg files.
Nothing is written and nothing is built.
`;

const checkFooter = `check finds every error compile finds, given the same --image,
--allow-outside-project, --hash, --platform and code bundle options.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
`;

const compileIntro = `Usage: flyimgc compile [options] --out <DIR> <FILE|DIR>...

Check .flyimg files and write, for every image that needs a build,
<DIR>/<image>/Dockerfile and <DIR>/<image>/context/ (exactly the files the
Dockerfile copies or mounts), plus <DIR>/manifest.json (schema:
docs/manifest.schema.json) and <DIR>/docker-bake.json (for docker buildx
bake). Images that need no
build (a bare Image.from_base, an unmapped Image.from_ref_name) are reported,
not written. The output directory is replaced atomically: a failed compile
leaves the previous one as it was.
`;

const compileFooter = `Exit status: 0 compiled, 1 errors found (nothing written), 2 usage error.
`;

const explainIntro = `Usage: flyimgc explain [options] <IMAGE> <FILE|DIR>...

Show why IMAGE (a binding name) has the tag it has: every input of the hash
(base, Python version, platforms, tool and template versions, each layer),
every file of its build context with its digest, and which files the
.dockerignore rules left out (and by which pattern).
`;

const diffIntro = `Usage: flyimgc diff [options] <OLD> <NEW>
       flyimgc diff [options] --git <REF> <FILE|DIR>...

Which images change tag between two builds, and exactly which input changed
(a file, a package list, the Python version, the base...). OLD and NEW are
manifests (manifest.json / manifest.yaml) or output directories holding one.
With --git, the given files are compiled as they are at REF and as they are
in the working tree.
`;

const diffFooter = `Exit status: 0 compared (whatever changed), 1 an input could not be read or
compiled, 2 usage error.
`;

const planIntro = `Usage: flyimgc plan [options] <FILE|DIR>...

For every image flyimgc would build, in build order, ask its registry
whether the tag is there: exists, missing, partial (an index without some
requested platform) or unknown (the registry could not be asked: down,
refused, timed out). Unknown is never treated as exists.
`;

const planFooter = `Exit status: 0 every image is known to exist or to be missing, 1 errors in
the input or some registry could not be asked, 2 usage error.
`;

const buildIntro = `Usage: flyimgc build [options] <FILE|DIR>...

Compile, plan, then build what is missing, dependencies first, with docker
buildx, podman or buildah (--builder, else [build] builder in flyimg.toml,
else the first found on PATH), and push it; or hand every image to
\`docker buildx bake\` in one call (--bake). Images whose tag exists in their
registry are skipped; an image whose registry cannot be asked is built, never
skipped on a guess. The base images are asked for first: a missing one (or
one without a needed platform) stops the run before any build.
`;

const buildFooter = `Each image's builder output is kept in <DIR>/logs/<image>.log (bake:
<DIR>/logs/bake.log). See docs/building.md.
Exit status: 0 everything built or already there, 1 errors in the input, a
missing base image, a failed build or push, or a missing builder or secret,
2 usage error.
`;

const fmtIntro = `Usage: flyimgc fmt [options] <FILE|DIR>...

Rewrite .flyimg files in flyimgc's one canonical layout: 4-space indents, a
chain of two or more calls as a parenthesised block with one call per line,
calls that fit in 100 columns on one line, others with one argument per line
and a trailing comma, double quotes. Comments are kept where they are, and
the meaning of the file never changes. Files with syntax errors are left
alone and reported. Directories are searched recursively for *.flyimg files.
`;

const fmtFooter = `Exit status: 0 all files formatted (or already were), 1 a file has syntax
errors or, with --check, would change, 2 usage error.
`;

const lspIntro = `Usage: flyimgc lsp

Run the flyimgc language server over stdin and stdout (the Language Server
Protocol). Editors start it themselves; the VS Code extension in
editors/vscode does. It checks open .flyimg files as you type (the same
diagnostics as 'flyimgc check'), and offers quick fixes, hover (signatures,
parameters, an image's tag and Dockerfile, and whether the tag exists in
its registry once asked with the flyimg/checkRegistry request), completion,
go to definition, find references, document symbols and formatting
('flyimgc fmt'). A malformed message is logged on stderr and skipped.
`;

const lspFooter = `Exit status: 0 after the client's shutdown and exit, 1 if the client went
away without them.
`;


export const COMMAND_HELP = {
  check: {
    intro: checkIntro,
    options: [
      format('<text|json|sarif|github>', [
        'how to print diagnostics (default: text, on',
        'stderr; the others go to stdout): json; sarif, a',
        'SARIF 2.1.0 log for code-scanning upload; github,',
        'GitHub Actions workflow commands',
        '(::error file=...,line=...::)',
      ]),
      WARNINGS_AS_ERRORS('report warnings as errors (and exit 1 on them)'),
      image(['map an Image.from_ref_name name to an image, as', 'compile does (repeatable)']),
      ALLOW_OUTSIDE,
      hash(['the tag scheme compile will use: flyte refuses', "images whose flyte-sdk tag cannot be computed"]),
      platform("check these platforms instead of the files' own"),
      ...CODE_BUNDLE_OPTIONS,
    ],
    footer: checkFooter,
    column: 29,
  },
  compile: {
    intro: compileIntro,
    options: [
      { name: 'out', parse: string({ short: 'o' }), arg: '<DIR>', help: ['output directory (required unless --dump-ir)'] },
      image(['map an Image.from_ref_name name to an image;', "repeatable; an entry without '=' maps \"default\""]),
      ALLOW_OUTSIDE,
      hash(["tag scheme: flyimgc's own (v1, default), or", "flyte-sdk's md5 tags, bug for bug, to find images", 'Python users already built']),
      platform("compile for these platforms, not the files' own"),
      registry('push every image to R instead (same tags)'),
      ...FLYTE_DEPLOY_OPTIONS,
      { name: 'manifest-format', parse: string({ default: 'json' }), arg: '<json|yaml>', help: ['write manifest.json (default) or manifest.yaml'] },
      { name: 'dump-ir', parse: flag, help: ['print the layer IR of every image on stdout'] },
      { ...NO_CACHE, help: [...NO_CACHE.help, '($FLYIMGC_CACHE_DIR, else ~/.cache/flyimgc)'] },
      format('<text|json|sarif|github>', ['how to print diagnostics and the summary (sarif', "and github: as for 'flyimgc check')"]),
      WARNINGS_AS_ERRORS('a warning fails the compile like an error'),
    ],
    footer: compileFooter,
    column: 29,
  },
  explain: {
    intro: explainIntro,
    options: [
      IMAGE,
      ALLOW_OUTSIDE,
      NO_CACHE,
      hash(["explain flyimgc's tag (default) or flyte-sdk's"]),
      platform("explain the tag for these platforms instead"),
      registry('explain the image as pushed to R instead'),
      ...CODE_BUNDLE_OPTIONS,
      format('<text|json>', ['output format']),
    ],
    column: 29,
  },
  diff: {
    intro: diffIntro,
    options: [
      { name: 'git', parse: string(), arg: '<REF>', help: ['compare the working tree against a git revision'] },
      IMAGE,
      ALLOW_OUTSIDE,
      NO_CACHE,
      hash(['tag scheme (with --git)']),
      platform('compile for these platforms instead (with --git)'),
      registry('compile for registry R instead (with --git)'),
      ...CODE_BUNDLE_OPTIONS,
      format('<text|json|markdown>', ['markdown is ready for a pull-request comment']),
    ],
    footer: diffFooter,
    column: 29,
  },
  plan: {
    intro: planIntro,
    options: [
      IMAGE,
      platform("check these platforms instead of the files' own"),
      registry('check (and later push) every image in R instead'),
      insecureRegistry(['reach R over plain HTTP (repeatable; also', '[build] insecure_registries in flyimg.toml)']),
      ALLOW_OUTSIDE,
      NO_CACHE,
      hash(['tag scheme: v1 (default) or flyte']),
      ...CODE_BUNDLE_OPTIONS,
      format('<text|json>', ['output format']),
    ],
    footer: planFooter,
    column: 29,
  },
  build: {
    intro: buildIntro,
    options: [
      { name: 'out', parse: string({ short: 'o', default: '.flyimgc/build' }), arg: '<DIR>', help: ['where the Dockerfiles and contexts go', '(default: .flyimgc/build)'] },
      { name: 'builder', parse: string(), arg: '<docker|podman|buildah|bake>', help: [] },
      { name: 'bake', parse: flag, help: ['same as --builder bake: BuildKit schedules', 'every image (docker buildx bake)'] },
      { name: 'buildx-builder', parse: string(), arg: '<NAME>', help: ['the buildx builder instance (docker, bake);', 'default: the current one'] },
      { name: 'only', parse: string({ multiple: true }), arg: '<IMAGE[,IMAGE]>', help: ['build only these images and the images they are', 'built after (repeatable)'] },
      { name: 'push', parse: flag, help: ['push each built image (the default)'] },
      { name: 'no-push', parse: flag, help: ['build only'] },
      { name: 'load', parse: flag, help: ['load into the local image store (docker)'] },
      platform("build these platforms instead of the files' own"),
      registry('push every image to R instead of its own'),
      ...FLYTE_DEPLOY_OPTIONS,
      insecureRegistry(['reach R over plain HTTP (repeatable)']),
      {
        name: 'secret',
        parse: string({ multiple: true }),
        arg: '<ID=env:VAR|ID=file:PATH>',
        help: ['where a build secret comes from (default: the', 'environment variable named like the secret id)'],
      },
      { name: 'cache-from', parse: string({ multiple: true }), arg: '<ref>', help: ['passed to the builder (repeatable)'] },
      { name: 'cache-to', parse: string({ multiple: true }), arg: '<ref>', help: [], listedWith: 'cache-from' },
      { name: 'builder-arg', parse: string({ multiple: true }), arg: '<arg>', help: ['an extra argument for the build (or bake)', 'command (repeatable)'] },
      { name: 'jobs', parse: string({ short: 'j', default: '1' }), arg: '<N>', help: ['build up to N images at once (default 1)'] },
      { name: 'force', parse: flag, help: ['build every image, even those that exist'] },
      { name: 'dry-run', parse: flag, help: ['print the exact commands, run nothing'] },
      IMAGE,
      ALLOW_OUTSIDE,
      NO_CACHE,
      hash(['tag scheme: v1 (default) or flyte']),
      format('<text|json>', ['output format of the summary (json: the build', 'result, also written to <DIR>/build-result.json)']),
    ],
    footer: buildFooter,
    column: 29,
  },
  fmt: {
    intro: fmtIntro,
    options: [{ name: 'check', parse: flag, help: ['change nothing; list the files that would change and exit 1 if', 'there are any (for CI)'] }],
    footer: fmtFooter,
    column: 14,
  },
  lsp: {
    intro: lspIntro,
    // Language clients often add `--stdio`; stdio is the only transport, so it is accepted and ignored.
    options: [{ name: 'stdio', parse: flag, help: ['talk over stdin and stdout (the only transport;', 'accepted because clients pass it)'] }],
    footer: lspFooter,
    column: 14,
  },
} as const satisfies Readonly<Record<string, CommandHelp>>;

export type CommandName = keyof typeof COMMAND_HELP;

/** The options `parseArgs` reads for a command (`--help` included). */
export function parseOptions(command: CommandName): Record<string, OptionParse> {
  return Object.fromEntries([...COMMAND_HELP[command].options, HELP_OPTION].map((o) => [o.name, o.parse]));
}

/** A command's help: its intro, every option it parses (one line each, or with another), and its footer. */
export function helpText(command: CommandName): string {
  const spec: CommandHelp = COMMAND_HELP[command];
  const options = [...spec.options, HELP_OPTION];
  const left = (o: OptionSpec) => `${o.parse.short ? `-${o.parse.short}, ` : ''}--${o.name}${o.arg ? ` ${o.arg}` : ''}`;
  const lines: string[] = [];
  for (const option of options) {
    if (option.listedWith !== undefined) continue;
    const shown = ['  ' + [option, ...options.filter((o) => o.listedWith === option.name)].map(left).join(', ')];
    const indent = ' '.repeat(spec.column);
    const [first, ...rest] = option.help;
    if (first === undefined) lines.push(shown[0]!);
    else if (shown[0]!.length < spec.column - 1) lines.push(shown[0]!.padEnd(spec.column) + first, ...rest.map((l) => indent + l));
    else lines.push(shown[0]!, ...option.help.map((l) => indent + l));
  }
  return `${spec.intro}\nOptions:\n${lines.map((l) => `${l}\n`).join('')}${spec.footer ? `\n${spec.footer}` : ''}`;
}
