/**
 * A burst of CloudWatch alarms through the deployed path, simulated: SNS → an SQS queue → the real
 * alerts handler (createQueueHandler) invoked with batches by `concurrency` pollers at once (the
 * function's reserved concurrency), with SQS semantics — failed records (batchItemFailures) come back
 * after the backoff the handler sets, and after `maxReceiveCount` receives they go to the dead-letter
 * queue. Delivery is reordered (seeded shuffle), some messages are held back and delivered late, and
 * SNS redeliveries duplicate others. Every invocation shares one state store (conditional writes,
 * with S3-like latency) — and so the per-channel pacing slots — and one rate-limited Slack
 * stand-in. Used by test/alerts/burst.test.ts and bench/alerts.bench.ts.
 */
import type { SNSMessage, SQSEvent, SQSRecord } from 'aws-lambda';
import type { SlackFake } from '../../scripts/lib/slack-fake';
import { StorePacing } from '../../src/alerts/pacing';
import { subscribe } from '../../src/alerts/subscriptions';
import { DEFAULT_ALERT_OPTIONS } from '../../src/alerts/types';
import { parseTargets } from '../../src/config/targets';
import { RecordingMetrics } from '../../src/core/metrics';
import { mulberry32 } from '../../src/core/random';
import { createQueueHandler, type AlertsRuntime } from '../../src/handlers/alerts';
import { MemoryStateStore, type StateStore } from '../../src/state/store';
import { fixture, LatentStore, quietLog, slackClient } from './support';

export interface BurstOptions {
  channels: number;
  alarmsPerChannel: number;
  /** Distinct ALARM notifications, spread evenly over channels × alarms. */
  alerts: number;
  /** Extra copies of already-sent MessageIds (SNS redelivery). */
  redeliveries: number;
  /** Invocations running at once (reserved concurrency). */
  concurrency: number;
  /** SQS batch size. */
  batchSize: number;
  channelIntervalMs: number;
  /** Then one OK per alarm (shuffled in with the rest unless `okLast`). */
  resolve: boolean;
  /** Deliver in a seeded random order (OKs can arrive before their ALARMs). */
  shuffle: boolean;
  /** Fraction of the notifications held back and delivered after all the others. */
  delayedFraction: number;
  seed: number;
  /** Milliseconds that stand for one second of SQS retry backoff (speeds the simulation up). */
  retryScaleMs: number;
  maxReceiveCount: number;
  /** Every state-store request takes this long (min, max ms), like S3 within a region. */
  storeLatencyMs: [number, number];
}

export interface BurstAlarm {
  channel: string;
  alarmName: string;
  target: string;
  messageIds: string[];
  okId?: string;
}

export interface BurstResult {
  alarms: BurstAlarm[];
  /** SNS notifications sent (duplicates included). */
  records: number;
  invocations: number;
  /** Records the handler reported as failed and SQS delivered again. */
  redelivered: number;
  /** Records that reached the dead-letter queue (lost to Slack). */
  deadLettered: number;
  durationMs: number;
  store: StateStore;
  metrics: RecordingMetrics;
  pacing: StorePacing;
  storeRequests: number;
}

export const BURST_DEFAULTS: BurstOptions = {
  channels: 20,
  alarmsPerChannel: 5,
  alerts: 1000,
  redeliveries: 100,
  concurrency: 10,
  batchSize: 10,
  channelIntervalMs: DEFAULT_ALERT_OPTIONS.channelIntervalMs,
  resolve: true,
  shuffle: true,
  delayedFraction: 0.1,
  seed: 12,
  retryScaleMs: 10,
  maxReceiveCount: 5,
  storeLatencyMs: [5, 20],
};

const base = fixture('cloudwatch-alarm');
const baseOk = fixture('cloudwatch-ok');
export const BURST_T0 = Date.parse('2026-11-21T08:00:00Z');

export const alarmKeyOf = (a: BurstAlarm) => `cw:arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:${a.alarmName}`;

function alarmMessage(from: SNSMessage, a: BurstAlarm, messageId: string, at: string): SNSMessage {
  const m = JSON.parse(from.Message) as Record<string, any>;
  m.AlarmName = a.alarmName;
  m.AlarmArn = `arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:${a.alarmName}`;
  m.Trigger.Dimensions = [{ value: a.target, name: 'DBInstanceIdentifier' }];
  m.StateChangeTime = at;
  return { ...from, MessageId: messageId, Message: JSON.stringify(m), Timestamp: at };
}

interface Queued {
  sqsId: string;
  sns: SNSMessage;
  receiveCount: number;
  visibleAt: number;
}

