#!/usr/bin/env node
'use strict';
// The dbassist command line: the same grammar and engine as the Slack bot, without Slack or AWS.
require('tsx/cjs/api').register();
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
