/**
 * A schedule's run as EventBridge Scheduler delivers it, into the real `worker` Lambda entry: the
 * Input validated as a job, the schedule looked up in the S3 state store, the live fleet view (RDS and
 * CloudWatch through the real SDK clients with aws-sdk-client-mock) posted as a new message in the
 * schedule's channel on the Slack stand-in — and nothing once the schedule is gone from the store.
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { resetClients } from '../../src/aws/clients';
import { resetConfigCache } from '../../src/config/env';
import { handler } from '../../src/handlers/worker';
import { type ChannelSchedules, scheduleInput } from '../../src/jobs/schedules';
import { s3WithConditionalWrites } from '../alerts/support';
import { testEnv } from '../support/env';

const fake = new SlackFake();
const rds = mockClient(RDSClient);
const cw = mockClient(CloudWatchClient);
const ctx = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const ENV = {
  DBASSIST_SCHEDULE_GROUP: 'dbassist-test',
  DBASSIST_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/dbassist-test-scheduler',
  DBASSIST_WORKER_ARN: 'arn:aws:lambda:ap-northeast-2:123456789012:function:dbassist-test-worker',
};
let saved: NodeJS.ProcessEnv;
let s3: ReturnType<typeof s3WithConditionalWrites>;

const command = { verb: 'health' as const, targets: ['gamedb1'] };
const stored: ChannelSchedules = {
  schedules: [
    {
      id: 'sabc1234',
      name: 'dbassist-C1-sabc1234',
      when: { every: 'day', hour: 9, minute: 0, timezone: 'Asia/Seoul' },
      expression: 'cron(0 9 * * ? *)',
      command,
      by: 'U1',
      at: '2026-11-20T00:00:00.000Z',
    },
  ],
};
/** Scheduler's invocation: the stored Input with its context attributes filled in. */
const event = () =>
  JSON.parse(
    scheduleInput({ team: 'T1', channel: 'C1', user: 'U1' }, 'sabc1234', command)
      .replace('<aws.scheduler.execution-id>', 'd32c5kddcf5bb8c3')
      .replace('<aws.scheduler.scheduled-time>', '2026-11-21T00:00:00Z'),
  );

beforeAll(async () => {
  await fake.start();
  saved = { ...process.env };
  Object.assign(process.env, testEnv(fake.apiUrl, ENV));
  resetConfigCache();
  resetClients();
  s3 = s3WithConditionalWrites(S3Client);
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [
      {
        DBClusterMembers: [
          { DBInstanceIdentifier: 'gamedb1-1', IsClusterWriter: true },
          { DBInstanceIdentifier: 'gamedb1-2', IsClusterWriter: false },
        ],
      },
    ],
  });
  // gamedb1-2 runs hot; everything else is quiet.
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => {
      const name = q.MetricStat!.Metric!.MetricName!;
      const hot = q.MetricStat!.Metric!.Dimensions![0]!.Value === 'gamedb1-2' && name === 'CPUUtilization';
      const v = name === 'BufferCacheHitRatio' ? 99.9 : hot ? 97 : 5;
      return {
        Id: q.Id,
        Timestamps: [1, 2, 3, 4, 5].map((i) => new Date(input.EndTime!.getTime() - i * 60_000)),
        Values: [v, v, v, v, v],
        StatusCode: 'Complete',
      };
    }),
  }));
});
afterAll(async () => {
  s3.restore();
  process.env = saved;
  await fake.stop();
});

describe('worker handler, invoked by EventBridge Scheduler', () => {
  it('runs a stored schedule and posts the answer as a new message in its channel', async () => {
    s3.objects.set('state/schedules/C1.json', { body: JSON.stringify(stored), etag: '"s1"' });
    expect(await handler(event(), ctx)).toEqual({ outcome: 'done' });
    const posted = fake.messages.filter((m) => m.channel === 'C1' && !m.thread_ts);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.edits).toHaveLength(1);
    expect(posted[0]!.text).toMatch(/^Fleet health: 1 critical, 1 healthy\. Worst: gamedb1-2 \(critical\)/);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);
  });

  it('does nothing for a schedule no longer in the store', async () => {
    fake.reset();
    s3.objects.delete('state/schedules/C1.json');
    expect(await handler(event(), ctx)).toEqual({ outcome: 'unscheduled' });
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses an input that is not a job (a hand-made schedule, a changed shape)', async () => {
    expect(await handler({ ...event(), scheduleId: '../../x' }, ctx)).toEqual({ outcome: 'invalid' });
    expect(await handler({ ...event(), command: { verb: 'review', sql: 'SELECT 1' } }, ctx)).toEqual({ outcome: 'invalid' });
  });
});
