/**
 * A burst of CloudWatch alarms through the real alerts handler, many "Lambda invocations" at once (one
 * SNS record each, each with its own paced sender, like separate containers), sharing one S3 state
 * store (conditional writes, mocked) and one rate-limited Slack fake. Failed invocations are retried
 * like Lambda does (twice). Used by test/alerts/burst.test.ts and bench/alerts.bench.ts.
 */
import type { SNSMessage } from 'aws-lambda';
import type { SlackFake } from '../../scripts/lib/slack-fake';
import { subscribe } from '../../src/alerts/subscriptions';
import { createAlertsHandler } from '../../src/handlers/alerts';
import { parseTargets } from '../../src/config/targets';
import { S3StateStore } from '../../src/state/s3-store';
import { fixture, quietLog, s3WithConditionalWrites, slackClient, snsEvent } from './support';

export interface BurstOptions {
  channels: number;
  alarmsPerChannel: number;
  /** Distinct ALARM notifications, spread evenly over channels × alarms. */
  alerts: number;
  /** Extra copies of already-sent MessageIds (SNS redelivery). */
  redeliveries: number;
  /** Invocations running at once. */
  concurrency: number;
  channelIntervalMs: number;
  /** Then one OK per alarm. */
  resolve: boolean;
}

export interface BurstAlarm {
  channel: string;
  alarmName: string;
  target: string;
  messageIds: string[];
}

export interface BurstResult {
  alarms: BurstAlarm[];
  records: number;
  invocations: number;
  lambdaRetries: number;
  /** Records still failing after Lambda's two retries. */
  lost: number;
  durationMs: number;
  store: S3StateStore;
}

const base = fixture('cloudwatch-alarm');
const baseOk = fixture('cloudwatch-ok');

function alarmMessage(from: SNSMessage, a: BurstAlarm, messageId: string, at: string): SNSMessage {
  const m = JSON.parse(from.Message) as Record<string, any>;
  m.AlarmName = a.alarmName;
  m.AlarmArn = `arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:${a.alarmName}`;
  m.Trigger.Dimensions = [{ value: a.target, name: 'DBInstanceIdentifier' }];
  m.StateChangeTime = at;
  return { ...from, MessageId: messageId, Message: JSON.stringify(m) };
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runBurst(fake: SlackFake, o: BurstOptions): Promise<BurstResult> {
  const store = new S3StateStore(s3WithConditionalWrites().s3, 'bucket');
  const targetsJson: Record<string, unknown> = {};
  const alarms: BurstAlarm[] = [];
  for (let c = 0; c < o.channels; c++) {
    const channel = `CBURST${String(c).padStart(2, '0')}`;
    targetsJson[`burst${c}`] = { cluster: `burst${c}`, secret: 's', instances: Array.from({ length: o.alarmsPerChannel }, (_, j) => `burst${c}-${j}`) };
    await subscribe(store, channel, { pattern: `burst${c}`, level: 'warning', events: [], mentionHere: c % 2 === 0, by: 'U1', at: '' });
    for (let j = 0; j < o.alarmsPerChannel; j++) alarms.push({ channel, alarmName: `burst${c}-${j}-cpu-critical`, target: `burst${c}-${j}`, messageIds: [] });
  }
  const targets = parseTargets(JSON.stringify(targetsJson), []);
  const handler = createAlertsHandler(() => ({
    deps: {
      store,
      slack: slackClient(fake),
      log: quietLog,
      now: Date.now,
      targets,
      options: { channelIntervalMs: o.channelIntervalMs, maxAttempts: 40, budgetMs: 60_000 },
    },
    levelRules: [],
  }));

  const records: SNSMessage[] = [];
  const t0 = Date.parse('2026-11-21T08:00:00Z');
  for (let n = 0; n < o.alerts; n++) {
    const a = alarms[n % alarms.length]!;
    const id = `burst-${n}`;
    a.messageIds.push(id);
    records.push(alarmMessage(base, a, id, new Date(t0 + n * 1000).toISOString()));
  }
  for (let k = 0; k < o.redeliveries; k++) records.push(records[(k * 7) % o.alerts]!);

  let invocations = 0;
  let lambdaRetries = 0;
  let lost = 0;
  const invoke = async (r: SNSMessage) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      invocations++;
      if (attempt > 0) lambdaRetries++;
      try {
        await handler(snsEvent(r));
        return;
      } catch {
        // Lambda retries an asynchronous invocation twice.
      }
    }
    lost++;
  };
  const started = Date.now();
  await pool(records, o.concurrency, invoke);
  let total = records.length;
  if (o.resolve) {
    const oks = alarms.map((a, i) => alarmMessage(baseOk, a, `burst-ok-${i}`, new Date(t0 + 3_600_000).toISOString()));
    total += oks.length;
    await pool(oks, o.concurrency, invoke);
  }
  return { alarms, records: total, invocations, lambdaRetries, lost, durationMs: Date.now() - started, store };
}
