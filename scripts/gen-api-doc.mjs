// Regenerates docs/api.md from the signature table (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { apiMarkdown } from '../dist/check/apiDocs.js';

writeFileSync(new URL('../docs/api.md', import.meta.url), apiMarkdown());
