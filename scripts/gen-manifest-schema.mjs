// Regenerates docs/manifest.schema.json from the zod schema (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../dist/emit/manifestSchema.js';

writeFileSync(new URL('../docs/manifest.schema.json', import.meta.url), manifestJsonSchema());
