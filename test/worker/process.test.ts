/**
 * The worker: a job handed off by the ingress is claimed, run and answered in its thread; failures
 * and time-outs end in a clear message; a Slack retry that reaches another container is answered once.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { appMentionEvent, slashCommandEvent } from '../../scripts/lib/slack-requests';
import { resetClients } from '../../src/aws/clients';
import { loadConfig, resetConfigCache } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { handler as slackHandler, resetIngress } from '../../src/handlers/slack';
import type { CommandJob, JobPayload } from '../../src/jobs/payload';
import { slackClientOptions } from '../../src/slack/client-options';
import { S3StateStore } from '../../src/state/s3-store';
import { MemoryStateStore } from '../../src/state/store';
import { processJob, type WorkerDeps } from '../../src/worker/process';
import type { JobRunner } from '../../src/worker/types';
import { SIGNING_SECRET, testEnv } from '../support/env';

const lambda = mockClient(LambdaClient);
const fake = new SlackFake();
const ctx = { getRemainingTimeInMillis: () => 3000 } as unknown as Context;
let saved: NodeJS.ProcessEnv;

function deps(runner: JobRunner, extra: Partial<WorkerDeps> = {}): WorkerDeps {
  const config = loadConfig(testEnv(fake.apiUrl));
  return {
    config,
    slack: new WebClient(config.slack.botToken, { ...slackClientOptions('worker', config.slack), retryConfig: { retries: 0 } }),
    store: new MemoryStateStore(),
    log: createLogger({}, () => undefined),
    runner,
    ...extra,
  };
}

async function ingressJob(text: string): Promise<CommandJob> {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  const res = await slackHandler(slashCommandEvent({ text, channel_id: 'C1', response_url: fake.responseUrl() }, { signingSecret: SIGNING_SECRET }), ctx);
  expect(res.statusCode).toBe(200);
  const payload = lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array;
  return JSON.parse(Buffer.from(payload).toString('utf8')) as CommandJob;
}

beforeAll(async () => {
  await fake.start();
  saved = { ...process.env };
  Object.assign(process.env, testEnv(fake.apiUrl));
  resetConfigCache();
  resetIngress();
  resetClients();
});
afterAll(async () => {
  process.env = saved;
  await fake.stop();
});
beforeEach(() => fake.reset());

describe('worker', () => {
  it('receives the parsed job from the ingress and edits the placeholder with the answer', async () => {
    const job = await ingressJob('report gamedb1-1 6h');
    const seen: JobPayload[] = [];
    const outcome = await processJob(
      job,
      deps(async (p) => {
        seen.push(p);
        return { text: 'gamedb1-1: healthy', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'gamedb1-1: healthy' } }] };
      }),
      () => 60_000,
    );
    expect(outcome).toBe('done');
    expect((seen[0] as CommandJob).command).toMatchObject({ verb: 'report', target: 'gamedb1-1', window: { label: '6h' } });
    const placeholder = fake.message('C1', job.origin.placeholderTs!)!;
    expect(placeholder.text).toBe('gamedb1-1: healthy');
    expect(placeholder.edits[0]!.text).toBe('Working on report for gamedb1-1, last 6 hours…');
  });

  it('ends a failed job with a clear message in the thread, with secrets scrubbed', async () => {
    const job = await ingressJob('report gamedb1-1 1h');
    const outcome = await processJob(
      job,
      deps(async () => {
        throw new Error("Access denied for user 'dbassist'@'10.1.2.3' to gamedb1-1.abc123.ap-northeast-2.rds.amazonaws.com, arn:aws:iam::123456789012:role/x");
      }),
      () => 60_000,
    );
    expect(outcome).toBe('failed');
    const text = fake.message('C1', job.origin.placeholderTs!)!.text!;
    expect(text).toContain('Report for gamedb1-1, last 1 hour failed');
    expect(text).not.toMatch(/10\.1\.2\.3|rds\.amazonaws\.com|123456789012/);
  });

  it('says so when a job outruns its deadline', async () => {
    const job = await ingressJob('digest gamedb1-1 1h');
    const outcome = await processJob(
      job,
      deps(() => new Promise(() => undefined), { minBudgetMs: 50 }),
      () => 0,
    );
    expect(outcome).toBe('timeout');
    expect(fake.message('C1', job.origin.placeholderTs!)!.text).toContain('did not finish');
  });

  it('falls back to posting in the thread, then to response_url, when the placeholder is gone', async () => {
    const job = await ingressJob('report gamedb1-1 1h');
    fake.failNext('chat.update', { error: 'message_not_found' });
    await processJob(
      job,
      deps(async () => ({ text: 'answer one', blocks: [] })),
      () => 60_000,
    );
    expect(fake.thread('C1', job.origin.threadTs!).map((m) => m.text)).toEqual(['answer one']);

    const noThread: CommandJob = { ...job, origin: { ...job.origin, placeholderTs: undefined, threadTs: undefined } as CommandJob['origin'] };
    await processJob(
      noThread,
      deps(async () => ({ text: 'answer two', blocks: [] })),
      () => 60_000,
    );
    expect(fake.responses.at(-1)!.body).toMatchObject({ response_type: 'in_channel', text: 'answer two' });
  });

  it('answers ephemeral jobs through response_url', async () => {
    const job = await ingressJob('subscriptions');
    await processJob(
      job,
      deps(async () => ({ text: 'No subscriptions here.', blocks: [] })),
      () => 60_000,
    );
    expect(fake.responses.at(-1)!.body).toMatchObject({ response_type: 'ephemeral', replace_original: true, text: 'No subscriptions here.' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('event de-duplication across containers', () => {
  const s3 = mockClient(S3Client);
  const objects = new Map<string, string>();

  beforeEach(() => {
    objects.clear();
    s3.reset();
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string; IfNoneMatch?: string }) => {
      if (input.IfNoneMatch === '*' && objects.has(input.Key))
        throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
          name: 'PreconditionFailed',
          $metadata: { httpStatusCode: 412 },
        });
      objects.set(input.Key, input.Body);
      return { ETag: '"1"' };
    });
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('no such key'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }));
  });

  it('answers a mention once when the retry reaches a cold container', async () => {
    lambda.reset();
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const event = { text: '<@UBOT> SELECT 1', event_id: 'EvDup', ts: '1700000005.000100', channel: 'C1' };
    await slackHandler(appMentionEvent(event, { signingSecret: SIGNING_SECRET }), ctx);
    resetIngress(); // a new container: its in-memory set of event ids is empty
    await slackHandler(appMentionEvent(event, { signingSecret: SIGNING_SECRET, retryNum: 1 }), ctx);
    const jobs = lambda.commandCalls(InvokeCommand).map((c) => JSON.parse(Buffer.from(c.args[0].input.Payload as Uint8Array).toString('utf8')) as CommandJob);
    expect(jobs).toHaveLength(2);

    const store = new S3StateStore(new S3Client({ region: 'ap-northeast-2' }), 'dbassist-reports-test');
    let runs = 0;
    const d = deps(
      async () => {
        runs++;
        return { text: 'review done', blocks: [] };
      },
      { store },
    );
    const outcomes = [await processJob(jobs[0]!, d, () => 60_000), await processJob(jobs[1]!, d, () => 60_000)];
    expect(outcomes).toEqual(['done', 'duplicate']);
    expect(runs).toBe(1);
    expect([...objects.keys()]).toEqual(['state/events/EvDup.json']);
    const thread = fake.thread('C1', '1700000005.000100');
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toBe('review done');
    expect(thread[0]!.edits[0]!.text).toBe('Working on SQL review on gamedb1…');
  });
});
