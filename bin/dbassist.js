#!/usr/bin/env node
'use strict';
// The dbassist command line: the same grammar and engine as the Slack bot, without Slack. It runs the
// bundle in dist/cli/, built by `npm run build` (which `npm ci` and `npm pack` run through `prepare`),
// so no TypeScript is compiled at run time.
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
  // `digest` holds nothing open once it has answered: end as soon as stdout and stderr are flushed,
  // without tearing the heap down (~4-5 ms of CPU on a 60 MB log: docs/digest-engine.md).
  if (process.argv[2] === 'digest') process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
