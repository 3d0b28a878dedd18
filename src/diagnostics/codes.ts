/**
 * THE diagnostics catalog: every code flyimgc can report, and the only place messages are built.
 * Codes are grouped by phase (0xxx lexical, 1xxx syntax, 2xxx names, 3xxx arguments and values,
 * 4xxx image rules, 5xxx files and lowering, 6xxx hash and emit, 9xxx command line and IO).
 * A code is never renumbered or reused. `docs/diagnostics.md` is generated from this table
 * (`npm run gen:docs`) and a test keeps the two equal.
 */
import { didYouMean, suggestionsOf } from '../util/didYouMean.js';
import type { Diagnostic, Fix, Label, Severity, Span } from './diagnostic.js';

export interface CatalogEntry {
  readonly name: string;
  readonly severity: Severity;
  /** One line for the docs index. */
  readonly title: string;
  /** Why this is reported and how to fix it, for the docs. */
  readonly explanation: string;
  /** A small input that triggers it (shown in the docs). */
  readonly example?: string;
}

/** flyte-sdk's own errors (`Image.clone`), quoted in notes: its extendability check runs before its Dockerfile check. */
const FLYTE_NOT_EXTENDABLE_ERROR = 'Cannot add additional layers to a non-extendable image. Please create the image with extendable=True in the clone() call.';
const FLYTE_DOCKERFILE_LAYER_ERROR = 'Flyte current cannot add additional layers to a Dockerfile-based Image. Please amend the dockerfile directly.';

