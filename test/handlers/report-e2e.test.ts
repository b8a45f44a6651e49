/**
 * End to end: a `report` job through the worker (real registry and runner) → the answer in the Slack
 * thread with the link → GET /r/{token} on the reports function → 302 to a presigned URL of the very
 * key the job uploaded; a tampered or expired link is refused.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { WebClient } from '@slack/web-api';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { resetClients } from '../../src/aws/clients';
import { loadConfig, resetConfigCache } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { parseWindow } from '../../src/core/window';
import { handler as reportsHandler } from '../../src/handlers/reports';
import { handler as slackHandler, resetIngress } from '../../src/handlers/slack';
import { slashCommandEvent } from '../../scripts/lib/slack-requests';
import type { CommandJob } from '../../src/jobs/payload';
import { createLinkToken } from '../../src/publish/link-token';
import { slackClientOptions } from '../../src/slack/client-options';
import { MemoryStateStore } from '../../src/state/store';
import { processJob } from '../../src/worker/process';
import { SIGNING_SECRET, testEnv } from '../support/env';
import { awsFakes } from '../support/aws-fakes';

const aws = awsFakes();
const fake = new SlackFake();
let env: Record<string, string | undefined>;
let saved: NodeJS.ProcessEnv;

beforeAll(async () => {
  await fake.start();
  env = testEnv(fake.apiUrl);
  saved = { ...process.env };
  // The reports function reads its configuration from the environment; presigning needs (any) credentials.
  Object.assign(process.env, env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example' });
  resetConfigCache();
});
afterAll(async () => {
  process.env = saved;
  resetConfigCache();
  resetClients();
  await fake.stop();
});
beforeEach(() => aws.install(inject('mysqlUrl'), new Date()));

function job(target: string, windowText: string): CommandJob {
  return {
    kind: 'command',
    id: `job-${target}-${windowText}`,
    requestedAt: new Date().toISOString(),
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1700000000.000100' },
    command: { verb: 'report', target, window: parseWindow(windowText) },
  };
}

async function runInWorker(payload: CommandJob) {
  const config = loadConfig(env);
  return processJob(
    payload,
    {
      config,
      slack: new WebClient(config.slack.botToken, { ...slackClientOptions('worker', config.slack), retryConfig: { retries: 0 } }),
      store: new MemoryStateStore(),
      log: createLogger({}, () => undefined),
    },
    () => 120_000,
  );
}

function get(path: string): APIGatewayProxyEventV2 {
  const [, , token, artifact] = path.split('/');
  return {
    version: '2.0',
    rawPath: path,
    pathParameters: artifact ? { token: token!, artifact } : { token: token! },
    requestContext: { http: { method: 'GET', path } },
  } as unknown as APIGatewayProxyEventV2;
}

/** Every URL in the answer's blocks (buttons and links). */
function urlsIn(blocks: unknown): string[] {
  return [...JSON.stringify(blocks ?? []).matchAll(/https:\/\/api\.example\.test\/r\/[A-Za-z0-9_.-]+/g)].map((m) => m[0]);
}

describe('report, end to end', () => {
  test('a signed /dbassist report through the ingress ends as a linked answer in the placeholder thread', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    try {
      resetIngress();
      const ack = await slackHandler(slashCommandEvent({ text: 'report gamedb1-1 2h', channel_id: 'C1' }, { signingSecret: SIGNING_SECRET }), {
        getRemainingTimeInMillis: () => 3000,
      } as never);
      expect(ack.statusCode).toBe(200);
      const payload = JSON.parse(Buffer.from(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array).toString('utf8')) as CommandJob;
      expect(await runInWorker(payload)).toBe('done');
      const answer = fake.message('C1', payload.origin.placeholderTs!)!;
      expect(answer.edits[0]!.text).toBe('Working on report for gamedb1-1, last 2 hours…');
      const [url] = urlsIn(answer.blocks);
      expect((await reportsHandler(get(new URL(url!).pathname))).statusCode).toBe(302);
    } finally {
      lambda.restore();
    }
  });

  test('the thread gets the answer with a working link to the uploaded report', async () => {
    expect(await runInWorker(job('gamedb1-1', '1h'))).toBe('done');

    const thread = fake.thread('C1', '1700000000.000100');
    const answer = thread.at(-1)!;
    // The placeholder was edited into the answer.
    expect(answer.edits.length).toBeGreaterThan(0);
    const blocks = answer.blocks;
    const text = JSON.stringify(blocks);
    expect(text).toContain('gamedb1-1');
    expect(text).toMatch(/Open report/);
    expect(text).toMatch(/1h/);
    expect(text).toMatch(/24h/);
    const [url] = urlsIn(blocks);
    expect(url).toBeDefined();

    const htmlKey = aws.s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input.Key!)
      .find((k) => k.endsWith('/report.html'))!;
    expect(htmlKey).toMatch(/^reports\/gamedb1-1\//);

    const res = await reportsHandler(get(new URL(url!).pathname));
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers!.location));
    expect(decodeURIComponent(location.pathname)).toBe(`/${htmlKey}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('600');

    // The report's own link to its CSV, followed from the uploaded HTML, reaches the CSV's key.
    const html = String(aws.s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === htmlKey)!.args[0].input.Body);
    const csvHref = /href="(https:\/\/api\.example\.test\/r\/[^"]+\/metrics\.csv)"/.exec(html)![1]!;
    const csv = await reportsHandler(get(new URL(csvHref).pathname));
    expect(csv.statusCode).toBe(302);
    expect(decodeURIComponent(new URL(String(csv.headers!.location)).pathname)).toBe(`/${htmlKey.replace(/report\.html$/, 'metrics.csv')}`);

    const token = new URL(url!).pathname.split('/')[2]!;
    const [body, sig] = token.split('.') as [string, string];
    const tampered = `${body.slice(0, -1)}${body.endsWith('A') ? 'B' : 'A'}.${sig}`;
    const refused = await reportsHandler(get(`/r/${tampered}`));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toMatch(/not valid/);

    const prefix = htmlKey.slice(0, -'report.html'.length);
    const expired = createLinkToken({ k: prefix, exp: Math.floor(Date.now() / 1000) - 60 }, env.DBASSIST_LINK_SECRET!);
    const gone = await reportsHandler(get(`/r/${expired}`));
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toMatch(/expired/);
  });

  test('when S3 is down the answer still comes, without a link, and names what is missing', async () => {
    aws.s3.on(PutObjectCommand).rejects(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }));
    expect(await runInWorker(job('gamedb1-1', '1h'))).toBe('done');
    const answer = fake.thread('C1', '1700000000.000100').at(-1)!;
    const blocks = answer.blocks;
    expect(urlsIn(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toMatch(/report upload to S3/);
  });

  test('an unknown target ends in a clear message in the thread', async () => {
    expect(await runInWorker(job('nosuchdb', '1h'))).toBe('failed');
    const answer = fake.thread('C1', '1700000000.000100').at(-1)!;
    const text = JSON.stringify({ text: answer.text, blocks: answer.blocks });
    expect(text).toMatch(/I don't know `nosuchdb`/);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
