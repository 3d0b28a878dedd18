/** The project configuration file, `flyimg.toml`: its schema, checked with zod at the boundary. */
import { z } from 'zod';

const imageReference = z.string().min(1, 'an image reference cannot be empty');

export const ProjectConfigSchema = z
  .object({
    /** `Image.from_ref_name` names → the images they stand for. */
    images: z.record(z.string(), imageReference).optional(),
    /** Images the generated Dockerfiles copy tools from; point them at a mirror for air-gapped builds. */
    tools: z.object({ uv: imageReference.optional(), pixi: imageReference.optional() }).strict().optional(),
  })
  .strict();

export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
