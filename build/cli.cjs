#!/usr/bin/env node
// Builds the dbassist CLI into dist/cli/ (run by `npm run build`; `prepare` runs it on `npm ci` and
// `npm pack`): main.js answers help and --version and dispatches; each verb of src/cli/commands/ is a
// file of its own (report.js, digest.js, …) holding everything it needs, dependencies included, so the
// installed package has no runtime dependencies and a verb loads only its own code. The live AWS part of
// a verb (src/cli/live/*.ts: the AWS SDK and the collectors) is a file of its own too (live-report.js,
// …), loaded only when the verb talks to AWS, so `digest FILE` never parses the SDK.
'use strict';
const { readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');
const { parseWorkerSource } = require('./parse-worker.cjs');

const ROOT = join(__dirname, '..');
const COMMANDS = join(ROOT, 'src', 'cli', 'commands');
const VERBS = readdirSync(COMMANDS)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -3));

/** In commands/index.ts, `import('./digest')` becomes `require('./digest.js')`: a file beside main.js. */
const verbsApart = {
  name: 'verbs-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/[a-z-]+$/ }, (args) => {
      const name = args.path.slice(2);
      if (args.importer === join(COMMANDS, 'index.ts') && VERBS.includes(name)) return { path: `./${name}.js`, external: true };
      return undefined;
    });
  },
};

const LIVE = join(ROOT, 'src', 'cli', 'live');
const LIVE_MODULES = readdirSync(LIVE)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

/** In a verb, `import('../live/report')` becomes `require('./live-report.js')`: a file beside the verb's. */
const liveApart = {
  name: 'live-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/live\/[a-z-]+$/ }, (args) => {
      const name = args.path.slice('../live/'.length);
      if (args.importer.startsWith(COMMANDS) && LIVE_MODULES.includes(name) && args.kind === 'dynamic-import')
        return { path: `./live-${name}.js`, external: true };
      return undefined;
    });
  },
};

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: join(ROOT, 'dist', 'cli'),
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

async function buildCli(outdir = common.outdir) {
  rmSync(outdir, { recursive: true, force: true });
  // `import()` of a verb becomes `require()`: Node's ESM loader (module-format detection, URL
  // resolution) would cost tens of milliseconds at every start.
  await esbuild.build({
    ...common,
    outdir,
    entryPoints: { main: join(ROOT, 'src', 'cli', 'main.ts') },
    plugins: [verbsApart],
    supported: { 'dynamic-import': false },
  });
  // parseWorkerSource inlines the SQL parser's worker thread (src/review/parse-worker.ts) into the
  // verbs that review SQL, so the installed package starts it from a string, with no file beside it.
  await esbuild.build({
    ...common,
    outdir,
    entryPoints: Object.fromEntries(VERBS.map((v) => [v, join(COMMANDS, `${v}.ts`)])),
    plugins: [parseWorkerSource, liveApart],
    supported: { 'dynamic-import': false },
  });
  await esbuild.build({
    ...common,
    outdir,
    entryPoints: Object.fromEntries(LIVE_MODULES.map((m) => [`live-${m}`, join(LIVE, `${m}.ts`)])),
    plugins: [parseWorkerSource],
  });
  return { outdir, verbs: VERBS };
}

module.exports = { buildCli, VERBS, LIVE_MODULES };

if (require.main === module) {
  buildCli().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
