/**
 * Alert throughput through the real alerts handler into the Slack fake with per-channel rate limiting:
 * 1,000 CloudWatch alarms + 100 SNS redeliveries + 100 OKs over 20 channels (100 alarm keys), 50
 * invocations at once sharing a mocked S3 state store. Reports alerts/s, Slack calls and 429s, and the
 * two correctness figures: alerts lost and duplicate parents (targets: 0).
 */
import { SlackFake } from '../scripts/lib/slack-fake';
import { runBurst } from '../test/alerts/burst-sim';
import type { Bench } from './types';

interface Scenario {
  name: string;
  rateLimit: NonNullable<SlackFake['rateLimit']>;
  channelIntervalMs: number;
}

const SCENARIOS: Scenario[] = [
  // Slack's ~1/s per channel scaled up 20× so the bench finishes in seconds.
  { name: 'alerts burst, 20 writes/s per channel', rateLimit: { perChannel: 5, windowMs: 250, retryAfterSeconds: 0 }, channelIntervalMs: 50 },
  // Slack as documented: about one write a second per channel, 429 with Retry-After: 1.
  { name: 'alerts burst, 1 write/s per channel', rateLimit: { perChannel: 1, windowMs: 1000, retryAfterSeconds: 1 }, channelIntervalMs: 1000 },
];

export const benchmarks: Bench[] = SCENARIOS.map((s) => ({
  name: s.name,
  async run() {
    const fake = await new SlackFake().start();
    fake.rateLimit = s.rateLimit;
    try {
      const r = await runBurst(fake, {
        channels: 20,
        alarmsPerChannel: 5,
        alerts: 1000,
        redeliveries: 100,
        concurrency: 50,
        channelIntervalMs: s.channelIntervalMs,
        resolve: true,
      });
      const parents = fake.messages.filter((m) => !m.thread_ts);
      const keys = new Set(parents.map((m) => `${m.channel}:${m.text?.split(' on ')[0]}`));
      const calls = fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
      const tag = `[${s.rateLimit.perChannel}/${s.rateLimit.windowMs} ms]`;
      return [
        { figure: `${tag} alerts processed per second (1,200 SNS records)`, value: r.records / (r.durationMs / 1000), unit: 'alerts/s' },
        { figure: `${tag} burst wall time`, value: r.durationMs / 1000, unit: 's' },
        { figure: `${tag} chat.postMessage accepted`, value: fake.callsTo('chat.postMessage').length, unit: 'calls' },
        { figure: `${tag} chat.update accepted (counter edits)`, value: fake.callsTo('chat.update').length, unit: 'calls' },
        { figure: `${tag} Slack 429 answers`, value: calls.filter((c) => c.status === 429).length, unit: 'calls' },
        { figure: `${tag} Lambda-style retries of failed invocations`, value: r.lambdaRetries, unit: 'invocations' },
        { figure: `${tag} alerts lost`, value: r.lost, unit: 'alerts', target: '0', pass: r.lost === 0 },
        {
          figure: `${tag} duplicate parent messages`,
          value: parents.length - keys.size,
          unit: 'messages',
          target: '0',
          pass: parents.length === keys.size && keys.size === 100,
        },
      ];
    } finally {
      await fake.stop();
    }
  },
}));
