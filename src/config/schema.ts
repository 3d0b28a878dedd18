/**
 * The project configuration file, `flyimg.toml`: its schema, checked with zod at the boundary.
 *
 * Written with zod/mini, not zod's chained API: the same checks and the same issue messages (with the English
 * locale), from a fifth of the code, which every run in a project with a flyimg.toml loads (issue 14: the
 * classic API cost ~25 ms of start-up to load, mini ~8 ms).
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

const nonEmpty = () => z.string().check(z.minLength(1));
const imageReference = z.string().check(z.minLength(1, 'an image reference cannot be empty'));

export const ProjectConfigSchema = z.strictObject({
  /** `Image.from_ref_name` names → the images they stand for. */
  images: z.optional(z.record(z.string(), imageReference)),
  /** Images the generated Dockerfiles copy tools from; point them at a mirror for air-gapped builds. */
  tools: z.optional(z.strictObject({ uv: z.optional(imageReference), pixi: z.optional(imageReference) })),
  /** Where images are pushed and how registries are reached. */
  build: z.optional(
    z.strictObject({
      /** Registry for images that do not name one (the URI changes, the tag does not). */
      registry: z.optional(nonEmpty()),
      /** Registries reached over plain HTTP (never assumed, not even for localhost). */
      insecure_registries: z.optional(z.array(nonEmpty())),
      /** The builder `flyimgc build` uses when `--builder` is not given (flyte-sdk's `image_builder`). */
      builder: z.optional(z.enum(['docker', 'podman', 'buildah', 'bake'])),
      /**
       * `builtin`: leave the `# syntax=` line out of the Dockerfiles, so that BuildKit uses its built-in
       * Dockerfile frontend instead of pulling `docker/dockerfile` (air-gapped BuildKit builders).
       */
      dockerfile_frontend: z.optional(z.enum(['image', 'builtin'])),
    }),
  ),
  /** The flyte-sdk installation flyimgc stands in for: what flyte-sdk reads from its own environment. */
  flyte: z.optional(
    z.strictObject({
      /** flyte-sdk's own version (`flyte.__version__`); a dev build switches its default image to dev mode. */
      sdk_version: z.optional(z.string().check(z.regex(/^v?\d+(\.\d+)*\S*$/, 'a version such as "2.6.5" or "2.6.6.dev1+g7e2d4231"'))),
      /** The Python version of images that do not set one (flyte-sdk uses its interpreter's), `"3.12"`. */
      python: z.optional(z.string().check(z.regex(/^3\.\d{1,2}$/, 'a Python version such as "3.12"'))),
      /** How a deploy treats `with_code_bundle`: `none` bakes the code in (`flyte.deploy(env, copy_style="none")`). */
      copy_style: z.optional(z.enum(['none', 'loaded_modules', 'all'])),
      /** `flyte.init(root_dir=...)`: where the code bundle is taken from (default: the project root). */
      root_dir: z.optional(nonEmpty()),
      /** The modules a deploy runs, from which `loaded_modules` follows the imports. */
      entry: z.optional(z.union([nonEmpty(), z.array(nonEmpty())])),
      /** A flyte `config.yaml` whose `image.image_refs` is updated with the built URIs. */
      config: z.optional(nonEmpty()),
    }),
  ),
  /** Reference prefix → mirror prefix, for the bases and tool images the Dockerfiles pull. */
  mirrors: z.optional(z.record(nonEmpty(), imageReference)),
});

export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
