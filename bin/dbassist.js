#!/usr/bin/env node
'use strict';
// The dbassist command line: the same grammar and engine as the Slack bot, without Slack or AWS.
// tsx compiles the TypeScript sources on the fly (CommonJS and dynamic imports), so there is no build step.
require('tsx/cjs');
import('tsx/esm')
  .then(() => require('../src/cli/main.ts').main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
