/**
 * The ingress's cold start and ack latency:
 * - its bundle size, built like serverless-esbuild builds it;
 * - require time against a reference bundle (Bolt + every AWS client + node-sql-parser) built in the same run;
 * - ack latency for 1,000 signed slash commands through the real handler in-process (placeholder to
 *   a local Slack stand-in, hand-off through the real Lambda client with aws-sdk-client-mock).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantile } from 'simple-statistics';
import { SlackFake } from '../scripts/lib/slack-fake';
import { slashCommandEvent } from '../scripts/lib/slack-requests';
import { SIGNING_SECRET, testEnv } from '../test/support/env';
import { bundle, ROOT } from './bundle';
import type { Bench } from './types';

const WORK = join(ROOT, 'bench/.work');

const REFERENCE = `
import { App, AwsLambdaReceiver } from '@slack/bolt';
import * as rds from '@aws-sdk/client-rds';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as sm from '@aws-sdk/client-secrets-manager';
import * as s3 from '@aws-sdk/client-s3';
import * as br from '@aws-sdk/client-bedrock-runtime';
import * as bar from '@aws-sdk/client-bedrock-agent-runtime';
import * as sns from '@aws-sdk/client-sns';
import * as lambda from '@aws-sdk/client-lambda';
import { Parser } from 'node-sql-parser/build/mysql';
export const all = [App, AwsLambdaReceiver, rds, cw, logs, sm, s3, br, bar, sns, lambda, Parser];
`;

function requireMs(file: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`],
      { encoding: 'utf8' },
    );
    times.push(Number(out));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function ackLatency(n: number): Promise<{ p50: number; p99: number; max: number }> {
  const fake = await new SlackFake().start();
  const lambda = mockClient(LambdaClient);
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  const saved = { ...process.env };
  Object.assign(process.env, testEnv(fake.apiUrl), { DBASSIST_LOG_LEVEL: 'error' });
  const { handler } = await import('../src/handlers/slack');
  const ctx = { getRemainingTimeInMillis: () => 3000 } as unknown as Context;
  const times: number[] = [];
  try {
    // Warm-up: the first request builds the Bolt app (cold start is measured by the require figure).
    await handler(slashCommandEvent({ text: 'help' }, { signingSecret: SIGNING_SECRET }), ctx);
    for (let i = 0; i < n; i++) {
      const event = slashCommandEvent(
        { text: i % 4 === 0 ? 'help' : `report gamedb1-${(i % 2) + 1} ${(i % 12) + 1}h`, channel_id: 'C1' },
        { signingSecret: SIGNING_SECRET },
      );
      const t = performance.now();
      const res = await handler(event, ctx);
      times.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`request ${i} answered ${res.statusCode}`);
    }
    const handedOff = lambda.commandCalls(InvokeCommand).length;
    if (handedOff !== n - Math.ceil(n / 4)) throw new Error(`expected ${n - Math.ceil(n / 4)} hand-offs, saw ${handedOff}`);
  } finally {
    process.env = saved;
    lambda.restore();
    await fake.stop();
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: Math.max(...times) };
}

export const benchmarks: Bench[] = [
  {
    name: 'ingress cold start',
    async run() {
      mkdirSync(WORK, { recursive: true });
      const ingress = await bundle('src/handlers/slack.ts', join(WORK, 'ingress.js'));
      const refEntry = join(WORK, 'reference-entry.ts');
      writeFileSync(refEntry, REFERENCE);
      const reference = await bundle(refEntry, join(WORK, 'reference.js'), { stubs: false });
      const ingressMs = requireMs(join(WORK, 'ingress.js'), 15);
      const referenceMs = requireMs(join(WORK, 'reference.js'), 15);
      const ratio = ingressMs / referenceMs;
      return [
        { figure: 'ingress bundle size (minified)', value: ingress.bytes / 1e6, unit: 'MB', target: '≤ 1.0 MB', pass: ingress.bytes <= 1e6 },
        { figure: 'reference bundle size (Bolt + AWS clients + node-sql-parser)', value: reference.bytes / 1e6, unit: 'MB' },
        { figure: 'ingress require time (median of 15)', value: ingressMs, unit: 'ms' },
        { figure: 'reference require time (median of 15)', value: referenceMs, unit: 'ms' },
        { figure: 'ingress / reference require time', value: ratio, unit: '×', target: '≤ 0.5', pass: ratio <= 0.5 },
      ];
    },
  },
  {
    name: 'ingress ack latency',
    async run() {
      const n = 1000;
      const { p50, p99, max } = await ackLatency(n);
      return [
        { figure: `ack latency p50 (${n} signed slash commands)`, value: p50, unit: 'ms' },
        { figure: `ack latency p99 (${n} signed slash commands)`, value: p99, unit: 'ms', target: '≤ 50 ms', pass: p99 <= 50 },
        { figure: `ack latency max (${n} signed slash commands)`, value: max, unit: 'ms' },
      ];
    },
  },
];
