// Regenerates docs/diagnostics.md from the catalog (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { diagnosticsMarkdown } from '../dist/diagnostics/docs.js';

writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), diagnosticsMarkdown());
