/**
 * Alert throughput through the deployed path, simulated (test/alerts/burst-sim.ts): SNS → SQS → the real
 * alerts handler, ten invocations at once in batches of ten, sharing one state store with S3-like
 * latency. 1,000 CloudWatch alarms + 100 OKs + 100 SNS redeliveries over 20 channels (100 alarm keys),
 * shuffled with a tenth held back, against the Slack stand-in at one write per second per channel.
 * Reports the wall time and Slack calls, and the correctness figures: parents per incident, dead
 * letters, and the most writes any channel received within one second (targets: 1, 0, 1).
 */
import { SlackFake } from '../scripts/lib/slack-fake';
import { runBurst } from '../test/alerts/burst-sim';
import type { Bench } from './types';

export const benchmarks: Bench[] = [
  {
    name: 'alerts burst through SQS, Slack at 1 write/s per channel',
    async run() {
      const fake = await new SlackFake().start();
      fake.rateLimit = { perChannel: 1, windowMs: 1_000, retryAfterSeconds: 1, aggregate: true };
      try {
        const r = await runBurst(fake, { retryScaleMs: 20 });
        const parents = fake.messages.filter((m) => !m.thread_ts);
        const keys = new Set(parents.map((m) => `${m.channel}:${m.text?.split(' on ')[0]?.replace(/^RESOLVED: /, '')}`));
        const calls = fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
        const rate = fake.maxWritesWithin(1_000);
        return [
          { figure: 'notifications processed per second (1,200 via SQS)', value: r.records / (r.durationMs / 1000), unit: 'alerts/s' },
          { figure: 'burst wall time', value: r.durationMs / 1000, unit: 's' },
          { figure: 'chat.postMessage accepted', value: fake.callsTo('chat.postMessage').length, unit: 'calls' },
          { figure: 'chat.update accepted (counter edits)', value: fake.callsTo('chat.update').length, unit: 'calls' },
          {
            figure: 'Slack 429 answers',
            value: calls.filter((c) => c.status === 429).length,
            unit: 'calls',
            target: '0',
            pass: calls.every((c) => c.status !== 429),
          },
          { figure: 'most writes to one channel within 1 s (all invocations)', value: rate.max, unit: 'writes', target: '≤ 1', pass: rate.max <= 1 },
          { figure: 'closest two writes to one channel', value: rate.minGapMs, unit: 'ms' },
          { figure: 'records redelivered by SQS after a reported failure', value: r.redelivered, unit: 'records' },
          { figure: 'records dead-lettered', value: r.deadLettered, unit: 'records', target: '0', pass: r.deadLettered === 0 },
          {
            figure: 'duplicate parent messages',
            value: parents.length - keys.size,
            unit: 'messages',
            target: '0',
            pass: parents.length === keys.size && keys.size === 100,
          },
          { figure: 'state-store requests per notification', value: r.storeRequests / r.records, unit: 'requests' },
        ];
      } finally {
        await fake.stop();
      }
    },
  },
];
