/** Every command's help text, kept apart so that `--help` loads no compiler code. */

/** How flyte deploys: the same options for compile and build. */
const FLYTE_DEPLOY_OPTIONS = `  --copy-style <none|loaded_modules|all>
                             flyte's deploy copy style: none bakes
                             with_code_bundle layers in (flyte.deploy(env,
                             copy_style="none")); else they are dropped
  --root-dir <DIR>           flyte.init(root_dir=...) for code bundles
  --entry <FILE.py>          an entry module whose imports a loaded_modules
                             bundle follows (repeatable)
  --flyte-config <FILE>      write the built URIs into image.image_refs of
                             this flyte config.yaml (comments kept)
`;

export const checkHelp = `Usage: flyimgc check [options] <FILE|DIR>...

Parse and check .flyimg files and everything they import, and report every
problem at once. Directories are searched recursively for *.flyimg files.
Nothing is written and nothing is built.

Options:
  --format <text|json|sarif|github>
                             how to print diagnostics (default: text, on
                             stderr; the others go to stdout): json; sarif, a
                             SARIF 2.1.0 log for code-scanning upload; github,
                             GitHub Actions workflow commands
                             (::error file=...,line=...::)
  --warnings-as-errors       report warnings as errors (and exit 1 on them)
  --image <name=uri>         map an Image.from_ref_name name to an image, as
                             compile does (repeatable)
  --allow-outside-project    let copied paths leave the project
  -h, --help                 show this help

check finds every error compile finds, given the same --image and
--allow-outside-project.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
`;

export const compileHelp = `Usage: flyimgc compile [options] --out <DIR> <FILE|DIR>...

Check .flyimg files and write, for every image that needs a build,
<DIR>/<image>/Dockerfile and <DIR>/<image>/context/ (exactly the files the
Dockerfile copies or mounts), plus <DIR>/manifest.json (schema:
docs/manifest.schema.json) and <DIR>/docker-bake.json (for docker buildx
bake). Images that need no
build (a bare Image.from_base, an unmapped Image.from_ref_name) are reported,
not written. The output directory is replaced atomically: a failed compile
leaves the previous one as it was.

Options:
  -o, --out <DIR>            output directory (required unless --dump-ir)
  --image <name=uri>         map an Image.from_ref_name name to an image;
                             repeatable; an entry without '=' maps "default"
  --allow-outside-project    let copied paths leave the project
  --hash <v1|flyte>          tag scheme: flyimgc's own (v1, default), or
                             flyte-sdk's md5 tags, bug for bug, to find images
                             Python users already built
${FLYTE_DEPLOY_OPTIONS}  --manifest-format <json|yaml>
                             write manifest.json (default) or manifest.yaml
  --dump-ir                  print the layer IR of every image on stdout
  --no-cache                 neither read nor write the file digest cache
                             ($FLYIMGC_CACHE_DIR, else ~/.cache/flyimgc)
  --format <text|json|sarif|github>
                             how to print diagnostics and the summary (sarif
                             and github: as for 'flyimgc check')
  --warnings-as-errors       a warning fails the compile like an error
  -h, --help                 show this help

Exit status: 0 compiled, 1 errors found (nothing written), 2 usage error.
`;

export const explainHelp = `Usage: flyimgc explain [options] <IMAGE> <FILE|DIR>...

Show why IMAGE (a binding name) has the tag it has: every input of the hash
(base, Python version, platforms, tool and template versions, each layer),
every file of its build context with its digest, and which files the
.dockerignore rules left out (and by which pattern).

Options:
  --image <name=uri>         map an Image.from_ref_name name (repeatable)
  --allow-outside-project    let copied paths leave the project
  --no-cache                 neither read nor write the file digest cache
  --hash <v1|flyte>          explain flyimgc's tag (default) or flyte-sdk's
  --format <text|json>       output format
  -h, --help                 show this help
`;

