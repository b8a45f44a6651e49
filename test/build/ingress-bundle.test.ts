/**
 * The ingress bundle, built exactly as serverless-esbuild builds it, must not contain the heavy
 * modules that only the worker needs, and the stubbed Bolt receivers must stay out of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, bundledPackages } from '../../bench/bundle';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingress bundle', () => {
  it('keeps node-sql-parser, mysql2, simple-statistics, Bedrock and the unused receivers out', async () => {
    const { metafile } = await bundle('src/handlers/slack.ts', join(dir, 'slack.js'));
    const packages = bundledPackages(metafile);
    expect(packages.has('@slack/bolt')).toBe(true);
    expect(packages.has('@aws-sdk/client-lambda')).toBe(true);
    for (const heavy of [
      'node-sql-parser',
      'mysql2',
      'simple-statistics',
      '@aws-sdk/client-bedrock-runtime',
      '@aws-sdk/client-bedrock-agent-runtime',
      '@aws-sdk/client-s3',
      'express',
      '@slack/socket-mode',
      'undici',
    ]) {
      expect(packages.has(heavy), heavy).toBe(false);
    }
    // Our own code in it: the handler, slack/, config/, core/, the AWS client factory, the job payload
    // contract and the model's shapes; nothing of the engines, the worker, alerts or state.
    const sources = Object.keys(metafile.inputs).filter((i) => i.startsWith('src/'));
    const allowed = /^src\/(handlers\/slack\.ts|slack\/|config\/|core\/|aws\/clients\.ts|jobs\/payload\.ts|model\/)/;
    expect(sources.filter((s) => !allowed.test(s))).toEqual([]);
  });
});