function record(q: Queued): SQSRecord {
  const m = q.sns;
  return {
    messageId: q.sqsId,
    receiptHandle: `${q.sqsId}#${q.receiveCount}`,
    body: JSON.stringify({
      Type: 'Notification',
      MessageId: m.MessageId,
      TopicArn: m.TopicArn,
      Subject: m.Subject,
      Message: m.Message,
      Timestamp: m.Timestamp,
    }),
    attributes: { ApproximateReceiveCount: String(q.receiveCount), SentTimestamp: '0', SenderId: 'sns', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-northeast-2:123456789012:dbassist-burst-alerts',
    awsRegion: 'ap-northeast-2',
  };
}

export async function runBurst(fake: SlackFake, options: Partial<BurstOptions> = {}): Promise<BurstResult> {
  const o = { ...BURST_DEFAULTS, ...options };
  const random = mulberry32(o.seed);
  const store = new LatentStore(new MemoryStateStore(), o.storeLatencyMs, o.seed);
  const targetsJson: Record<string, unknown> = {};
  const alarms: BurstAlarm[] = [];
  for (let c = 0; c < o.channels; c++) {
    const channel = `CBURST${String(c).padStart(2, '0')}`;
    targetsJson[`burst${c}`] = { cluster: `burst${c}`, secret: 's', instances: Array.from({ length: o.alarmsPerChannel }, (_, j) => `burst${c}-${j}`) };
    await subscribe(store, channel, { pattern: `burst${c}`, level: 'warning', events: [], mentionHere: c % 2 === 0, by: 'U1', at: '' });
    for (let j = 0; j < o.alarmsPerChannel; j++) alarms.push({ channel, alarmName: `burst${c}-${j}-cpu-critical`, target: `burst${c}-${j}`, messageIds: [] });
  }
  const targets = parseTargets(JSON.stringify(targetsJson), []);
  const metrics = new RecordingMetrics();
  const pacing = new StorePacing(store);
  const delays = new Map<string, number>();
  const runtime: AlertsRuntime = {
    deps: {
      store,
      slack: slackClient(fake),
      log: quietLog,
      now: Date.now,
      metrics,
      pacing,
      targets,
      options: { channelIntervalMs: o.channelIntervalMs, maxAttempts: 40, budgetMs: 120_000 },
    },
    levelRules: [],
    retryLater: async (r, seconds) => void delays.set(r.receiptHandle, seconds),
  };
  const handler = createQueueHandler(() => runtime);

  // The true history: alarm n of the burst changed state at t0 + n s; each alarm's OK an hour later.
  const sent: SNSMessage[] = [];
  for (let n = 0; n < o.alerts; n++) {
    const a = alarms[n % alarms.length]!;
    const id = `burst-${n}`;
    a.messageIds.push(id);
    sent.push(alarmMessage(base, a, id, new Date(BURST_T0 + n * 1000).toISOString()));
  }
  if (o.resolve) {
    alarms.forEach((a, i) => {
      a.okId = `burst-ok-${i}`;
      sent.push(alarmMessage(baseOk, a, a.okId, new Date(BURST_T0 + 3_600_000).toISOString()));
    });
  }
  for (let k = 0; k < o.redeliveries; k++) sent.push(sent[Math.floor(random() * sent.length)]!);
  if (o.shuffle) {
    for (let i = sent.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [sent[i], sent[j]] = [sent[j]!, sent[i]!];
    }
  }

  const started = Date.now();
  const queue: Queued[] = sent.map((sns, i) => ({ sqsId: `sqs-${i}`, sns, receiveCount: 0, visibleAt: random() < o.delayedFraction ? Infinity : 0 }));
  const deadLetters: Queued[] = [];
  let inFlight = 0;
  let invocations = 0;
  let redelivered = 0;

  const take = (): Queued[] => {
    const now = Date.now();
    let visible = queue.filter((q) => q.visibleAt <= now);
    // The held-back notifications are delivered once everything else has been.
    if (visible.length === 0 && inFlight === 0 && queue.every((q) => q.visibleAt === Infinity)) {
      for (const q of queue) q.visibleAt = now;
      visible = queue;
    }
    const batch = visible.slice(0, o.batchSize);
    for (const q of batch) queue.splice(queue.indexOf(q), 1);
    return batch;
  };

  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      for (;;) {
        const batch = take();
        if (batch.length === 0) {
          if (queue.length === 0 && inFlight === 0) return;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        inFlight++;
        invocations++;
        for (const q of batch) q.receiveCount++;
        const event: SQSEvent = { Records: batch.map(record) };
        let failedIds: Set<string>;
        try {
          const res = await handler(event, {
            getRemainingTimeInMillis: () => 120_000,
            awsRequestId: `inv-${invocations}`,
            functionName: 'dbassist-burst-alerts',
          } as never);
          failedIds = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
        } catch {
          failedIds = new Set(batch.map((q) => q.sqsId)); // the whole batch comes back
        }
        for (const q of batch) {
          if (!failedIds.has(q.sqsId)) continue;
          if (q.receiveCount >= o.maxReceiveCount) {
            deadLetters.push(q);
            continue;
          }
          redelivered++;
          const seconds = delays.get(`${q.sqsId}#${q.receiveCount}`) ?? 30;
          queue.push({ ...q, visibleAt: Date.now() + seconds * o.retryScaleMs });
        }
        inFlight--;
      }
    }),
  );
  return {
    alarms,
    records: sent.length,
    invocations,
    redelivered,
    deadLettered: deadLetters.length,
    durationMs: Date.now() - started,
    store,
    metrics,
    pacing,
    storeRequests: store.requests,
  };
}
