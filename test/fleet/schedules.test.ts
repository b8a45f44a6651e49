/**
 * Schedules end to end: the signed slash command through the real ingress, the worker's schedules job
 * against EventBridge Scheduler (real SDK client, aws-sdk-client-mock) and the store, then a run as
 * Scheduler sends it through the worker to the Slack stand-in — and nothing once it is unscheduled.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { WebClient } from '@slack/web-api';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { slashCommandEvent } from '../../scripts/lib/slack-requests';
import { resetClients } from '../../src/aws/clients';
import { loadConfig, resetConfigCache } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { handler as slackHandler, resetIngress } from '../../src/handlers/slack';
import { checkJobPayload, type CommandJob, type ScheduledJob } from '../../src/jobs/payload';
import { listSchedules, schedulesKey } from '../../src/jobs/schedules';
import { slackClientOptions } from '../../src/slack/client-options';
import { MemoryStateStore } from '../../src/state/store';
import { processJob, type WorkerDeps } from '../../src/worker/process';
import type { JobRunner } from '../../src/worker/types';
import { SIGNING_SECRET, testEnv } from '../support/env';

const lambda = mockClient(LambdaClient);
const scheduler = mockClient(SchedulerClient);
const fake = new SlackFake();
const ctx = { getRemainingTimeInMillis: () => 3000 } as unknown as Context;
const SCHEDULES = {
  DBASSIST_SCHEDULE_GROUP: 'dbassist-test',
  DBASSIST_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/dbassist-test-scheduler',
  DBASSIST_WORKER_ARN: 'arn:aws:lambda:ap-northeast-2:123456789012:function:dbassist-test-worker',
};
let saved: NodeJS.ProcessEnv;
let store: MemoryStateStore;

function workerDeps(extra: Partial<WorkerDeps> = {}): WorkerDeps {
  const config = loadConfig(testEnv(fake.apiUrl, SCHEDULES));
  return {
    config,
    slack: new WebClient(config.slack.botToken, { ...slackClientOptions('worker', config.slack), retryConfig: { retries: 0 } }),
    store,
    log: createLogger({}, () => undefined),
    ...extra,
  };
}

/** What the ingress hands the worker for a slash command in channel C1. */
async function ingress(text: string, channel = 'C1'): Promise<{ job?: CommandJob; body: string }> {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  const res = await slackHandler(slashCommandEvent({ text, channel_id: channel, response_url: fake.responseUrl() }, { signingSecret: SIGNING_SECRET }), ctx);
  expect(res.statusCode).toBe(200);
  const call = lambda.commandCalls(InvokeCommand)[0];
  const job = call ? (JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString('utf8')) as CommandJob) : undefined;
  return { ...(job ? { job } : {}), body: String(res.body ?? '') };
}

/** The Input Scheduler stores, as it arrives at the worker: context attributes replaced. */
function asDelivered(input: string): unknown {
  return JSON.parse(input.replace('<aws.scheduler.execution-id>', 'd32c5kddcf5bb8c3').replace('<aws.scheduler.scheduled-time>', '2026-11-23T00:00:00Z'));
}

beforeAll(async () => {
  await fake.start();
  saved = { ...process.env };
  Object.assign(process.env, testEnv(fake.apiUrl, SCHEDULES));
  resetConfigCache();
  resetIngress();
});
afterAll(async () => {
  process.env = saved;
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  scheduler.reset();
  resetClients();
  store = new MemoryStateStore();
});

