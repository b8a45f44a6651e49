#!/usr/bin/env node
// Runs a TypeScript entry point with tsx's require hook, so `npx dbassist`, `npm run bench` and
// `npm run demo` work straight after `npm ci` with no build step.
'use strict';
const path = require('node:path');
require('tsx/cjs/api').register();
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.js FILE.ts [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...rest];
require(path.resolve(entry));
