/**
 * Known answers from flyte-sdk itself: `../shared/flyte-oracle/out/<spec>/` holds what flyte-sdk 2.6.5 wrote
 * for 26 specs (its Dockerfile, build context, md5 tag, errors). Each spec is translated to
 * `test/oracle/specs/<spec>.flyimg` (dev-mode runs: `test/oracle/devmode/`, whose flyimg.toml names the dev
 * build), compiled with `--hash flyte`, and checked three ways: the verdict and the tag (or URI), the
 * Dockerfile instruction by instruction as a real parser reads it, and the build context's file list.
 *
 * Where flyimgc deliberately writes something else, the difference is a named rewrite below, with its
 * reason, applied to flyte-sdk's instruction only where it is listed for that spec; every listed rewrite must
 * change something (so a stale entry fails), and nothing else is normalised.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../src/cli/pythonParser.js';
import type { CompileOptions } from '../../src/compile.js';
import type { PythonParser } from '../../src/codeBundle/python.js';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { nodeHost } from '../../src/cli/io.js';
import { compile, type CompileResult } from '../../src/compile.js';
import { flyteTag } from '../../src/hash/flyteCompat.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { lowerImages } from '../../src/ir/lower.js';
import { readInstructions, readOracle, withOracleWalkOrder, type OracleOutput } from './oracleSupport.js';

const ORACLE = fileURLToPath(new URL('../../../shared/flyte-oracle/out/', import.meta.url));
const SPECS = fileURLToPath(new URL('./specs/', import.meta.url));
const DEVMODE = fileURLToPath(new URL('./devmode/', import.meta.url));
const present = existsSync(ORACLE);

type Difference = 'chown' | 'dir-slash' | 'host-path' | 'deps-mounts' | 'uv-locked' | 'secret-files' | 'code-bundle-dir';

/** flyimgc's deliberate differences from flyte-sdk's Dockerfiles, each a rewrite of flyte-sdk's instruction. */
const DIFFERENCES: Record<Difference, { readonly why: string; readonly rewrite: (instruction: string) => string }> = {
  chown: {
    why: 'flyte-sdk writes `COPY --chown=flyte:flyte` for every copy; flyimgc only when the image creates the flyte user (a `from_base` image has none, and podman/buildah refuse a chown to an unknown user)',
    rewrite: (i) => i.replace(/^COPY --chown=flyte:flyte /, 'COPY '),
  },
  'dir-slash': {
    why: 'a file copied into the working directory is written `COPY f ./`: the same for every builder, and it says "a directory"',
    rewrite: (i) => i.replace(/^(COPY .*) \.$/, '$1 ./'),
  },
  'host-path': {
    why: 'flyte-sdk puts an absolute source under `_flyte_abs_context<absolute host path>`; flyimgc never writes host paths (the spec\'s `.resolve()` is written relative)',
    rewrite: (i) => i.replace(/_flyte_abs_contextORACLE_DIR\/specs\//, ''),
  },
  'deps-mounts': {
    why: 'dependency files are bind-mounted at absolute targets under /root/.flyte/deps (podman and buildah refuse relative mount targets, which BuildKit resolves against the WORKDIR), and the tool is pointed there',
    rewrite: (i) =>
      i
        .replace(/target=requirements\.txt/, 'target=/root/.flyte/deps/requirements.txt')
        .replace(/--requirement requirements\.txt/, '--requirement /root/.flyte/deps/requirements.txt')
        .replace(/target=(uv\.lock|pyproject\.toml),(src=[^ ]*uvproj[^ ]*?)(,rw)?( |$)/g, 'target=/root/.flyte/deps/uv/$1,$2$4')
        .replace(/target=libs\/helper/, 'target=/root/.flyte/deps/uv/libs/helper')
        .replace(/(uv sync .*--no-install-project)$/, '$1 --project /root/.flyte/deps/uv')
        .replace(/target=(poetry\.lock|pyproject\.toml),/g, 'target=/root/.flyte/deps/poetry/$1,')
        .replace(/(poetry install --no-root)$/, '$1 -C /root/.flyte/deps/poetry'),
  },
  'uv-locked': {
    why: '`uv sync --locked` when a uv.lock is used: the tag covers the lock, so a build that re-resolves would not be the image the tag names (docs/hashing.md)',
    rewrite: (i) => i.replace(/uv sync --active --inexact( --no-editable)?/, 'uv sync --active --inexact$1 --locked'),
  },
  'code-bundle-dir': {
    why: 'a baked `loaded_modules` bundle is staged apart, under `_code_bundle/` (flyte-sdk: under root_dir\'s context path, `_flyte_abs_context<absolute host path>` for an absolute root_dir), so that `COPY` takes only its files and no host path is written',
    rewrite: (i) => i.replace(/_flyte_abs_contextORACLE_DIR\/specs\/fixtures\/app /, '_code_bundle '),
  },
  'secret-files': {
    why: 'build secrets are named by their id (not Python\'s hash()), and a secret exposed as a variable is mounted as a file and exported (podman and buildah have no `env=` secret mounts)',
    rewrite: (i) =>
      i
        .replace(/id=\d+,target=\/etc\/flyte\/secrets/, 'id=APT_SECRET,target=/etc/flyte/secrets')
        .replace(/--mount=type=secret,id=\d+,env=GITHUB_PAT (.*)$/, '--mount=type=secret,id=GITHUB_PAT,target=/run/secrets/GITHUB_PAT export GITHUB_PAT="$(cat /run/secrets/GITHUB_PAT)" && $1')
        .replace(/--mount=type=secret,id=\d+,env=MY_TOKEN (.*)$/, '--mount=type=secret,id=TOKEN,target=/run/secrets/TOKEN export MY_TOKEN="$(cat /run/secrets/TOKEN)" && $1'),
  },
};

interface Expectation {
  /** What the spec's runner set: `flyte.init(root_dir=...)`, the deploy's `copy_style`, the modules it imported. */
  readonly deploy?: Partial<Pick<CompileOptions, 'copyStyle' | 'rootDir' | 'entries'>>;
  /** What flyimgc says: `ok`, or the error code it reports. */
  readonly verdict: 'ok' | `FLY${string}`;
  /** Why flyimgc's verdict differs from flyte-sdk's, when it does. */
  readonly verdictDiffers?: string;
  readonly differences?: readonly Difference[];
  /** The build context differs from flyte-sdk's: why (only with a rewrite the test can name). */
  readonly context?: { readonly rewrite: (path: string) => string; readonly why: string };
  /** Not reproducible yet: the part that fails, and why (vitest `it.fails`). */
  readonly pending?: { readonly parts: readonly ('tag' | 'dockerfile' | 'context')[]; readonly why: string };
}

const NO_REGISTRY = 'flyte-sdk refuses to build an image with no registry to push to (ImageBuildError, after writing the Dockerfile); flyimgc compiles it, and the push target is given at build time (`[build] registry`, `--registry`)';
/** flyte-sdk ran 02 and 02b with `flyte.init(root_dir="fixtures/app")` and copy style `none`; the runner had imported main_mod. */
const BAKE_IN = { copyStyle: 'none', rootDir: 'fixtures/app', entries: ['fixtures/app/main_mod.py'] } as const;
const hostPathContext = { rewrite: (p: string) => p.replace(/^_flyte_abs_contextORACLE_DIR\/specs\//, ''), why: 'no host paths: the absolute source is the same file as fixtures/single.txt' };

const EXPECT: Record<string, Expectation> = {
  '01_debian_apt_pip': { verdict: 'ok' },
  '01_debian_apt_pip__devmode': { verdict: 'ok' },
  '02_remote_builder_pattern': {
    verdict: 'ok',
    deploy: BAKE_IN,
    differences: ['chown', 'code-bundle-dir'],
    context: { rewrite: (p) => p.replace(/^_flyte_abs_contextORACLE_DIR\/specs\/fixtures\/app\//, '_code_bundle/'), why: 'the baked bundle is staged under `_code_bundle/` (see code-bundle-dir)' },
  },
  '02b_code_bundle_all': { verdict: 'ok', deploy: BAKE_IN, differences: ['chown'] },
  '03_dockerfile_then_pip': { verdict: 'FLY4002' },
  '03b_dockerfile_plain': { verdict: 'ok' },
  '03c_dockerfile_clone_extendable_then_pip': { verdict: 'FLY4002' },
  '04_ref_name': { verdict: 'ok' },
  '04b_ref_name_with_pip': { verdict: 'FLY4001' },
  '04c_ref_name_clone_extendable': { verdict: 'ok' },
  '05_source_folder_file': { verdict: 'ok', differences: ['chown', 'dir-slash', 'host-path'], context: hostPathContext },
  '06_requirements': { verdict: 'ok', differences: ['deps-mounts'] },
  '07_uv_project_deps_only': { verdict: 'ok', differences: ['deps-mounts', 'uv-locked'] },
  '08_uv_project_install': { verdict: 'ok', differences: ['uv-locked'] },
  '09_poetry_project': { verdict: 'ok', differences: ['deps-mounts'] },
  '09b_poetry_project_install': { verdict: 'ok' },
  '10_uv_script': { verdict: 'ok' },
  '10_uv_script__devmode': { verdict: 'ok' },
  '11_workdir': { verdict: 'ok', differences: ['chown', 'dir-slash'] },
  '12_dockerignore': { verdict: 'ok', differences: ['chown'] },
  '13_multiarch': { verdict: 'ok' },
  '14_pip_index_options': {
    verdict: 'FLY3017',
    verdictDiffers: '`weird pkg[extra]>=1; ...` is not a PEP 508 requirement: pip would fail at build time, flyimgc refuses it before (the tag is still flyte-sdk\'s)',
  },
  '15_secrets': { verdict: 'ok', differences: ['secret-files'] },
  '16_no_registry': { verdict: 'ok', verdictDiffers: NO_REGISTRY },
  '17_uv_project_extra_index_list': { verdict: 'ok', verdictDiffers: 'flyte-sdk raises a TypeError for a list of `extra_index_urls` in `with_uv_project` (its signature says a list is fine); flyimgc accepts it' },
  '18_default_debian_unmodified': { verdict: 'ok' },
  '18_default_debian_unmodified__devmode': { verdict: 'ok', verdictDiffers: NO_REGISTRY },
  '19_non_extendable': { verdict: 'FLY4001' },
  '20_init_dockerignore_rootdir': {
    verdict: 'ok',
    deploy: { rootDir: 'fixtures/di_proj' },
    differences: ['chown'],
  },
};

/** flyte-sdk's verdict: `ok`, or the first error it raised (`errors` in meta.json). */
function flyteVerdict(oracle: OracleOutput): string {
  const first = oracle.meta.errors[0];
  return first ? `${first.type}: ${first.message}` : 'ok';
}

let python: PythonParser | undefined;
beforeAll(async () => {
  python = await loadPythonParser();
});

function compileSpec(spec: string, oracle: OracleOutput): CompileResult {
  const deploy = EXPECT[spec]?.deploy;
  const dev = spec.endsWith('__devmode');
  const dir = dev ? DEVMODE : SPECS;
  const host = withOracleWalkOrder(nodeHost(dir), dir, oracle.meta.hash_update_stream?.updates ?? []);
  return compile([`${spec.replace(/__devmode$/, '')}.flyimg`], host, {
    ...DEFAULT_ANALYZE_OPTIONS,
    imageMap: new Map(),
    tools: DEFAULT_TOOL_IMAGES,
    hash: 'flyte',
    ...deploy,
    ...(python ? { python } : {}),
  });
}

describe('flyte-sdk known answers (../shared/flyte-oracle)', () => {
  it('the oracle is there (CI has it)', () => {
    if (!present && process.env['CI'] !== 'true') return;
    expect(present, `${ORACLE} is missing`).toBe(true);
  });
  if (!present) return;

  const specs = readdirSync(ORACLE).sort();
  it('every spec has an expectation and a translation', () => {
    // 26 specs, three of them also run with flyte-sdk as a dev build.
    expect(specs.length).toBe(29);
    expect(Object.keys(EXPECT).sort()).toEqual(specs);
    for (const spec of specs) expect(existsSync(`${spec.endsWith('__devmode') ? DEVMODE : SPECS}${spec.replace(/__devmode$/, '')}.flyimg`), spec).toBe(true);
  });

  describe.each(specs)('%s', (spec) => {
    const expected = EXPECT[spec]!;
    const oracle = readOracle(ORACLE, spec);
    const run = (() => {
      let result: CompileResult | undefined;
      return () => (result ??= compileSpec(spec, oracle));
    })();
    const image = () => run().images.find((i) => i.ir.binding.name === 'image');
    const part = (name: 'tag' | 'dockerfile' | 'context') => (expected.pending?.parts.includes(name) ? it.fails : it);

    it('verdict', () => {
      const errors = run().diagnostics.filter((d) => d.severity === 'error');
      const ours = errors.length === 0 ? 'ok' : errors[0]!.code;
      expect(ours).toBe(expected.verdict);
      const theirs = flyteVerdict(oracle);
      // A named difference must be a real one; otherwise both accept, or both refuse.
      expect(theirs === 'ok', `flyte-sdk: ${theirs}${expected.verdictDiffers ? `; differs: ${expected.verdictDiffers}` : ''}`).toBe(expected.verdictDiffers ? ours !== 'ok' : ours === 'ok');
      // flyimgc quotes the error flyte-sdk raises at that call.
      if (theirs !== 'ok' && !expected.verdictDiffers) expect(errors[0]!.notes?.join('\n') ?? '').toContain(theirs.replace(/^\w+: /, ''));
    });

    if (expected.verdict === 'ok' && oracle.meta.final_tag !== undefined) {
      part('tag')('tag and URI', () => {
        const built = image();
        // An image that is not built is known by the URI deploys use (a mapped ref, flyte's default image).
        expect(built?.ir.kind === 'external' ? built.uri : built?.hash?.tag).toBe(built?.ir.kind === 'external' ? (oracle.meta.deploy_uri ?? oracle.meta.uri) : oracle.meta.final_tag);
        if (built?.ir.kind !== 'external') expect(built?.uri).toBe(oracle.meta.uri);
      });
    }
    if (expected.verdict !== 'ok' && oracle.meta.final_tag !== undefined) {
      it('tag (flyimgc refuses the spec, its IR still hashes to flyte-sdk\'s tag)', () => {
        const dir = spec.endsWith('__devmode') ? DEVMODE : SPECS;
        const host = withOracleWalkOrder(nodeHost(dir), dir, oracle.meta.hash_update_stream?.updates ?? []);
        const analysis = analyze([`${spec}.flyimg`], host, DEFAULT_ANALYZE_OPTIONS);
        const [ir] = lowerImages(analysis.model, analysis.inputs, host, { imageMap: new Map(), allowOutsideProject: false, tools: DEFAULT_TOOL_IMAGES });
        expect(flyteTag(ir!, host, [])?.tag).toBe(oracle.meta.final_tag);
      });
    }

    if (expected.verdict === 'ok' && oracle.dockerfile !== undefined) {
      part('dockerfile')('Dockerfile, instruction by instruction', () => {
        const output = run().outputs.find((o) => o.path === 'image/Dockerfile');
        const ours = output && 'text' in output ? output.text : output && 'copyFrom' in output ? readInstructionsFile(output.copyFrom, spec) : '';
        const used = new Set<Difference>();
        const theirs = readInstructions(oracle.dockerfile!).map((instruction) =>
          (expected.differences ?? []).reduce((text, name) => {
            const rewritten = DIFFERENCES[name].rewrite(text);
            if (rewritten !== text) used.add(name);
            return rewritten;
          }, instruction),
        );
        expect(readInstructions(ours)).toEqual(theirs);
        // Every difference named for this spec is one it has.
        expect([...used].sort()).toEqual([...(expected.differences ?? [])].sort());
      });
    }

    if (expected.verdict === 'ok' && oracle.context !== undefined) {
      part('context')('build context files', () => {
        const built = image()!;
        const theirs = oracle.context!.map((line) => {
          const [path, size] = line.split('\t');
          return `${expected.context ? expected.context.rewrite(path!) : path}\t${size}`;
        });
        // flyimgc writes the Dockerfile beside the context, not in it.
        expect(built.ir.context.map((f) => `${f.path}\t${f.size}`)).toEqual([...new Set(theirs)].sort());
      });
    }
  });
});

/** A `from_dockerfile` image's Dockerfile is the user's file, copied as is. */
function readInstructionsFile(path: string, spec: string): string {
  const read = nodeHost(spec.endsWith('__devmode') ? DEVMODE : SPECS).readFile(path);
  return read.ok ? new TextDecoder().decode(read.bytes) : '';
}
