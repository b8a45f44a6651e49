// esbuild plugin: `require('dbassist:parse-worker-source')` in src/review/parse-pool.ts becomes the text
// of src/review/parse-worker.ts bundled on its own (node-sql-parser included), so the Lambda bundle can
// start the SQL parser's worker thread from a string (new Worker(code, { eval: true })) with no file
// beside it. Outside a bundle the require fails and the pool loads the TypeScript file through tsx.
const path = require('node:path');

const NAME = 'dbassist:parse-worker-source';

/** @type {import('esbuild').Plugin} */
const parseWorkerSource = {
  name: 'dbassist-parse-worker-source',
  setup(build) {
    const esbuild = build.esbuild;
    build.onResolve({ filter: /^dbassist:parse-worker-source$/ }, () => ({ path: NAME, namespace: 'dbassist-parse-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'dbassist-parse-worker' }, async () => {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const entry = path.join(root, 'src', 'review', 'parse-worker.ts');
      const out = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        write: false,
        logLevel: 'silent',
      });
      return { contents: `module.exports = ${JSON.stringify(out.outputFiles[0].text)};`, loader: 'js', watchFiles: [entry] };
    });
  },
};

module.exports = { parseWorkerSource };
