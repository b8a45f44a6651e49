/**
 * The Lambda entry points as deployed: the alerts handler and both runners build their state store,
 * WebClient and targets from the environment (config()), S3 reached through src/aws/clients.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import type { RecordResult } from '../../src/alerts/process';
import { resetClients } from '../../src/aws/clients';
import { config, resetConfigCache } from '../../src/config/env';
import { parseAlertAction } from '../../src/slack/alert-buttons';
import type { AlertActionJob, CommandJob } from '../../src/jobs/payload';
import type { WorkerContext } from '../../src/worker/types';
import { testEnv } from '../support/env';
import { fixture, quietLog, s3WithConditionalWrites, snsEvent, sqsEvent } from '../alerts/support';

let fake: SlackFake;
let s3: ReturnType<typeof s3WithConditionalWrites>;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await new SlackFake().start();
  Object.assign(process.env, testEnv(fake.apiUrl));
  resetConfigCache();
  resetClients();
  s3 = s3WithConditionalWrites(S3Client);
});
afterAll(async () => {
  s3.restore();
  process.env = saved;
  resetConfigCache();
  resetClients();
  await fake.stop();
});

// The worker passes its store and WebClient; the runners also work without them (older contexts).
const ctx = (): WorkerContext =>
  ({ config: config(), log: quietLog, deadline: Date.now() + 20_000, postInThread: async () => undefined }) as unknown as WorkerContext;
const lambdaContext = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'req-1', functionName: 'dbassist-test-alerts' } as unknown as Context;

describe('deployed wiring', () => {
  it('subscribe through the worker runner, alert through the SNS handler, acknowledge through the button runner', async () => {
    const { run: runSubscriptions } = await import('../../src/worker/runners/subscriptions');
    const { run: runAlertAction } = await import('../../src/worker/runners/alert-action');
    const { handler } = await import('../../src/handlers/alerts');

    const sub: CommandJob = {
      kind: 'command',
      id: 'j1',
      requestedAt: '',
      origin: { team: 'T1', channel: 'C1', user: 'UDBA', reply: 'ephemeral' },
      command: { verb: 'subscribe', pattern: 'gamedb1', level: 'warning', events: [], mentionHere: false },
    };
    expect((await runSubscriptions(sub, ctx())).text).toContain('Subscribed');
    expect([...s3.objects.keys()]).toEqual(['state/subscriptions/C1.json']);

    // As deployed: SNS → SQS → the handler, which reports no failed record.
    expect(await handler(sqsEvent(fixture('rds-instance-failover')), lambdaContext)).toEqual({ batchItemFailures: [] });
    const parent = fake.messages.find((m) => m.channel === 'C1' && !m.thread_ts)!;
    expect(parent.text).toContain('Multi-AZ instance failover');
    expect(fake.calls.find((c) => c.method === 'chat.postMessage')?.token).toBe('xoxb-test-token-1234');

    // The ingress parses the button's value with parseAlertAction and hands over this job.
    const actions = parent.blocks!.find((b: { type: string }) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> };
    const ack = actions.elements.find((e) => e.action_id === 'alert_ack')!;
    const parsed = parseAlertAction(ack.action_id, ack.value);
    if (!('kind' in parsed) || parsed.kind !== 'ack') throw new Error('expected an ack');
    const job: AlertActionJob = {
      kind: 'alert-action',
      id: 'j2',
      requestedAt: '',
      origin: { team: 'T1', channel: 'C1', user: 'UONCALL', reply: 'ephemeral' },
      action: { type: 'ack', incidentKey: parsed.incidentKey, messageTs: parent.ts },
    };
    expect((await runAlertAction(job, ctx())).text).toContain('Acknowledged');
    expect(JSON.stringify(fake.message('C1', parent.ts)!.blocks)).toContain('acknowledged by <@UONCALL>');
  });

  it('a record that is not an SNS notification is logged and skipped; the others are delivered', async () => {
    const { handler } = await import('../../src/handlers/alerts');
    const good = { ...fixture('rds-instance-reboot'), MessageId: 'msg-after-a-bad-one' };
    const event = snsEvent(good);
    event.Records.unshift({ ...event.Records[0]!, Sns: { ...good, MessageId: undefined, Message: undefined } as unknown as typeof good });
    const results = (await handler(event, lambdaContext)) as RecordResult[];
    expect(results.map((r) => r.messageId)).toEqual(['msg-after-a-bad-one']);
  });
});
