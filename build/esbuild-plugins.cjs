// esbuild plugins for serverless-esbuild (custom.esbuild.plugins).
const { ingressStubs } = require('./ingress-stubs.cjs');
const { parseWorkerSource } = require('./parse-worker.cjs');

module.exports = [ingressStubs, parseWorkerSource];