export const diffHelp = `Usage: flyimgc diff [options] <OLD> <NEW>
       flyimgc diff [options] --git <REF> <FILE|DIR>...

Which images change tag between two builds, and exactly which input changed
(a file, a package list, the Python version, the base...). OLD and NEW are
manifests (manifest.json / manifest.yaml) or output directories holding one.
With --git, the given files are compiled as they are at REF and as they are
in the working tree.

Options:
  --git <REF>                compare the working tree against a git revision
  --image <name=uri>         map an Image.from_ref_name name (repeatable)
  --allow-outside-project    let copied paths leave the project
  --no-cache                 neither read nor write the file digest cache
  --hash <v1|flyte>          tag scheme (with --git)
  --format <text|json|markdown>
                             markdown is ready for a pull-request comment
  -h, --help                 show this help

Exit status: 0 compared (whatever changed), 1 an input could not be read or
compiled, 2 usage error.
`;

export const planHelp = `Usage: flyimgc plan [options] <FILE|DIR>...

For every image flyimgc would build, in build order, ask its registry
whether the tag is there: exists, missing, partial (an index without some
requested platform) or unknown (the registry could not be asked: down,
refused, timed out). Unknown is never treated as exists.

Options:
  --image <name=uri>         map an Image.from_ref_name name (repeatable)
  --platform <p[,p]>         check these platforms instead of the files' own
  --registry <R>             check (and later push) every image in R instead
  --insecure-registry <R>    reach R over plain HTTP (repeatable; also
                             [build] insecure_registries in flyimg.toml)
  --allow-outside-project    let copied paths leave the project
  --no-cache                 neither read nor write the file digest cache
  --format <text|json>       output format
  -h, --help                 show this help

Exit status: 0 every image is known to exist or to be missing, 1 errors in
the input or some registry could not be asked, 2 usage error.
`;

export const buildHelp = `Usage: flyimgc build [options] <FILE|DIR>...

Compile, plan, then build what is missing, dependencies first, with docker
buildx, podman or buildah (--builder, else [build] builder in flyimg.toml,
else the first found on PATH), and push it; or hand every image to
\`docker buildx bake\` in one call (--bake). Images whose tag exists in their
registry are skipped; an image whose registry cannot be asked is built, never
skipped on a guess. The base images are asked for first: a missing one (or
one without a needed platform) stops the run before any build.

Options:
  -o, --out <DIR>            where the Dockerfiles and contexts go
                             (default: .flyimgc/build)
  --builder <docker|podman|buildah|bake>
  --bake                     same as --builder bake: BuildKit schedules
                             every image (docker buildx bake)
  --buildx-builder <NAME>    the buildx builder instance (docker, bake);
                             default: the current one
  --only <IMAGE[,IMAGE]>     build only these images and the images they are
                             built after (repeatable)
  --push                     push each built image (the default)
  --no-push                  build only
  --load                     load into the local image store (docker)
  --platform <p[,p]>         build these platforms instead of the files' own
  --registry <R>             push every image to R instead of its own
${FLYTE_DEPLOY_OPTIONS}  --insecure-registry <R>    reach R over plain HTTP (repeatable)
  --secret <ID=env:VAR|ID=file:PATH>
                             where a build secret comes from (default: the
                             environment variable named like the secret id)
  --cache-from <ref>, --cache-to <ref>
                             passed to the builder (repeatable)
  --builder-arg <arg>        an extra argument for the build (or bake)
                             command (repeatable)
  -j, --jobs <N>             build up to N images at once (default 1)
  --force                    build every image, even those that exist
  --dry-run                  print the exact commands, run nothing
  --image <name=uri>         map an Image.from_ref_name name (repeatable)
  --allow-outside-project    let copied paths leave the project
  --no-cache                 neither read nor write the file digest cache
  --format <text|json>       output format of the summary (json: the build
                             result, also written to <DIR>/build-result.json)
  -h, --help                 show this help

Each image's builder output is kept in <DIR>/logs/<image>.log (bake:
<DIR>/logs/bake.log). See docs/building.md.
Exit status: 0 everything built or already there, 1 errors in the input, a
missing base image, a failed build or push, or a missing builder or secret,
2 usage error.
`;
