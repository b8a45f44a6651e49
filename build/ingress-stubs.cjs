// esbuild plugin for the `slack` ingress bundle.
// Bolt's index pulls in every receiver (Express, Socket Mode, HTTP) and their dependencies;
// the ingress only uses App + AwsLambdaReceiver. These modules are replaced by stubs that throw
// if anything ever calls them, which keeps the ingress bundle small and its cold start short.
const STUBBED = ['express', '@slack/socket-mode', 'raw-body', 'jsonwebtoken', 'bowser'];
const filter = new RegExp(`^(${STUBBED.map((s) => s.replace(/[/@.-]/g, (c) => `\\${c}`)).join('|')})(/.*)?$`);

/** @type {import('esbuild').Plugin} */
const ingressStubs = {
  name: 'dbassist-ingress-stubs',
  setup(build) {
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'dbassist-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'dbassist-stub' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not bundled in the slack ingress`)}); };
module.exports = new Proxy(fail, { get: (_t, p) => (p === '__esModule' ? false : p === 'default' ? module.exports : fail), apply: fail, construct: fail });`,
      loader: 'js',
    }));
  },
};

module.exports = { ingressStubs, STUBBED };