export const CATALOG = {
  // ── 0xxx lexical ────────────────────────────────────────────────────────────
  FLY0001: {
    name: 'not-utf8-text',
    severity: 'error',
    title: 'the file is not UTF-8 text',
    explanation:
      'A `.flyimg` file must be UTF-8 text. The file holds a NUL byte or a byte sequence that is not valid UTF-8, which usually means a binary file was given by mistake. The position of the first bad byte is reported.',
  },
  FLY0002: {
    name: 'unterminated-string',
    severity: 'error',
    title: 'a string is not closed',
    explanation:
      'A string literal starts but its closing quote is missing before the end of the line (or, for a triple-quoted string, before the end of the file). Add the closing quote; to put a quote inside a string, escape it (`\\"`) or use the other kind of quote.',
    example: 'app = Image.from_base("python:3.12-slim)',
  },
  FLY0003: {
    name: 'unexpected-character',
    severity: 'error',
    title: 'a character that cannot start any token',
    explanation:
      'The character is not part of the `.flyimg` language outside a string or a comment (for example `@`, `;`, `$`, a backslash that does not end a line, or a non-ASCII letter in a name). Remove it, or put it inside a string.',
    example: 'app = Image.from_base("python:3.12-slim") ;',
  },
  FLY0004: {
    name: 'invalid-escape',
    severity: 'warning',
    title: 'an unknown escape sequence in a string',
    explanation:
      'Like Python, flyimgc keeps the backslash of an unknown escape such as `\\d` in the string, but it is probably a mistake. Write `\\\\` for a literal backslash, or use a raw string `r"..."`.',
    example: 'app = base.with_commands(["grep \\d file"])',
  },
  FLY0005: {
    name: 'unsupported-string-prefix',
    severity: 'error',
    title: 'f-strings and byte strings are not supported',
    explanation:
      'A `.flyimg` file is data, not a program: `f"..."` strings cannot be evaluated and `b"..."` bytes have no meaning here. Write the final text as a plain string. Raw strings (`r"..."`) are supported.',
    example: 'app = base.with_pip_packages(f"flyte=={version}")',
  },
  FLY0006: {
    name: 'file-too-large',
    severity: 'error',
    title: 'the file is larger than flyimgc accepts',
    explanation: 'Source files are limited to 8 MiB. Split the definitions over several files and `import` them.',
  },
  // ── 1xxx syntax ─────────────────────────────────────────────────────────────
  FLY1001: {
    name: 'unexpected-token',
    severity: 'error',
    title: 'the parser found something it did not expect',
    explanation:
      'The statement does not follow the grammar in `docs/language.md`. The message says what was expected at that point. Each statement is parsed on its own, so mistakes further down are still reported.',
    example: 'app = Image.from_base("python:3.12-slim").',
  },
  FLY1002: {
    name: 'unclosed-bracket',
    severity: 'error',
    title: 'a bracket is opened but never closed',
    explanation:
      'An opening `(`, `[` or `{` has no matching closing bracket before the statement ends. A line that starts at column 1 with `name =` or `import` always starts a new statement, so an unclosed bracket never swallows the rest of the file; indent the arguments of multi-line calls.',
    example: 'app = Image.from_base("python:3.12-slim"\nother = app',
  },
  FLY1003: {
    name: 'unmatched-closing-bracket',
    severity: 'error',
    title: 'a closing bracket has no opening bracket',
    explanation: 'A `)`, `]` or `}` appears where no bracket of that kind is open. Remove it or add the opening bracket.',
    example: 'app = Image.from_base("python:3.12-slim"))',
  },
  FLY1004: {
    name: 'nesting-too-deep',
    severity: 'error',
    title: 'an expression is nested or chained too deeply',
    explanation:
      'flyimgc refuses brackets nested more than 64 levels deep and method chains longer than 2,000 calls, so that no input can exhaust the compiler. Split the expression into several bindings.',
  },
  FLY1005: {
    name: 'expected-binding',
    severity: 'error',
    title: 'a statement that is not a binding or an import',
    explanation:
      'At the top level a `.flyimg` file holds only `name = expression` bindings and `import "file.flyimg"` statements. An expression on its own would build an image nobody can refer to: give it a name.',
    example: 'Image.from_base("python:3.12-slim")',
  },
  FLY1006: {
    name: 'positional-after-keyword',
    severity: 'error',
    title: 'a positional argument follows a keyword argument',
    explanation: 'As in Python, positional arguments must come before keyword arguments in a call.',
    example: 'app = Image.from_debian_base(name="app", (3, 12))',
  },
  FLY1007: {
    name: 'unsupported-syntax',
    severity: 'error',
    title: 'Python syntax that `.flyimg` does not have',
    explanation:
      'The construct is valid Python but a `.flyimg` file is declarative data: there are no statements other than bindings and imports, no operators other than the `/` path join, and no loops, comprehensions, lambdas or `*args` unpacking. Write the value out.',
    example: 'app = Image.from_debian_base(name="app").with_pip_packages(*packages)',
  },
  FLY1008: {
    name: 'python-import',
    severity: 'warning',
    title: 'a Python import of a module other than flyte or pathlib, which is ignored',
    explanation:
      'Pasted Python imports of `flyte` and `pathlib` (`import flyte`, `from flyte import Image, Secret`, `from pathlib import Path`) are understood and need no change. An import of any other module (`from workflow_code.envs import env_train`, `import os`) cannot be followed: a `.flyimg` file uses the bindings of another `.flyimg` file with `import "path/to/envs.flyimg"` (a path relative to this file). The line is ignored; replace or delete it.',
    example: 'from workflow_code.envs import env_train',
  },
  FLY1040: {
    name: 'python-code',
    severity: 'error',
    title: 'Python code that is not an image definition',
    explanation:
      'A `.flyimg` file states images; it does not run code. Functions, decorators (`@env.task`), classes, `if`/`for`/`while`/`with`/`try` blocks, `return`, `await`, `lambda`, and calls that act (`print(...)`, `run.wait()`, `flyte.init_from_config(...)`, `flyte.deploy(...)`) are Python code that flyimgc cannot evaluate. Keep the image definitions (the `name = flyte.Image...` and `name = flyte.TaskEnvironment(...)` bindings, the values they use, and the imports) and delete the rest. The diagnostic is reported once per file, at the first such construct, and names the others; a block whose body lost its indentation (as code copied from a web page does) is taken to run to the end of the file, so that its lines are not reported one by one.',
    example: '@env.task\ndef train(x: int) -> int:\n    return x',
  },
  // ── 2xxx names ──────────────────────────────────────────────────────────────
  FLY2001: {
    name: 'unknown-name',
    severity: 'error',
    title: 'a name that is not defined',
    explanation:
      'The name is neither a builtin (`Image`, `Secret`, `Path`), nor a binding defined earlier in this file, nor a binding of an imported file. Check the spelling, define it before it is used, or `import` the file that defines it.',
    example: 'app = bsae.with_pip_packages("requests")',
  },
  FLY2002: {
    name: 'duplicate-binding',
    severity: 'error',
    title: 'a name is bound twice',
    explanation:
      'Every binding names one image, and the name is how the image is found in the outputs, so a name may be bound only once per file, and not also imported. Rename one of them.',
    example: 'app = Image.from_base("a")\napp = Image.from_base("b")',
  },
  FLY2003: {
    name: 'used-before-definition',
    severity: 'error',
    title: 'a binding is used before it is defined',
    explanation:
      'A binding can refer only to bindings defined above it (and to imported ones), which keeps every file readable top to bottom and rules out cycles. Move the definition up.',
    example: 'app = base.with_pip_packages("x")\nbase = Image.from_debian_base(name="base")',
  },
  FLY2004: {
    name: 'import-not-found',
    severity: 'error',
    title: 'an imported file does not exist',
    explanation: 'The path of an `import` is resolved relative to the importing file. The file it names does not exist or cannot be read.',
    example: 'import "common/base.flyimg"',
  },
  FLY2005: {
    name: 'import-cycle',
    severity: 'error',
    title: 'files import each other in a cycle',
    explanation: 'Imports must form a tree. Move the shared bindings into a file that both import.',
  },
  FLY2006: {
    name: 'import-conflict',
    severity: 'error',
    title: 'two imports define the same name',
    explanation: 'Two imported files both define a binding with this name, so a reference to it would be ambiguous. Rename one of the bindings.',
  },
  FLY2007: {
    name: 'empty-file',
    severity: 'warning',
    title: 'the file defines nothing',
    explanation: 'The file has no bindings and no imports. It may be a file saved empty by mistake.',
  },
  FLY2008: {
    name: 'invalid-import',
    severity: 'error',
    title: 'an import that is not a relative `.flyimg` path',
    explanation:
      'An import names another `.flyimg` file by a relative path written as a string literal, for example `import "common/base.flyimg"`. Absolute paths are refused so that a project builds the same on every machine.',
    example: 'import "/home/me/base.flyimg"',
  },
  // ── 3xxx arguments and values ───────────────────────────────────────────────
  FLY3001: {
    name: 'unknown-method',
    severity: 'error',
    title: 'an image has no method of this name',
    explanation:
      'The method is not part of flyte-sdk\'s `Image` API. The message suggests the closest method; `docs/language.md` lists them all.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_package("requests")',
  },
  FLY3002: {
    name: 'unknown-constructor',
    severity: 'error',
    title: '`Image` has no constructor of this name',
    explanation: 'Images start from `Image.from_debian_base`, `from_base`, `from_dockerfile`, `from_uv_script`, `from_pixi_script` or `from_ref_name`.',
    example: 'app = Image.from_debain_base(name="app")',
  },
  FLY3003: {
    name: 'unknown-keyword',
    severity: 'error',
    title: 'a keyword argument the call does not take',
    explanation: 'The keyword is not a parameter of this constructor or method (flyte-sdk would raise a TypeError). The message suggests the closest parameter.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_packages("x", extra_index_url="https://example.com/simple")',
  },
  FLY3004: {
    name: 'missing-argument',
    severity: 'error',
    title: 'a required argument is missing',
    explanation: 'The call needs this argument; the message shows the signature.',
    example: 'app = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme")',
  },
  FLY3005: {
    name: 'too-many-arguments',
    severity: 'error',
    title: 'more positional arguments than the call takes',
    explanation: 'Pass the extra values by keyword, or remove them. Some parameters are keyword-only, as in flyte-sdk.',
    example: 'app = Image.from_base("python:3.12-slim", "extra")',
  },
  FLY3006: {
    name: 'duplicate-argument',
    severity: 'error',
    title: 'an argument is given twice',
    explanation: 'The parameter got a value by position and by keyword, or the same keyword twice.',
    example: 'app = Image.from_base("python:3.12-slim", image_uri="python:3.11-slim")',
  },
  FLY3007: {
    name: 'wrong-type',
    severity: 'error',
    title: 'an argument of the wrong type',
    explanation: 'The value does not have the type the parameter takes; the message says what it takes, for example a tuple like `(3, 12)` for `python_version`.',
    example: 'app = Image.from_debian_base(python_version=3.12, name="app")',
  },
  FLY3008: {
    name: 'invalid-choice',
    severity: 'error',
    title: 'a value that is not one of the allowed choices',
    explanation: 'The parameter takes one of a few fixed strings, listed in the message.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_code_bundle(copy_style="everything")',
  },
  FLY3009: {
    name: 'not-callable',
    severity: 'error',
    title: 'a value used in a way it does not support',
    explanation: 'Only `Image.<constructor>(...)`, `<image>.<method>(...)`, `Secret(...)` and `Path(...)` can be called, and only images and `Image` have attributes.',
    example: 'x = "python:3.12".with_pip_packages("a")',
  },
  FLY3010: {
    name: 'list-instead-of-arguments',
    severity: 'error',
    title: 'a list passed where items go as separate arguments',
    explanation: 'Like flyte-sdk, `with_apt_packages` and `with_pip_packages` take each package as its own argument: `with_apt_packages("vim", "git")`, not `with_apt_packages(["vim", "git"])`.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_apt_packages(["vim", "git"])',
  },
  FLY3011: {
    name: 'requirements-not-txt',
    severity: 'error',
    title: 'a requirements file that does not end in `.txt`',
    explanation: 'flyte-sdk accepts only `.txt` requirements files. For a `pyproject.toml`, use `with_uv_project` or `with_poetry_project`.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_requirements("pyproject.toml")',
  },
  FLY3012: {
    name: 'invalid-secret',
    severity: 'error',
    title: 'a secret that flyte cannot mount',
    explanation: 'A `Secret` needs a non-empty `key`; its `mount` can only be `/etc/flyte/secrets`, and its `as_env_var` must be an upper-case environment variable name.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_apt_packages("git", secret_mounts=[Secret(key="k", mount="/etc/apt/secret")])',
  },
  FLY3013: {
    name: 'invalid-env-name',
    severity: 'error',
    title: 'an environment variable name that is not valid',
    explanation: 'Environment variable names are letters, digits and `_`, not starting with a digit.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_env_vars({"MY-VAR": "1"})',
  },
  FLY3014: {
    name: 'invalid-platform',
    severity: 'error',
    title: 'a platform that is not `os/arch[/variant]`',
    explanation: 'Platforms are written like `linux/amd64` or `linux/arm64`; the message suggests a close one.',
    example: 'app = Image.from_debian_base(name="app", platform="linux/x86_64")',
  },
  FLY3015: {
    name: 'invalid-python-version',
    severity: 'error',
    title: 'a Python version that is not `(3, minor)`',
    explanation: 'Write the version as a tuple of two integers, like `(3, 12)`, or a string like `"3.12"`. Python 3.8 to 3.14 are accepted.',
    example: 'app = Image.from_debian_base(python_version=(2, 7), name="app")',
  },
  FLY3016: {
    name: 'invalid-image-reference',
    severity: 'error',
    title: 'a registry, name or image reference that is not a valid OCI reference',
    explanation: 'Registries look like `ghcr.io/acme` or `localhost:5000/team`; names are lower-case path components like `ml/train` (no tag: flyimgc computes it); base images are full references like `python:3.12-slim` or `ghcr.io/acme/base@sha256:...`. The same grammar (distribution\'s reference grammar, as docker reads it) applies to every reference from every source: `[images]`, `[tools]`, `[mirrors]` and `[build] registry` in flyimg.toml (reported at the value) and `--image` / `--registry` on the command line. A reference is one word: a line break, white space or control character in it is refused, because it would end or extend the `FROM` or `COPY --from` line it is written into.',
    example: 'app = Image.from_debian_base(name="App:v1", registry="ghcr.io/acme")',
  },
  FLY3017: {
    name: 'invalid-requirement',
    severity: 'error',
    title: 'a pip requirement that pip and uv would refuse',
    explanation: 'Each package must be a PEP 508 requirement (`numpy==2.0.0`, `pandas[excel]>=2; python_version>"3.9"`, `pkg @ https://...`) or a URL. Installer options go in `index_url=`, `extra_index_urls=`, `pre=` or `extra_args=`.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_packages("numpy=>2.0")',
  },
  FLY3018: {
    name: 'invalid-apt-package',
    severity: 'error',
    title: 'a Debian package name that is not valid',
    explanation: 'Debian package names are lower-case letters, digits and `+ - .`, at least two characters, optionally with `=version`, `:arch` or `/release`.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_apt_packages("curl git")',
  },
  FLY3019: {
    name: 'line-break-in-value',
    severity: 'error',
    title: 'a value with a line break where a Dockerfile cannot hold one',
    explanation: 'Environment values, paths, package names and similar values end up on one Dockerfile line, so they cannot contain line breaks or NUL. (Commands can: they are emitted in exec form.)',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_env_vars({"A": "one\\ntwo"})',
  },
  FLY3020: {
    name: 'secret-outside-secret-mounts',
    severity: 'error',
    title: 'a `Secret` used where its value would be stored in the image',
    explanation: 'Secrets are passed only through `secret_mounts=` (or `registry_secret=`), so their values are never written into a layer, an environment variable or a command. Mount the secret and read it in the command, e.g. `with_commands(["use $TOKEN"], secret_mounts=[Secret(key="token", as_env_var="TOKEN")])`.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_env_vars({"TOKEN": Secret(key="token")})',
  },
  FLY3021: {
    name: 'unsupported-method',
    severity: 'error',
    title: 'a flyte-sdk method that only makes sense inside flyte\'s own repository',
    explanation: '`with_local_v2`, `with_local_rs_controller` and `with_local_v2_plugins` install wheels from a checkout of flyte-sdk itself. Use `with_pip_packages` with a pinned version instead.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_local_v2()',
  },
  FLY3022: {
    name: 'no-packages',
    severity: 'error',
    title: 'a package layer with no packages',
    explanation: 'flyte-sdk accepts `with_pip_packages()` with nothing to install and then fails at build time. Name at least one package, or remove the call.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_packages()',
  },
  FLY3023: {
    name: 'invalid-path',
    severity: 'error',
    title: 'an empty path or destination, or one with characters a Dockerfile cannot hold',
    explanation: 'Paths and destinations must be non-empty and free of line breaks and NUL.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_workdir("")',
  },
  FLY3080: {
    name: 'invalid-extra-args',
    severity: 'error',
    title: '`extra_args` that the shell cannot split into words',
    explanation: 'flyte-sdk passes `extra_args` to the shell as written, so it must be a complete shell word list: every quote closed, and no backslash at the very end.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_packages("numpy", extra_args="--config-settings \'a=b")',
  },
  FLY3060: {
    name: 'copy-style-none-in-code-bundle',
    severity: 'error',
    title: '`copy_style="none"` given to `with_code_bundle`',
    explanation:
      '`none` is the copy style of a deploy (`flyte.deploy(env, copy_style="none")`), not of the layer: it says "bake the code bundle into the image". Keep `with_code_bundle()` (or `copy_style="all"`) in the file and compile with `--copy-style none` (or `[flyte] copy_style = "none"` in flyimg.toml).',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_code_bundle(copy_style="none")',
  },
  FLY3070: {
    name: 'unemittable-value',
    severity: 'error',
    title: 'a value that a Dockerfile would read differently than written',
    explanation:
      'Some characters mean something to the builder in the place a value is written, so the built image would not be what the file says: `<<` in `extra_args` opens a heredoc for BuildKit; a trailing backslash (even followed by spaces) continues the line into the next instruction; `$`, `\\`, quotes and the glob characters `* ? [` in a COPY or `--mount` path are expanded or matched by the builder (and `,` splits buildah\'s `--mount` options); `${VAR:-x}`-style forms are expanded differently by BuildKit and buildah (write `$VAR` or `${VAR}`); a working directory starting with `-` is read as a flag. flyimgc refuses these instead of emitting an image that differs from the file; docs/security.md says why.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_pip_packages("numpy", extra_args="--no-deps <<EOF")',
  },
  // ── 4xxx image rules ───────────────────────────────────────────────────────
  FLY4001: {
    name: 'layer-on-non-extendable-image',
    severity: 'error',
    title: 'a layer added to an image that is not extendable',
    explanation: '`Image.from_base` and `Image.from_ref_name` images are used as they are. To add layers, clone them first: `.clone(name="...", registry="...", extendable=True)`. flyte-sdk fails at run time with "Cannot add additional layers to a non-extendable image".',
    example: 'app = Image.from_base("python:3.12-slim").with_pip_packages("requests")',
  },
  FLY4002: {
    name: 'layer-on-dockerfile-image',
    severity: 'error',
    title: 'a layer added to an image built from a Dockerfile',
    explanation: 'An `Image.from_dockerfile` image is built from your Dockerfile as is and can never get layers, even after `clone(extendable=True)`. Add the step to the Dockerfile, or start from `Image.from_base(...)` and let flyimgc generate the Dockerfile.',
    example: 'custom = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="custom")\napp = custom.with_pip_packages("requests")',
  },
  FLY4003: {
    name: 'layer-needs-name',
    severity: 'error',
    title: 'a layer added to an image without a name',
    explanation: 'An image that flyimgc builds needs a name (its repository). Give it one with `clone(name="...")` or the constructor\'s `name=`.',
    example: 'app = Image.from_base("python:3.12-slim").clone(extendable=True).with_pip_packages("requests")',
  },
  FLY4004: {
    name: 'cloned-without-name',
    severity: 'error',
    title: 'an image that must be built has no name',
    explanation: '`clone(...)` makes an image that flyimgc builds, and a built image needs a name: add `name="..."` to the `clone`.',
    example: 'app = Image.from_base("python:3.12-slim").clone(registry="ghcr.io/acme")',
  },
  FLY4005: {
    name: 'unresolved-ref-name',
    severity: 'error',
    title: 'an image reference name with no image to build from',
    explanation: 'An extended `Image.from_ref_name("x")` image is built on top of the image the name refers to, so the name must be mapped: `--image x=<registry>/<repo>:<tag>` on the command line. (A bare `from_ref_name` is not built; it is only reported.)',
  },
  FLY4006: {
    name: 'unpinned-base',
    severity: 'warning',
    title: 'a base image without a pinned tag',
    explanation: 'A base image with no tag or the `latest` tag can change under you, and flyimgc\'s tag cannot see the change, so an old build may be reused for a different base. Pin a version tag or a digest.',
    example: 'app = Image.from_base("python").clone(name="app", extendable=True).with_pip_packages("requests")',
  },
  FLY4007: {
    name: 'copy-destination-conflict',
    severity: 'error',
    title: 'two copies land on the same destination',
    explanation: 'Two source files or folders are copied to the same place in the image, so one would silently overwrite the other. Give one of them another `dst`.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_source_file(["a/config.yaml", "b/config.yaml"])',
  },
  FLY4050: {
    name: 'copy-destination-file-and-directory',
    severity: 'error',
    title: 'a copied file lands where another copy needs a directory',
    explanation:
      '`with_source_file(src, dst="/app/config.yaml")` makes the file `/app/config.yaml`, as `COPY src dst` does (a `dst` ending in `/` is a directory the file goes into). When another copy then puts a file *under* that path, the path would have to be a file and a directory at once, and the build fails. End the `dst` with `/` if it is meant as a directory.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_source_file("a.yaml", dst="/app/conf").with_source_file("b.yaml", dst="/app/conf/")',
  },
  FLY4008: {
    name: 'pixi-platform',
    severity: 'error',
    title: 'a platform pixi cannot build for',
    explanation: 'pixi environments can be built for `linux/amd64` and `linux/arm64` only.',
  },
  FLY4020: {
    name: 'empty-platforms',
    severity: 'error',
    title: 'an empty list of platforms',
    explanation:
      'An image is built for at least one platform. `platform=()` names none: there would be nothing to build, and no registry answer could say whether the image exists for it. Leave `platform` out for the default (`linux/amd64`), or name the platforms.',
  },
  FLY4009: {
    name: 'ignored-argument',
    severity: 'warning',
    title: 'an argument that has no effect',
    explanation: 'flyte-sdk accepts the argument but ignores it here, for example `registry_secret=` on `from_debian_base` without `registry` or `name`. Remove it or add what it needs.',
  },
  FLY4060: {
    name: 'image-without-registry',
    severity: 'warning',
    title: 'a built image with no registry',
    explanation:
      'An image reference without a registry means Docker Hub: pushing `name:tag` goes to `docker.io/library/<name>`, which is almost never what a team means (and flyte-sdk refuses to push it). Give the image a `registry=`, set `[build] registry` in flyimg.toml, or pass `--registry`.',
  },
  FLY4061: {
    name: 'clone-without-python-version',
    severity: 'warning',
    title: '`from_base(...).clone(...)` without `python_version`',
    explanation:
      "The generated Dockerfile makes the virtualenv with the image's Python version (`uv venv --python=3.12`). flyimgc cannot see which Python a `from_base` or `from_ref_name` image has (only an official `python:X.Y` tag tells, and then only a different version is reported), so without `python_version=` the project default is assumed, and the build fails or installs a second interpreter when the base has another one. Give `clone(..., python_version=(3, 11))` the base's version.",
    example: 'app = Image.from_base("python:3.11-slim").clone(name="app", registry="ghcr.io/acme", extendable=True).with_pip_packages("requests")',
  },
  FLY4062: {
    name: 'flyte-installed-outside-path',
    severity: 'warning',
    title: 'flyte is installed by another environment\'s pip, but `/opt/venv/bin` comes first on PATH',
    explanation:
      "The generated preamble creates `/opt/venv` (when the base has no `/opt/venv/bin/python`) and puts `/opt/venv/bin` first on PATH. A command such as `/opt/conda/bin/pip install flyte` installs flyte into another environment, so `python` in the built image is the virtualenv's and cannot import flyte. Put that environment's `bin` first again: `.with_env_vars({\"PATH\": \"/opt/conda/bin:$PATH\"})`, or install with `uv pip install flyte` (into the virtualenv).",
    example:
      'base = Image.from_base("continuumio/miniconda3:24.9.2-0").clone(name="app", registry="ghcr.io/acme", python_version=(3, 12), extendable=True)\napp = base.with_commands(["/opt/conda/bin/pip install flyte"])',
  },
  // ── 5xxx files ──────────────────────────────────────────────────────────────
  FLY5001: {
    name: 'file-not-found',
    severity: 'error',
    title: 'a file or directory the image needs does not exist',
    explanation: 'Paths are resolved relative to the `.flyimg` file they are written in. flyte-sdk would fail at build time; flyimgc fails before any build.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_requirements("requirements.txt")',
  },
  FLY5002: {
    name: 'wrong-file-kind',
    severity: 'error',
    title: 'a directory where a file is needed, or the other way round',
    explanation: 'The path exists but is the wrong kind: for example `with_source_folder` needs a directory and `with_requirements` a file.',
  },
  FLY5003: {
    name: 'path-outside-project',
    severity: 'error',
    title: 'a path that leaves the project',
    explanation: 'Files copied into an image must be inside the project (the nearest directory up from the `.flyimg` file that holds a `flyimg.toml`, or else the `.flyimg` file\'s directory), so the build is the same on every machine. Absolute paths, `..` that climbs out, and symbolic links that point out are refused; `--allow-outside-project` lets them through.',
    example: 'base = Image.from_debian_base(python_version=(3, 12), name="base")\napp = base.with_source_file("/etc/hosts")',
  },
  FLY5004: {
    name: 'missing-lockfile',
    severity: 'error',
    title: 'a project without the lock file it needs',
    explanation: 'Poetry projects need `poetry.lock` and pixi projects `pixi.lock` beside their manifest (or passed explicitly); a lock file given explicitly must exist. Run `poetry lock` / `pixi lock`.',
  },
  FLY5005: {
    name: 'invalid-script-metadata',
    severity: 'error',
    title: 'a uv script whose PEP 723 header is missing or invalid',
    explanation: 'A uv script must start with a `# /// script` ... `# ///` block holding TOML with `dependencies = [...]` (PEP 723). The error points into the script.',
  },
  FLY5006: {
    name: 'wrong-file-type',
    severity: 'error',
    title: 'a file of the wrong type',
    explanation: 'Scripts must be `.py` files, and project manifests must be named `pyproject.toml` (or `pixi.toml` for pixi).',
  },
  FLY5007: {
    name: 'unusable-context-file',
    severity: 'warning',
    title: 'a file in a copied folder that cannot be copied',
    explanation: 'A copied folder holds something that is not a regular file or directory (a socket, a device, a broken link) or that cannot be read; it is left out of the build context.',
  },
  FLY5081: {
    name: 'file-unreadable',
    severity: 'error',
    title: 'a file or directory the image needs exists but cannot be read',
    explanation: 'The path is there, but flyimgc may not look at it (permission denied on it or on a directory above it). The builder could not read it either: fix the permissions.',
  },
  FLY5080: {
    name: 'invalid-dockerignore-pattern',
    severity: 'error',
    title: 'a `.dockerignore` pattern that is not a valid pattern',
    explanation: 'Docker refuses to build with a `.dockerignore` holding a pattern it cannot read (an unclosed `[`, a trailing backslash). flyimgc would otherwise let it match nothing, and copy files you meant to leave out.',
  },
  FLY5060: {
    name: 'entry-module-not-found',
    severity: 'error',
    title: 'an entry module (`--entry`, `[flyte] entry`) that is not a Python file under root_dir',
    explanation:
      'Baking in `with_code_bundle(copy_style="loaded_modules")` copies the modules your entry modules import. Each entry must be an existing `.py` file under root_dir (`[flyte] root_dir`, default the project root). Paths in flyimg.toml are relative to it; `--entry` paths to the working directory.',
  },
  FLY5061: {
    name: 'python-syntax-error',
    severity: 'error',
    title: 'an imported Python module is not valid Python',
    explanation:
      'flyimgc reads the modules your entry modules import (to bake `loaded_modules` into the image) and one of them does not parse. The image would hold code that cannot be imported; fix the file.',
  },
  FLY5062: {
    name: 'code-bundle-needs-entry',
    severity: 'error',
    title: 'a `loaded_modules` code bundle baked in without entry modules',
    explanation:
      'With `--copy-style none`, `with_code_bundle()` (copy style `loaded_modules`) copies the Python modules a deploy loads. flyte-sdk sees them in the running process; flyimgc follows the imports from the modules you name: `--entry main.py` or `[flyte] entry = ["main.py"]` in flyimg.toml. Or use `with_code_bundle(copy_style="all")` to copy all of root_dir.',
  },
  FLY5063: {
    name: 'invalid-root-dir',
    severity: 'error',
    title: "the code bundle's root_dir is not a directory inside the project",
    explanation: '`[flyte] root_dir` (or `--root-dir`) is what `flyte.init(root_dir=...)` is given: the directory the code bundle is taken from. It must be an existing directory inside the project.',
  },
  FLY5064: {
    name: 'dockerfile-source-missing',
    severity: 'error',
    title: 'a Dockerfile `COPY`/`ADD` source that is not in the build context',
    explanation:
      'The Dockerfile copies a path that the build context does not have (or that its `.dockerignore` leaves out), so the build would fail at that instruction. For `from_dockerfile(file, context=...)` the context is the directory given (default: the Dockerfile\'s own directory); source paths are relative to it.',
  },
  FLY5050: {
    name: 'context-file-dockerignored',
    severity: 'error',
    title: 'a file the build copies is excluded by the `.dockerignore` in the build context',
    explanation:
      '`with_dockerignore(path)` puts the file into the root of the build context, as flyte-sdk does, and a file named `.dockerignore` there is applied by the builder (BuildKit, buildah, podman) to the whole context, with paths relative to the context root. A file the Dockerfile copies or mounts that one of its patterns excludes would be missing at build time and the build would fail. Change the pattern (or add a `!` exception), or copy the file from elsewhere.',
  },
  FLY5051: {
    name: 'uv-lock-unreadable',
    severity: 'error',
    title: "a `uv.lock` whose editable dependencies cannot be read",
    explanation:
      "With `project_install_mode=\"dependencies_only\"`, the editable path dependencies listed in `uv.lock` are mounted next to the project (as flyte-sdk does), so the lock must be valid TOML and each editable path must be a directory. Run `uv lock` to rewrite it.",
  },
  FLY5052: {
    name: 'pixi-script-marker',
    severity: 'error',
    title: 'a pixi script dependency with an environment marker',
    explanation:
      "A pixi script's `dependencies` become pixi `[pypi-dependencies]`, which have no environment markers (flyte-sdk refuses them too). Express a platform-conditional dependency with a `[tool.pixi.target.<platform>.pypi-dependencies]` table in the script's header.",
  },
  FLY5053: {
    name: 'pixi-script-platforms',
    severity: 'error',
    title: "a pixi script's platforms do not cover the image's",
    explanation:
      'A pixi script that declares `platforms` under `[tool.pixi.workspace]` can only be installed on those; the image is built for a platform it does not list, so the build would fail. Add the platform to the script, or build the image for fewer platforms with `from_pixi_script(..., platform=(...,))`.',
  },
  // ── 6xxx emit ───────────────────────────────────────────────────────────────
  FLY5020: {
    name: 'linked-out-of-project',
    severity: 'error',
    title: 'a project file is a symbolic link out of the project',
    explanation:
      'A file flyimgc reads on its own (a project\'s `flyimg.toml`, the root `.dockerignore`, a Dockerfile\'s `.dockerignore`) is a symbolic link to a file outside the project. It is not read: what decides an image must be part of the project, as copied files are. Replace the link with the file, or move the project root (its `flyimg.toml`) above both.',
  },
  FLY6001: {
    name: 'output-name-clash',
    severity: 'error',
    title: 'two images would be written to the same output directory',
    explanation: 'Each image is written to `<out>/<binding name>/`, so binding names must be unique across all files compiled together. Rename one of them.',
  },
  FLY6002: {
    name: 'not-supported-yet',
    severity: 'error',
    title: 'a construct flyimgc checks but cannot compile yet',
    explanation: 'The call is valid flyte-sdk, but flyimgc does not generate its Dockerfile yet (the message says what). Track the release notes, or build this image with flyte-sdk for now.',
  },
  FLY6003: {
    name: 'not-reproducible-in-flyte-mode',
    severity: 'error',
    title: 'an image whose flyte-sdk tag cannot be computed offline',
    explanation: "`--hash flyte` reproduces flyte-sdk's own tags, but for some images flyte-sdk hashes things only a running Python process has (generated TOML in Python's format, imported modules). Use the default hash scheme for them.",
  },
  // ── 9xxx command line and IO ────────────────────────────────────────────────
  FLY9001: {
    name: 'input-not-found',
    severity: 'error',
    title: 'a file or directory given on the command line does not exist',
    explanation: 'Check the path. Directories are searched recursively for `*.flyimg` files.',
  },
  FLY9002: {
    name: 'no-input-files',
    severity: 'error',
    title: 'a directory holds no `.flyimg` files',
    explanation: 'A directory given on the command line is searched recursively for `*.flyimg` files (skipping `node_modules` and hidden directories); none were found.',
  },
  FLY9003: {
    name: 'read-error',
    severity: 'error',
    title: 'a file could not be read',
    explanation: 'The operating system refused to read the file (for example for lack of permission). The message gives its reason.',
  },
  FLY9004: {
    name: 'invalid-image-mapping',
    severity: 'error',
    title: 'an `--image` option that is not `name=uri`',
    explanation: '`--image training=ghcr.io/acme/training:1.4` maps the reference name `training` (from `Image.from_ref_name("training")`) to an image. An entry without `=` maps the name `default`.',
  },
  FLY9006: {
    name: 'invalid-config',
    severity: 'error',
    title: 'a project configuration file (`flyimg.toml`) that is not valid',
    explanation:
      '`flyimg.toml` marks the project root and holds project settings: `[images]` maps `Image.from_ref_name` names to images, `[tools]` names the uv and pixi images the Dockerfiles copy tools from (for mirrors). The message says which key or value is wrong; see docs/configuration.md.',
  },
  FLY9007: {
    name: 'conflicting-config',
    severity: 'error',
    title: 'two project configurations disagree',
    explanation: 'Files of two projects compiled together map the same reference name or tool to different images. Compile them separately, or make the settings agree.',
  },
  FLY9020: {
    name: 'output-refused',
    severity: 'error',
    title: '`--out` names something flyimgc will not replace',
    explanation:
      'The output directory is replaced whole on every compile, so flyimgc only replaces a directory that carries the marker file `.flyimgc-output` it writes into every output directory. A file (even the `.flyimg` source), a device, a symbolic link, the working directory or a directory written by someone else is refused and left as it was.',
  },
  FLY9005: {
    name: 'write-error',
    severity: 'error',
    title: 'the outputs could not be written',
    explanation: 'Writing the output directory failed; the message gives the reason. The previous outputs, if any, are left as they were.',
  },
  FLY9060: {
    name: 'invalid-flyte-config',
    severity: 'error',
    title: 'the flyte `config.yaml` to update cannot be read or is not a YAML mapping',
    explanation:
      '`--flyte-config FILE` (or `[flyte] config`) writes the built image URIs into `image.image_refs` of a flyte config file, keeping everything else (comments included). The file must be a YAML mapping whose `image` (if present) is a mapping; a missing file is created.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type Code = keyof typeof CATALOG;

interface Extra {
  readonly related?: readonly Label[];
  readonly notes?: readonly string[];
  readonly help?: string | undefined;
  /** Where a did-you-mean `help`'s suggestions go, each offered as a fix (`quote`: as a string literal). */
  readonly suggestionsReplace?: { readonly span: Span; readonly quote?: boolean };
  readonly fixes?: readonly Fix[];
}

function make(code: Code, message: string, primary: Label | undefined, extra: Extra = {}): Diagnostic {
  const entry: CatalogEntry = CATALOG[code];
  return {
    code,
    name: entry.name,
    severity: entry.severity,
    message,
    ...(primary ? { primary } : {}),
    related: extra.related ?? [],
    notes: extra.notes ?? [],
    ...(extra.help ? { help: extra.help } : {}),
    ...fixesOf(extra),
  };
}

function fixesOf(extra: Extra): { fixes?: readonly Fix[] } {
  const at = extra.suggestionsReplace;
  const replacements: Fix[] = at
    ? suggestionsOf(extra.help).map((s) => ({ title: `replace with \`${s}\``, edits: [{ span: at.span, text: at.quote ? JSON.stringify(s) : s }] }))
    : [];
  const fixes = [...replacements, ...(extra.fixes ?? [])];
  return fixes.length > 0 ? { fixes } : {};
}

const here = (span: Span, message?: string): Label => (message === undefined ? { span } : { span, message });

/** One factory per code: the only way a pass builds a diagnostic. */
/** What flyte-sdk hashes that only its running Python process has (FLY6003). */
const UNREPRODUCIBLE = {
  uv_script: 'a uv script header with `file://` dependencies or a `[tool]` table',
  pixi_script: '`Image.from_pixi_script` (flyte-sdk hashes a generated manifest in Python `toml.dumps` format)',
} as const;

export const diag = {
  notUtf8Text: (span: Span, reason: 'nul' | 'invalid') =>
    make('FLY0001', 'this file is not UTF-8 text', here(span, reason === 'nul' ? 'a NUL byte' : 'not valid UTF-8'), {
      help: 'give flyimgc `.flyimg` source files; a binary file may have been passed by mistake',
    }),
  unterminatedString: (span: Span, triple: boolean) =>
    make('FLY0002', 'unterminated string', here(span, triple ? 'this string is never closed' : 'this string is not closed before the end of the line'), {
      help: triple ? 'add the closing triple quote' : 'add the closing quote; a string on one line cannot contain a raw line break (use `\\n`)',
    }),
  unexpectedCharacter: (span: Span, char: string) =>
    make('FLY0003', `unexpected character ${describeChar(char)}`, here(span, 'not valid here'), {
      help:
        char === '\\'
          ? 'a backslash may only continue a line when it is the last character on it'
          : char === ';'
            ? 'put each binding on its own line'
            : 'remove it, or put it inside a string',
    }),
  invalidEscape: (span: Span, escape: string) =>
    make('FLY0004', `invalid escape sequence \`${escape}\``, here(span), {
      help: 'write `\\\\` for a backslash, or use a raw string like r"..."',
    }),
  unsupportedStringPrefix: (span: Span, prefix: string) =>
    make('FLY0005', `\`${prefix}"..."\` strings are not supported`, here(span), {
      help: prefix.toLowerCase().includes('f') ? 'write the final text as a plain string; `.flyimg` files are not evaluated' : 'use a plain string',
    }),
  fileTooLarge: (span: Span, bytes: number) =>
    make('FLY0006', `this file is ${bytes} bytes; the limit is 8 MiB`, here(span), { help: 'split it into several files and `import` them' }),

  unexpectedToken: (span: Span, found: string, expected: string) =>
    make('FLY1001', `expected ${expected}, found ${found}`, here(span, `expected ${expected}`)),
  unclosedBracket: (open: Span, bracket: string, closedAt: Span | undefined) =>
    make('FLY1002', `\`${bracket}\` is never closed`, here(open, 'opened here'), {
      related: closedAt ? [here(closedAt, 'the statement ends here')] : [],
      help: `add \`${closingOf(bracket)}\`; a line starting at column 1 with \`name =\` starts a new statement, so indent the lines of a multi-line call`,
    }),
  unmatchedClosingBracket: (span: Span, bracket: string) =>
    make('FLY1003', `unmatched \`${bracket}\``, here(span, 'no bracket is open here'), { help: 'remove it, or add the opening bracket' }),
  nestingTooDeep: (span: Span, what: 'brackets' | 'chain', limit: number) =>
    make('FLY1004', what === 'brackets' ? `brackets are nested more than ${limit} levels deep` : `this expression has more than ${limit} calls and attributes in a row`, here(span), {
      help: 'split the expression into several bindings',
    }),
  expectedBinding: (span: Span) =>
    make('FLY1005', 'expected a binding `name = ...` or an `import`', here(span, 'this expression is not bound to a name'), {
      help: 'give the image a name, e.g. `app = ...`',
    }),
  positionalAfterKeyword: (span: Span, keyword: Span) =>
    make('FLY1006', 'positional argument follows keyword argument', here(span), {
      related: [here(keyword, 'keyword argument given here')],
      help: 'move the positional arguments before the keyword arguments',
    }),
  unsupportedSyntax: (span: Span, what: string, help: string) => make('FLY1007', `${what} is not supported in .flyimg files`, here(span), { help }),
  pythonImport: (span: Span, module: string, suggestion: string) =>
    make('FLY1008', `the Python import of \`${module}\` is ignored: .flyimg files cannot import Python modules`, here(span), {
      help: `to use the bindings of another .flyimg file, write \`import "${suggestion}"\` (a path relative to this file); \`flyte\` and \`pathlib\` need no import`,
      fixes: [{ title: 'delete the Python import', edits: [{ span, text: '' }] }],
    }),
  pythonCode: (span: Span, what: string, keepHelp: string, others: readonly Span[], flattenedFrom: number | undefined) =>
    make('FLY1040', `${what} is Python code, not an image definition`, here(span, 'Python code'), {
      related: others.map((s) => here(s, 'more Python code')),
      help: keepHelp,
      ...(flattenedFrom !== undefined
        ? { notes: [`its body is not indented (as in code copied from a web page), so flyimgc cannot tell where it ends: everything from line ${flattenedFrom} to the end of the file is taken as part of it`] }
        : {}),
    }),

  unknownName: (span: Span, name: string, suggestion: string | undefined) =>
    make('FLY2001', `cannot find \`${name}\` in this file`, here(span, 'not defined'), {
      ...(suggestion ? { help: suggestion } : { help: 'define it above this line, or `import` the file that defines it' }),
      suggestionsReplace: { span },
    }),
  duplicateBinding: (span: Span, name: string, previous: Span, previousIsImport: boolean) =>
    make('FLY2002', `\`${name}\` is bound more than once`, here(span, 'bound again here'), {
      related: [here(previous, previousIsImport ? `\`${name}\` is also defined by this import` : 'first bound here')],
      help: 'rename one of the bindings',
    }),
  usedBeforeDefinition: (span: Span, name: string, definition: Span, selfReference: boolean) =>
    make('FLY2003', selfReference ? `\`${name}\` is used in its own definition` : `\`${name}\` is used before it is defined`, here(span, 'used here'), {
      related: [here(definition, selfReference ? 'defined here' : 'defined later here')],
      help: selfReference ? 'derive it from another image, e.g. `app = base.with_...`' : 'move the definition above its first use',
    }),
  importNotFound: (span: Span, path: string) =>
    make('FLY2004', `cannot find the imported file \`${path}\``, here(span, 'no such file'), {
      notes: ['import paths are resolved relative to the importing file'],
    }),
  importCycle: (span: Span, cycle: readonly string[]) =>
    make('FLY2005', `import cycle: ${cycle.join(' → ')}`, here(span, 'this import closes the cycle'), {
      help: 'move the shared bindings into a file that both import',
    }),
  importConflict: (span: Span, name: string, other: Span) =>
    make('FLY2006', `\`${name}\` is defined by two imported files`, here(span, `this import defines \`${name}\``), {
      related: [here(other, `so does this one`)],
      help: 'rename one of the bindings',
    }),
  emptyFile: (span: Span) => make('FLY2007', 'this file defines no images', here(span)),
  invalidImport: (span: Span, reason: 'absolute' | 'not-flyimg') =>
    make('FLY2008', reason === 'absolute' ? 'imports must use relative paths' : 'only `.flyimg` files can be imported', here(span), {
      help: reason === 'absolute' ? 'write the path relative to this file' : 'name a file ending in `.flyimg`',
    }),

  unknownMethod: (span: Span, name: string, suggestion: string | undefined) =>
    make('FLY3001', `images have no method \`${name}\``, here(span, 'unknown method'), { ...(suggestion ? { help: suggestion } : { help: 'see docs/language.md for the methods of an image' }), suggestionsReplace: { span } }),
  unknownConstructor: (span: Span, name: string, suggestion: string | undefined) =>
    make('FLY3002', `\`Image\` has no constructor \`${name}\``, here(span, 'unknown constructor'), {
      help: suggestion ?? 'images start from `Image.from_debian_base`, `from_base`, `from_dockerfile`, `from_uv_script`, `from_pixi_script` or `from_ref_name`',
      suggestionsReplace: { span },
    }),
  unknownKeyword: (span: Span, keyword: string, callee: string, suggestion: string | undefined, signature: string) =>
    make('FLY3003', `\`${callee}\` has no parameter \`${keyword}\``, here(span, 'unknown keyword'), { notes: [`the signature is \`${signature}\``], ...(suggestion ? { help: suggestion } : {}), suggestionsReplace: { span } }),
  missingArgument: (span: Span, param: string, callee: string, signature: string) =>
    make('FLY3004', `\`${callee}\` needs the argument \`${param}\``, here(span, `\`${param}\` is missing`), { notes: [`the signature is \`${signature}\``] }),
  tooManyArguments: (span: Span, callee: string, max: number, signature: string, keywordOnly: readonly string[]) =>
    make('FLY3005', `\`${callee}\` takes ${max === 0 ? 'no' : `at most ${max}`} positional argument${max === 1 ? '' : 's'}`, here(span, 'unexpected argument'), {
      notes: [`the signature is \`${signature}\``],
      help: keywordOnly.length > 0 ? `remove it, or pass it by keyword: ${keywordOnly.map((k) => `\`${k}=\``).join(', ')}` : 'remove it',
    }),
  duplicateArgument: (span: Span, param: string, first: Span) =>
    make('FLY3006', `the argument \`${param}\` is given twice`, here(span, 'given again here'), { related: [here(first, 'first given here')], help: 'remove one of them' }),
  wrongType: (span: Span, param: string, expected: string, found: string, help?: string) =>
    make('FLY3007', `\`${param}\` must be ${expected}, not ${found}`, here(span, `this is ${found}`), { ...(help ? { help } : {}) }),
  invalidChoice: (span: Span, param: string, value: string, choices: readonly string[], suggestion: string | undefined) =>
    make('FLY3008', `\`${param}\` must be one of ${choices.map((c) => `"${c}"`).join(', ')}, not "${value}"`, here(span), { ...(suggestion ? { help: suggestion } : {}), suggestionsReplace: { span, quote: true } }),
  notCallable: (span: Span, what: string, action: string) => make('FLY3009', `${what} ${action}`, here(span)),
  listInsteadOfArguments: (span: Span, method: string) =>
    make('FLY3010', `\`${method}\` takes each item as a separate argument, not a list`, here(span, 'a list'), {
      help: `write \`${method}("vim", "git")\`, not \`${method}(["vim", "git"])\``,
      notes: ['flyte-sdk raises a TypeError here'],
    }),
  requirementsNotTxt: (span: Span, file: string) =>
    make('FLY3011', `the requirements file \`${file}\` must have a .txt extension`, here(span), {
      help: file.endsWith('pyproject.toml') ? 'for a pyproject.toml use `with_uv_project(...)` or `with_poetry_project(...)`' : 'rename it to end in .txt',
    }),
  invalidSecret: (span: Span, problem: string, help: string) => make('FLY3012', problem, here(span), { help }),
  invalidEnvName: (span: Span, name: string) =>
    make('FLY3013', `\`${name}\` is not a valid environment variable name`, here(span), { help: 'use letters, digits and `_`, not starting with a digit' }),
  invalidPlatform: (span: Span, platform: string, suggestion: string | undefined) =>
    make('FLY3014', `\`${platform}\` is not a valid platform`, here(span), { help: suggestion ?? 'write platforms as `os/arch`, e.g. "linux/amd64" or "linux/arm64"' }),
  invalidPythonVersion: (span: Span, written: string) =>
    make('FLY3015', `\`${written}\` is not a Python version flyimgc can build`, here(span), { help: 'write it as (3, 12), or "3.12"; versions 3.8 to 3.14 are accepted' }),
  invalidImageReference: (span: Span, what: 'registry' | 'name' | 'image reference', value: string, reason: string, help?: string) => {
    // `<your-registry>` in code copied from a guide is a placeholder, not a typo: say so.
    const placeholder = /<[^<>]+>/.exec(value)?.[0];
    const fix = placeholder ? `\`${placeholder}\` is a placeholder from the example you copied: replace it with your own value` : help;
    return make('FLY3016', `${shown(value)} is not a valid ${what}: ${reason}`, here(span), { ...(fix ? { help: fix } : {}) });
  },
  invalidRequirement: (span: Span, requirement: string, reason: string) =>
    make('FLY3017', `\`${requirement}\` is not a valid requirement: ${reason}`, here(span), {
      help: 'write a PEP 508 requirement such as `numpy==2.0.0` or `pkg @ https://...`; options go in `index_url=`, `extra_index_urls=`, `pre=`, `extra_args=`',
    }),
  invalidAptPackage: (span: Span, name: string) =>
    make('FLY3018', `\`${name}\` is not a valid Debian package name`, here(span), {
      help: name.trim().includes(' ') ? 'pass each package as its own argument: `with_apt_packages("curl", "git")`' : 'package names are lower-case letters, digits and `+ - .`, optionally `=version`',
    }),
  lineBreakInValue: (span: Span, what: string) =>
    make('FLY3019', `${what} cannot contain a line break or NUL character`, here(span), { help: 'put it on one line' }),
  secretOutsideSecretMounts: (span: Span, param: string) =>
    make('FLY3020', `a \`Secret\` cannot be used as \`${param}\`: its value would be stored in the image`, here(span, 'a secret'), {
      help: 'mount it with `secret_mounts=[...]` on the layer that needs it, and read it there, e.g. from `$TOKEN` with `Secret(key="token", as_env_var="TOKEN")`',
    }),
  unsupportedMethod: (span: Span, name: string) =>
    make('FLY3021', `\`${name}\` installs wheels from a checkout of flyte-sdk itself and is not supported`, here(span), { help: 'use `with_pip_packages("flyte==<version>")` instead' }),
  noPackages: (span: Span, method: string) =>
    make('FLY3022', `\`${method}\` needs at least one package`, here(span, 'nothing to install'), { help: 'name the packages, or remove the call' }),
  invalidPath: (span: Span, what: string, reason: string) => make('FLY3023', `${what} ${reason}`, here(span)),
  invalidExtraArgs: (span: Span, reason: string) =>
    make('FLY3080', `\`extra_args\` ${reason}`, here(span), { help: 'close every quote and escape a final backslash: the shell reads `extra_args` as written' }),
  unemittableValue: (span: Span, what: string, value: string, reason: string, help?: string) =>
    make('FLY3070', `${what} ${shown(value)} ${reason}`, here(span), { ...(help ? { help } : {}) }),

  layerOnNonExtendableImage: (call: Span, method: string, origin: Span, originName: string) =>
    make('FLY4001', `cannot add a layer with \`${method}\`: the image is not extendable`, here(call, 'this adds a layer'), {
      related: [here(origin, `\`${originName}\` makes an image that is used as is`)],
      notes: [`flyte-sdk fails here at run time: "${FLYTE_NOT_EXTENDABLE_ERROR}"`],
      help: 'clone it first: `.clone(name="...", registry="...", extendable=True)`',
    }),
  /** `extendable`: whether the image was cloned with `extendable=True`, which decides the error flyte-sdk raises first. */
  layerOnDockerfileImage: (call: Span, method: string, origin: Span, extendable: boolean) =>
    make('FLY4002', `cannot add a layer with \`${method}\`: images from \`Image.from_dockerfile\` are never extendable`, here(call, 'this adds a layer'), {
      related: [here(origin, 'the image is built from a Dockerfile here')],
      notes: [`flyte-sdk fails here at run time: "${extendable ? FLYTE_DOCKERFILE_LAYER_ERROR : FLYTE_NOT_EXTENDABLE_ERROR}"`],
      help: 'make the change in the Dockerfile, or start from `Image.from_base(...)` and `.clone(name=..., extendable=True)` to let flyimgc generate the Dockerfile',
    }),
  layerNeedsName: (call: Span, method: string, origin: Span) =>
    make('FLY4003', `cannot add a layer with \`${method}\` to an image without a name`, here(call, 'this adds a layer'), {
      related: [here(origin, 'the image has no name from here on')],
      help: 'give it a name: `.clone(name="...", extendable=True)`',
    }),
  clonedWithoutName: (span: Span) =>
    make('FLY4004', 'this image must be built but has no name', here(span, 'a cloned image is built'), { help: 'add `name="..."` to the `clone(...)`' }),
  unresolvedRefName: (span: Span, ref: string, known: readonly string[]) =>
    make('FLY4005', `the reference name \`${ref}\` is not mapped to an image`, here(span, 'not mapped'), {
      help: didYouMean(ref, known) ?? `map it: \`--image ${ref}=<registry>/<repository>:<tag>\`, or \`${ref} = "..."\` under \`[images]\` in flyimg.toml`,
      ...(known.length > 0 ? { notes: [`mapped names: ${known.map((k) => `\`${k}\``).join(', ')}`] } : {}),
    }),
  unpinnedBase: (span: Span, reference: string) =>
    make('FLY4006', `the base image \`${reference}\` is not pinned`, here(span, 'no version tag'), {
      help: 'pin a version tag or a digest, e.g. `python:3.12-slim` or `...@sha256:...`; the tag flyimgc computes cannot see changes behind `latest`',
    }),
  copyDestinationConflict: (span: Span, destination: string, other: Span) =>
    make('FLY4007', `two copies land on \`${destination}\``, here(span, 'copied here'), { related: [here(other, 'and here')], help: 'give one of them another `dst=`' }),
  copyDestinationFileAndDirectory: (span: Span, file: string, other: Span) =>
    make('FLY4050', `\`${file}\` is a file here, but another copy needs it to be a directory`, here(span, 'this copies a file to that path'), {
      related: [here(other, 'this copies into it as a directory')],
      help: 'end the `dst=` with `/` if it is meant as a directory the file goes into',
    }),
  pixiPlatform: (span: Span, platform: string) =>
    make('FLY4008', `pixi cannot build an environment for \`${platform}\``, here(span), { help: 'use "linux/amd64" and/or "linux/arm64"' }),
  emptyPlatforms: (span: Span) =>
    make('FLY4020', 'an image needs at least one platform', here(span, 'no platforms'), { help: 'leave `platform` out for `linux/amd64`, or write e.g. `platform=("linux/amd64", "linux/arm64")`' }),
  ignoredArgument: (span: Span, argument: string, why: string) => make('FLY4009', `\`${argument}\` has no effect here: ${why}`, here(span)),

  linkedOutOfProject: (path: string, root: string) =>
    make('FLY5020', `\`${path}\` is a symbolic link out of the project, so it is not read`, undefined, {
      notes: [`the project root is \`${root}\``],
      help: 'replace the link with a copy of the file, or put the project root (its `flyimg.toml`) above both',
    }),
  fileNotFound: (span: Span, what: string, path: string) =>
    make('FLY5001', `${what} \`${path}\` does not exist`, here(span, 'not found'), { notes: ['paths are relative to the .flyimg file they are written in'] }),
  wrongFileKind: (span: Span, path: string, expected: 'file' | 'directory', actual: string) =>
    make('FLY5002', `\`${path}\` is ${actual}, not ${expected === 'file' ? 'a file' : 'a directory'}`, here(span)),
  pathOutsideProject: (span: Span, path: string, how: 'absolute' | 'parent' | 'symlink', root: string) =>
    make('FLY5003', `\`${path}\` is outside the project`, here(span, how === 'absolute' ? 'an absolute path' : how === 'parent' ? 'climbs out of the project' : 'a symbolic link that points out of the project'), {
      notes: [`the project root is \`${root}\``],
      help: 'move the file into the project, put a `flyimg.toml` in a directory above both, or pass `--allow-outside-project`',
    }),
  missingLockfile: (span: Span, tool: string, lock: string) =>
    make('FLY5004', `the ${tool} lock file \`${lock}\` does not exist`, here(span), { help: `create it with \`${tool} lock\`, or pass the lock file's path` }),
  invalidScriptMetadata: (span: Span, message: string) =>
    make('FLY5005', message, here(span), { help: 'a uv script starts with a PEP 723 block: `# /// script`, `# dependencies = ["..."]`, `# ///`' }),
  wrongFileType: (span: Span, path: string, expected: string) => make('FLY5006', `\`${path}\` must be ${expected}`, here(span)),
  pixiScriptMarker: (span: Span, requirement: string) =>
    make('FLY5052', `the pixi script dependency \`${requirement}\` has an environment marker, which pixi cannot express`, here(span), {
      help: 'move it to a `[tool.pixi.target.<platform>.pypi-dependencies]` table in the script header',
    }),
  pixiScriptPlatforms: (span: Span, declared: readonly string[], missing: readonly string[]) =>
    make('FLY5053', `the pixi script declares the platforms ${declared.map((p) => `\`${p}\``).join(', ')}, which do not cover ${missing.map((p) => `\`${p}\``).join(', ')}`, here(span), {
      help: `add ${missing.map((p) => `"${p}"`).join(', ')} to \`platforms\` under \`[tool.pixi.workspace]\`, or restrict the image with \`from_pixi_script(..., platform=(...,))\``,
    }),
  uvLockUnreadable: (span: Span, lock: string, reason: string) =>
    make('FLY5051', `cannot read the editable dependencies of \`${lock}\`: ${reason}`, here(span), { help: 'run `uv lock` to rewrite the lock file' }),
  contextFileDockerignored: (span: Span, path: string, pattern: string, ignoreSpan: Span) =>
    make('FLY5050', `\`${path}\` would be excluded from the build context by the pattern \`${pattern}\``, here(span, 'the build needs this file'), {
      related: [here(ignoreSpan, 'this `.dockerignore` goes into the build context root')],
      notes: ['builders apply the `.dockerignore` at the root of the build context to every path in it'],
      help: `add \`!${path}\` to the .dockerignore, or change the pattern`,
    }),
  unusableContextFile: (span: Span, path: string, reason: string) => make('FLY5007', `\`${path}\` is left out of the build context: ${reason}`, here(span)),
  fileUnreadable: (span: Span, path: string, reason: string) => make('FLY5081', `\`${path}\` cannot be read: ${reason}`, here(span), { help: 'fix its permissions (and those of the directories above it)' }),
  invalidDockerignorePattern: (span: Span, pattern: string) =>
    make('FLY5080', `\`${pattern}\` is not a valid .dockerignore pattern`, here(span), { help: 'Docker refuses to build with it: close every `[`, and escape special characters with `\\`' }),

  outputNameClash: (span: Span, name: string, other: Span) =>
    make('FLY6001', `two images are named \`${name}\` and would be written to the same output directory`, here(span), {
      related: [here(other, 'the other one')],
      help: 'rename one of the bindings',
    }),
  notReproducibleInFlyteMode: (span: Span, what: 'uv_script' | 'pixi_script') =>
    make('FLY6003', `cannot reproduce flyte-sdk's tag for ${UNREPRODUCIBLE[what]}`, here(span), { help: 'compile without `--hash flyte`' }),
  notSupportedYet: (span: Span, what: string) => make('FLY6002', `flyimgc cannot compile ${what} yet`, here(span), { help: 'build this image with flyte-sdk for now' }),

  copyStyleNoneInCodeBundle: (span: Span) =>
    make('FLY3060', '`copy_style="none"` is how a deploy bakes the code in, not a copy style of `with_code_bundle`', here(span), {
      help: 'keep `with_code_bundle()` here and compile with `--copy-style none` (or `[flyte] copy_style = "none"` in flyimg.toml)',
    }),
  imageWithoutRegistry: (span: Span, name: string) =>
    make('FLY4060', `\`${name}\` has no registry: it would be pushed to \`docker.io/library/${name}\``, here(span, 'built and pushed without a registry'), {
      help: 'add `registry="ghcr.io/your-org"` (or set `[build] registry` in flyimg.toml, or pass `--registry`)',
    }),
  cloneWithoutPythonVersion: (span: Span, assumed: string, base: Span, known: string | undefined) =>
    make('FLY4061', `the Python version of the base image is not given; the generated Dockerfile assumes ${assumed}`, here(span, 'no `python_version=`'), {
      related: [here(base, known ? `the base image has Python ${known}` : 'the base image')],
      help: "add the base image's version: `clone(..., python_version=(3, 11))`",
    }),
  flyteInstalledOutsidePath: (span: Span, pip: string, binDir: string) =>
    make('FLY4062', `\`${pip}\` installs flyte outside the virtualenv that comes first on PATH`, here(span, 'flyte goes into another environment'), {
      notes: ['the generated preamble puts `/opt/venv/bin` first on PATH, so `python` in the image is the virtualenv\'s and cannot import flyte'],
      help: `put that environment first again: \`.with_env_vars({"PATH": "${binDir}:$PATH"})\``,
    }),
  entryModuleNotFound: (span: Span | undefined, path: string, reason: string) =>
    make('FLY5060', `the entry module \`${path}\` ${reason}`, span ? here(span) : undefined, {
      help: 'name an existing `.py` file under root_dir: `--entry tasks/envs.py` or `[flyte] entry = ["tasks/envs.py"]`',
    }),
  pythonSyntaxError: (span: Span, what: string) =>
    make('FLY5061', `this Python module does not parse: ${what}`, here(span, what), { notes: ['it is imported by an entry module, so the code bundle would copy it into the image'] }),
  codeBundleNeedsEntry: (span: Span) =>
    make('FLY5062', 'no entry modules to find the loaded modules from', here(span, 'bakes the imported modules into the image'), {
      help: 'name the modules a deploy runs: `--entry main.py` or `[flyte] entry = ["main.py"]` in flyimg.toml; or use `with_code_bundle(copy_style="all")`',
    }),
  invalidRootDir: (span: Span | undefined, path: string, reason: string) => make('FLY5063', `root_dir \`${path}\` ${reason}`, span ? here(span) : undefined),
  dockerfileSourceMissing: (span: Span, source: string, context: string, contextAt: Span) =>
    make('FLY5064', `\`${source}\` is not in the build context \`${context}\``, here(span, 'the build would fail here'), {
      related: [here(contextAt, 'the build context')],
      help: 'source paths are relative to the context directory: fix the path, or give `from_dockerfile(..., context=...)` the directory that holds it',
    }),
  invalidFlyteConfig: (span: Span | undefined, path: string, reason: string) => make('FLY9060', `cannot update the flyte config \`${path}\`: ${reason}`, span ? here(span) : undefined),
  inputNotFound: (path: string) => make('FLY9001', `no such file or directory: \`${path}\``, undefined),
  noInputFiles: (path: string) => make('FLY9002', `no \`.flyimg\` files in \`${path}\``, undefined),
  readError: (path: string, reason: string) => make('FLY9003', `cannot read \`${path}\`: ${reason}`, undefined),
  invalidImageMapping: (entry: string, reason: string) =>
    make('FLY9004', `invalid --image ${shown(entry)}: ${reason}`, undefined, { help: 'write `--image name=registry/repository:tag`' }),
  invalidConfig: (span: Span, message: string, help?: string) => make('FLY9006', message, here(span), { ...(help ? { help } : {}) }),
  conflictingConfig: (span: Span, key: string, other: Span) =>
    make('FLY9007', `\`${key}\` is set differently by two project configurations`, here(span), { related: [here(other, 'set differently here')] }),
  outputRefused: (path: string, reason: string) =>
    make('FLY9020', `will not replace \`${path}\`: ${reason}`, undefined, {
      notes: ['flyimgc replaces only an output directory it wrote itself (one holding its `.flyimgc-output` marker)'],
      help: 'name a new or empty directory with --out, or delete this one yourself if it is safe to',
    }),
  writeError: (path: string, reason: string) => make('FLY9005', `cannot write \`${path}\`: ${reason}`, undefined, { notes: ['the previous outputs were left as they were'] }),
} as const;

function closingOf(bracket: string): string {
  return bracket === '(' ? ')' : bracket === '[' ? ']' : '}';
}

/** A user's value inside a message: in backticks when printable, else JSON-quoted so no control character reaches a terminal. */
function shown(value: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029`]/.test(value) ? JSON.stringify(value) : `\`${value}\``;
}

function describeChar(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp < 0x20 || cp === 0x7f) return hex;
  return `\`${char}\` (${hex})`;
}
