/** Builds Lambda bundles exactly as serverless-esbuild does (same options and plugins). */
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';

// The same CommonJS module serverless-esbuild loads (custom.esbuild.plugins), so both builds match.
const plugins = require('../build/esbuild-plugins.cjs');

export const ROOT = join(__dirname, '..');

export async function bundle(entry: string, outfile: string, options: { stubs?: boolean } = {}): Promise<{ bytes: number; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    plugins: options.stubs === false ? [] : plugins,
  });
  const out = Object.values(result.metafile.outputs)[0]!;
  return { bytes: out.bytes, metafile: result.metafile };
}

/** Packages (node_modules names) that made it into a bundle. */
export function bundledPackages(metafile: Metafile): Set<string> {
  const names = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (m) names.add(m[1]!);
  }
  return names;
}
