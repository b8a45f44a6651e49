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
  it('stays under 1.0 MB and keeps node-sql-parser, mysql2, simple-statistics, Bedrock, X-Ray and the unused receivers out', async () => {
    const { metafile, bytes } = await bundle('src/handlers/slack.ts', join(dir, 'slack.js'));
    expect(bytes).toBeLessThanOrEqual(1_000_000);
    const packages = bundledPackages(metafile);
    expect(packages.has('@slack/bolt')).toBe(true);
    expect(packages.has('@aws-sdk/client-lambda')).toBe(true);
    // Powertools Logger and Metrics, and the Secrets Manager client for the Slack secrets, are in;
    // the X-Ray SDK behind Powertools Tracer is not (active tracing covers the ingress: +124 KB and
    // +12 % require CPU measured for the Tracer, see README "Observability").
    for (const wanted of ['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-sdk/client-secrets-manager'])
      expect(packages.has(wanted), wanted).toBe(true);
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
      'aws-xray-sdk-core',
      '@aws-lambda-powertools/tracer',
    ]) {
      expect(packages.has(heavy), heavy).toBe(false);
    }
    // Our own code in it: the handler, slack/, config/, core/, the AWS client factory and the reader of
    // the function's secrets, the job payload contract, the model's shapes and the Lambda logger and
    // metrics, and the report links' URL shape (publish/link-url.ts: no key, no S3) for link previews;
    // nothing of the engines, the worker, alerts, state or the tracer.
    const sources = Object.keys(metafile.inputs).filter((i) => i.startsWith('src/'));
    const allowed =
      /^src\/(handlers\/slack\.ts|slack\/|config\/|core\/|aws\/(clients|function-secrets)\.ts|jobs\/payload\.ts|publish\/link-url\.ts|model\/|observability\/(lambda|logger|log-format|metrics)\.ts)/;
    expect(sources.filter((s) => !allowed.test(s))).toEqual([]);
  });
});
