#!/usr/bin/env node
// CommonJS (bin/package.json), as is everything it loads before the command runs: Node starts a
// CommonJS entry point faster than an ES module one (issue 14: start-up). See src/cli/start.ts.
'use strict';
const { join } = require('node:path');
const { start } = require('../dist/bundle/start.cjs');

start(join(__dirname, '..', 'dist', 'bundle'), process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
