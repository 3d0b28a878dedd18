#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { start } from '../dist/cli/start.js';

process.exitCode = await start(fileURLToPath(new URL('../dist/bundle/', import.meta.url)), process.argv.slice(2));
