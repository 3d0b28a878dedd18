/**
 * The manifest's schema, in zod: the compiler validates every manifest it writes against it, and
 * `docs/manifest.schema.json` (JSON Schema, generated from it) is what other tools can validate against.
 */
import * as z from 'zod';

const FileDigestSchema = z
  .object({
    path: z.string().describe('path inside the build context'),
    size: z.number().int().nonnegative(),
    executable: z.boolean(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const ManifestImageSchema = z
  .object({
    binding: z.string().describe('the binding name in the .flyimg file'),
    source: z.string().describe('`file:line` of the binding, relative to its project root'),
    kind: z.enum(['generated', 'dockerfile', 'external']).describe('generated: flyimgc wrote the Dockerfile; dockerfile: the user\'s own; external: not built'),
    refName: z.string().optional(),
    name: z.string().optional(),
    registry: z.string().optional(),
    uri: z.string().optional().describe('registry/name:tag, or the reference used as is'),
    tag: z.string().optional(),
    hashScheme: z.string().optional(),
    base: z.string().optional(),
    platforms: z.array(z.string()),
    python: z.string().regex(/^\d+\.\d+$/).describe('the Python version of the image as flyte-sdk records it; for a dockerfile or external image, the one the .flyimg file gives or the project default, not read from the image'),
    flyteVersion: z.string().optional(),
    extendable: z.boolean(),
    dependsOn: z.array(z.string()).describe('bindings this image derives from'),
    dockerfile: z.string().optional(),
    context: z.string().optional(),
    layers: z.array(z.string()).describe('one line per layer, for people'),
    inputs: z.array(FileDigestSchema).describe('every file of the build context with its digest'),
    secrets: z.array(z.string()).describe('ids of the build secrets; each is read from the host environment variable of the same name'),
    codeBundle: z.object({ copyStyle: z.string(), dst: z.string(), baked: z.boolean().optional() }).strict().optional(),
    notBuilt: z.string().optional(),
  })
  .strict();

export const ManifestEnvironmentSchema = z
  .object({
    name: z.string().describe('the environment\'s `name`, as flyte knows it'),
    binding: z.string().describe('the binding of the `TaskEnvironment(...)` in the .flyimg file'),
    source: z.string().describe('`file:line` of the binding, relative to its project root'),
    image: z.string().describe('the image binding the environment runs; its own binding when the image is written in place'),
    uri: z.string().optional().describe('the image\'s registry/name:tag, when known (a from_ref_name image is known only through --image)'),
    dependsOn: z.array(z.string()).describe('the names of the environments it depends on (`depends_on`)'),
  })
  .strict();

export const ManifestSchema = z
  .object({
    manifestVersion: z.literal(1),
    hashScheme: z.string().describe('flyimgc-v1 (default) or flyte-md5'),
    images: z.array(ManifestImageSchema),
    buildOrder: z.array(z.string()).describe('bindings to build, dependencies first'),
    imageRefs: z.array(z.string()).describe('`name=uri` pairs, as flyte\'s init_from_config(images=...) takes them'),
    environments: z.array(ManifestEnvironmentSchema).optional().describe('the `flyte.TaskEnvironment(...)` bindings, with their images (absent when there are none)'),
  })
  .strict();

export function manifestJsonSchema(): string {
  const schema = z.toJSONSchema(ManifestSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://flyimgc.dev/manifest.schema.json', title: 'flyimgc build manifest' }, null, 2)}\n`;
}
