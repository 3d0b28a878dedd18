/** The package's version, read from package.json next to dist/ (so a packed install reports its own). */
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
