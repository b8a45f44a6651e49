#!/usr/bin/env node
'use strict';
// The dbassist command line: the same grammar and engine as the Slack bot, without Slack. It runs the
// bundle in dist/cli/, built by `npm run build` (which `npm ci` and `npm pack` run through `prepare`),
// so no TypeScript is compiled at run time.
// The digest is one pass of hot byte loops over the log, in a process that lives a few hundred ms:
// V8's optimising compiler spends a large share of that compiling them, and inlining makes it
// compile much more. Without inlining the whole `digest` process uses ~15% less CPU (measured in
// bench/digest-real.bench.ts), so it is turned off for that verb, before any of its code is compiled.
if (process.argv[2] === 'digest') require('node:v8').setFlagsFromString('--no-turbo-inlining');
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    process.stderr.write('dbassist: the CLI is not built: run `npm run build` in the dbassist directory (npm ci does it)\n');
    process.exit(3);
  }
  throw e;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
