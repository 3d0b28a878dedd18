// Injected into the command-line bundle by scripts/bundle-cli.mjs: what `import.meta.url` is there (the
// bundle is a CommonJS script, which has __filename instead).
import { pathToFileURL } from 'node:url';

export const flyimgcScriptUrl = pathToFileURL(__filename).href;