describe('schedule', () => {
  it('makes a Scheduler schedule in the time zone asked, invoking the worker with a job it accepts, and stores it', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:ap-northeast-2:123456789012:schedule/dbassist-test/x' });
    const { job } = await ingress('schedule daily 09:00 tz Asia/Seoul report gamedb1 24h');
    expect(job!.origin.reply).toBe('ephemeral');
    expect(job!.command).toMatchObject({ verb: 'schedule', when: { every: 'day', hour: 9, minute: 0, timezone: 'Asia/Seoul' } });

    expect(await processJob(job!, workerDeps(), () => 60_000)).toBe('done');
    const create = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(create).toMatchObject({
      GroupName: 'dbassist-test',
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Seoul',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: SCHEDULES.DBASSIST_WORKER_ARN, RoleArn: SCHEDULES.DBASSIST_SCHEDULER_ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    expect(create.Name).toMatch(/^dbassist-C1-s[a-z0-9]{7}$/);
    const run = checkJobPayload(asDelivered(create.Target!.Input!));
    expect(run.ok).toBe(true);
    const scheduled = (run as { job: ScheduledJob }).job;
    expect(scheduled).toMatchObject({
      kind: 'scheduled',
      id: 'd32c5kddcf5bb8c3',
      origin: { channel: 'C1', reply: 'thread' },
      command: { verb: 'report', target: 'gamedb1', window: { label: '1d' } },
    });

    const stored = await listSchedules(store, 'C1');
    expect(stored).toHaveLength(1);
    expect(create.Name).toBe(stored[0]!.name);
    const answer = fake.responses.at(-1)!.body as { text: string };
    expect(answer.text).toContain(`(id ${stored[0]!.id})`);
    expect(answer.text).toContain('daily 09:00 Asia/Seoul');
  });

  it('refuses to schedule what the asker may not run, before anything is made', async () => {
    const { job, body } = await ingress('schedule weekly mon 09:00 report billingdb');
    expect(job).toBeUndefined();
    expect(body).toMatch(/not allowed to run `report` on `billingdb`/);
  });

  it('stores nothing when Scheduler refuses, and says why', async () => {
    scheduler.on(CreateScheduleCommand).rejects(Object.assign(new Error('User is not authorized to perform iam:PassRole'), { name: 'AccessDeniedException' }));
    const { job } = await ingress('schedule daily 09:00 report gamedb1');
    expect(await processJob(job!, workerDeps(), () => 60_000)).toBe('failed');
    expect(await store.get(schedulesKey('C1'))).toBeUndefined();
    expect(JSON.stringify(fake.responses.at(-1)!.body)).toMatch(/failed/);
  });

  it('says schedules are off when the deployment has no Scheduler settings', async () => {
    const { job } = await ingress('schedule daily 09:00 report gamedb1');
    const deps = workerDeps({ config: loadConfig(testEnv(fake.apiUrl)) });
    expect(await processJob(job!, deps, () => 60_000)).toBe('done');
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
    expect(JSON.stringify(fake.responses.at(-1)!.body)).toContain('Schedules are not set up');
  });
});

describe('a scheduled run', () => {
  it('posts a new message in the schedule’s channel and edits it with the answer; after unschedule, nothing', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    scheduler.on(DeleteScheduleCommand).resolves({});
    await processJob((await ingress('schedule weekly mon 09:00 report gamedb1-1 6h')).job!, workerDeps(), () => 60_000);
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target!.Input!;
    const run = (checkJobPayload(asDelivered(input)) as { job: ScheduledJob }).job;

    const seen: CommandJob[] = [];
    const report: JobRunner = async (p) => {
      seen.push(p as CommandJob);
      return { text: 'report for gamedb1-1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'HEALTHY gamedb1-1' } }] };
    };
    fake.reset();
    expect(await processJob(run, workerDeps({ runners: { report } }), () => 60_000)).toBe('done');
    expect(seen[0]!.command).toEqual({ verb: 'report', target: 'gamedb1-1', window: { ms: 21_600_000, label: '6h', human: '6 hours' } });
    const top = fake.messages.filter((m) => m.channel === 'C1' && !m.thread_ts);
    expect(top).toHaveLength(1);
    expect(top[0]!.edits).toHaveLength(1);
    expect(top[0]!.text).toBe('report for gamedb1-1');

    const id = run.scheduleId;
    const del = await ingress(`unschedule ${id}`);
    expect(await processJob(del.job!, workerDeps(), () => 60_000)).toBe('done');
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({ Name: `dbassist-C1-${id}`, GroupName: 'dbassist-test' });
    expect(await listSchedules(store, 'C1')).toEqual([]);

    fake.reset();
    expect(await processJob(run, workerDeps({ runners: { report } }), () => 60_000)).toBe('unscheduled');
    expect(fake.calls).toHaveLength(0);
  });

  it('unschedule of an unknown id says so; a schedule already gone from Scheduler is still removed', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    const unknown = await ingress('unschedule s0000000');
    await processJob(unknown.job!, workerDeps(), () => 60_000);
    expect(JSON.stringify(fake.responses.at(-1)!.body)).toContain('There is no schedule `s0000000`');

    await processJob((await ingress('schedule daily 07:30 health')).job!, workerDeps(), () => 60_000);
    const [s] = await listSchedules(store, 'C1');
    expect(s!.command).toEqual({ verb: 'health', targets: ['gamedb1'] });
    await processJob((await ingress(`unschedule ${s!.id}`)).job!, workerDeps(), () => 60_000);
    expect(await listSchedules(store, 'C1')).toEqual([]);
    expect(JSON.stringify(fake.responses.at(-1)!.body)).toContain(`Deleted schedule ${s!.id}`);
  });

  it('schedules lists the channel’s schedules with their ids', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await processJob((await ingress('schedule daily 09:00 report gamedb1')).job!, workerDeps(), () => 60_000);
    await processJob((await ingress('schedule weekly fri 18:00 tz Europe/Berlin digest gamedb1 7d')).job!, workerDeps(), () => 60_000);
    await processJob((await ingress('schedules')).job!, workerDeps(), () => 60_000);
    const text = JSON.stringify(fake.responses.at(-1)!.body);
    const ids = (await listSchedules(store, 'C1')).map((s) => s.id);
    for (const id of ids) expect(text).toContain(id);
    expect(text).toContain('weekly fri 18:00 Europe/Berlin');
  });
});
