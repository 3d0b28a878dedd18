/** The project configuration file, `flyimg.toml`: its schema, checked with zod at the boundary. */
import { z } from 'zod';

const imageReference = z.string().min(1, 'an image reference cannot be empty');

/** `[flyte]`: flyte's `flyte.init(root_dir=...)`, `flyte.deploy(copy_style=...)`, the entry modules, the config.yaml to update. */
const FlyteSettingsSchema = z
  .object({
    copy_style: z.enum(['none', 'loaded_modules', 'all']).optional(),
    root_dir: z.string().min(1).optional(),
    entry: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    config: z.string().min(1).optional(),
  })
  .strict();

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
      })
      .strict()
      .optional(),
    /** Reference prefix → mirror prefix, for the bases and tool images the Dockerfiles pull. */
    mirrors: z.record(z.string().min(1), imageReference).optional(),
    /** How flyte deploys this project (what `flyte.init` and `flyte.deploy` are given). */
    flyte: FlyteSettingsSchema.optional(),
  })
  .strict();

export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
