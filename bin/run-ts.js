#!/usr/bin/env node
// Runs a TypeScript entry point with tsx's hooks (CommonJS and dynamic imports), so `npm run bench`,
// `npm run demo` and `npm run dev` work straight after `npm ci` with no build step.
'use strict';
const path = require('node:path');
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.js FILE.ts [args…]');
  process.exit(2);
}
require('tsx/cjs');
import('tsx/esm').then(() => {
  process.argv = [process.argv[0], path.resolve(entry), ...rest];
  require(path.resolve(entry));
});
