/** The project configuration file, `flyimg.toml`: its schema, checked with zod at the boundary. */
import * as z from 'zod';

const imageReference = z.string().min(1, 'an image reference cannot be empty');

export const ProjectConfigSchema = z
  .object({
    /** `Image.from_ref_name` names → the images they stand for. */
    images: z.record(z.string(), imageReference).optional(),
    /** Images the generated Dockerfiles copy tools from; point them at a mirror for air-gapped builds. */
    tools: z.object({ uv: imageReference.optional(), pixi: imageReference.optional() }).strict().optional(),
    /** Where images are pushed and how registries are reached. */
    build: z
      .object({
        /** Registry for images that do not name one (the URI changes, the tag does not). */
        registry: z.string().min(1).optional(),
        /** Registries reached over plain HTTP (never assumed, not even for localhost). */
        insecure_registries: z.array(z.string().min(1)).optional(),
        /** The builder `flyimgc build` uses when `--builder` is not given (flyte-sdk's `image_builder`). */
        builder: z.enum(['docker', 'podman', 'buildah', 'bake']).optional(),
        /**
         * `builtin`: leave the `# syntax=` line out of the Dockerfiles, so that BuildKit uses its built-in
         * Dockerfile frontend instead of pulling `docker/dockerfile` (air-gapped BuildKit builders).
         */
        dockerfile_frontend: z.enum(['image', 'builtin']).optional(),
      })
      .strict()
      .optional(),
    /** The flyte-sdk installation flyimgc stands in for: what flyte-sdk reads from its own environment. */
    flyte: z
      .object({
        /** flyte-sdk's own version (`flyte.__version__`); a dev build switches its default image to dev mode. */
        sdk_version: z.string().regex(/^v?\d+(\.\d+)*\S*$/, 'a version such as "2.6.5" or "2.6.6.dev1+g7e2d4231"').optional(),
        /** The Python version of images that do not set one (flyte-sdk uses its interpreter's), `"3.12"`. */
        python: z.string().regex(/^3\.\d{1,2}$/, 'a Python version such as "3.12"').optional(),
        /** How a deploy treats `with_code_bundle`: `none` bakes the code in (`flyte.deploy(env, copy_style="none")`). */
        copy_style: z.enum(['none', 'loaded_modules', 'all']).optional(),
        /** `flyte.init(root_dir=...)`: where the code bundle is taken from (default: the project root). */
        root_dir: z.string().min(1).optional(),
        /** The modules a deploy runs, from which `loaded_modules` follows the imports. */
        entry: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
        /** A flyte `config.yaml` whose `image.image_refs` is updated with the built URIs. */
        config: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Reference prefix → mirror prefix, for the bases and tool images the Dockerfiles pull. */
    mirrors: z.record(z.string().min(1), imageReference).optional(),
  })
  .strict();

export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
