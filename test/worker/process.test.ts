/**
 * The worker: a job handed off by the ingress is claimed, run and answered in its thread; failures
 * and time-outs end in a clear message; a Slack retry that reaches another container is answered once.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { appMentionEvent, slashCommandEvent } from '../../scripts/lib/slack-requests';
import { resetClients } from '../../src/aws/clients';
import { loadConfig, resetConfigCache } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { METRIC, RecordingMetrics } from '../../src/core/metrics';
import { handler as slackHandler, resetIngress } from '../../src/handlers/slack';
import type { CommandJob, JobPayload } from '../../src/jobs/payload';
import { slackClientOptions } from '../../src/slack/client-options';
import { S3StateStore } from '../../src/state/s3-store';
import { MemoryStateStore } from '../../src/state/store';
import { processJob, type WorkerDeps } from '../../src/worker/process';
import type { JobRunner } from '../../src/worker/types';
import { SIGNING_SECRET, testEnv } from '../support/env';
import { s3WithConditionalWrites } from '../alerts/support';

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
    const metrics = new RecordingMetrics();
    const outcome = await processJob(
      job,
      deps(() => new Promise(() => undefined), { minBudgetMs: 50, metrics }),
      () => 0,
    );
    expect(outcome).toBe('timeout');
    expect(metrics.total(METRIC.jobTimeouts)).toBe(1);
    expect(metrics.total(METRIC.jobs, { verb: 'digest', outcome: 'timeout' })).toBe(1);
    expect(metrics.points.find((p) => p.name === METRIC.jobDuration)?.dimensions).toEqual({ verb: 'digest' });
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
  let s3: ReturnType<typeof s3WithConditionalWrites>;
  beforeEach(() => {
    s3?.restore();
    s3 = s3WithConditionalWrites(S3Client);
  });
  afterAll(() => s3?.restore());
  const objects = () => s3.objects;

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
    expect([...objects().keys()]).toEqual(['state/events/EvDup.json']);
    expect(JSON.parse(objects().get('state/events/EvDup.json')!.body)).toMatchObject({ status: 'done', owner: jobs[0]!.id });
    const thread = fake.thread('C1', '1700000005.000100');
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toBe('review done');
    expect(thread[0]!.edits[0]!.text).toBe('Working on SQL review on gamedb1…');
  });

  const mentionJob = (id: string, eventId: string): CommandJob => ({
    kind: 'command',
    id,
    requestedAt: '2026-01-01T00:00:00Z',
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1700000009.000100', eventId, reply: 'thread' },
    command: { verb: 'review', sql: 'SELECT 1' },
  });

  it('a worker that died after claiming blocks the retry only until its lease lapses', async () => {
    const store = new S3StateStore(new S3Client({ region: 'ap-northeast-2' }), 'dbassist-reports-test');
    // The first worker claimed the event and was killed: its lease is never renewed.
    await store.create('events/EvDead.json', { status: 'held', owner: 'job-dead', leaseUntil: Date.now() + 300, claimedAt: Date.now(), attempts: 1 });
    let runs = 0;
    const d = deps(
      async () => {
        runs++;
        return { text: 'answered by the retry', blocks: [] };
      },
      { store, eventLeaseMs: 300, leasePollMs: 50 },
    );
    expect(await processJob(mentionJob('job-retry', 'EvDead'), d, () => 60_000)).toBe('done');
    expect(runs).toBe(1);
    expect(JSON.parse(objects().get('state/events/EvDead.json')!.body)).toMatchObject({ status: 'done', owner: 'job-retry', attempts: 2 });
    expect(fake.thread('C1', '1700000009.000100').map((m) => m.text)).toEqual(['answered by the retry']);
  });

  it('a retry while the first worker is still running waits for it and ends as a duplicate', async () => {
    const store = new S3StateStore(new S3Client({ region: 'ap-northeast-2' }), 'dbassist-reports-test');
    let runs = 0;
    const slow: JobRunner = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 600)); // longer than the lease: it is renewed meanwhile
      return { text: 'slow answer', blocks: [] };
    };
    const d = deps(slow, { store, eventLeaseMs: 200, leasePollMs: 50 });
    const first = processJob(mentionJob('job-a', 'EvSlow'), d, () => 60_000);
    await new Promise((r) => setTimeout(r, 50));
    const retry = processJob(mentionJob('job-b', 'EvSlow'), d, () => 60_000);
    expect(await Promise.all([first, retry])).toEqual(['done', 'duplicate']);
    expect(runs).toBe(1);
  });

  it('frees the claim when no answer could be delivered, so a retry may answer', async () => {
    const store = new S3StateStore(new S3Client({ region: 'ap-northeast-2' }), 'dbassist-reports-test');
    fake.failNext('chat.postMessage', { error: 'channel_not_found' }, 3);
    const d = deps(async () => ({ text: 'lost', blocks: [] }), { store });
    await expect(processJob(mentionJob('job-x', 'EvUndeliverable'), d, () => 60_000)).rejects.toThrow(/could not deliver/);
    expect(objects().has('state/events/EvUndeliverable.json')).toBe(false);
  });
});
