// esbuild plugins for serverless-esbuild (custom.esbuild.plugins).
const { ingressStubs } = require('./ingress-stubs.cjs');

module.exports = [ingressStubs];
