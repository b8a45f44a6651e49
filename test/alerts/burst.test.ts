/**
 * The done-when of issue 12, through the deployed path (SNS → SQS → alerts handler, ten invocations
 * at once, batches of ten): 1,000 alarms over 20 channels (100 alarm keys), their 100 OKs and 100 SNS
 * redeliveries, delivered in a seeded random order with a tenth of them held back to the end, against
 * the Slack stand-in limiting every channel to one write per second (429 beyond) and refusing some
 * calls with 429 and 500 besides. Exactly one parent per incident, each resolved with one reply,
 * every notification recorded, nothing dead-lettered — and, measured by the stand-in on arrival, no
 * channel ever receives two writes within one second over all invocations together.
 *
 * Real time, real limits (the bot's production pacing of 1.25 s per channel): this file takes about
 * a minute and a half, because that is how long 20 channels take to drain at Slack's pace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { getIncidents, incidentId } from '../../src/alerts/incidents';
import { METRIC } from '../../src/core/metrics';
import { alarmKeyOf, runBurst } from './burst-sim';

const SLACK_WINDOW_MS = 1_000;

let fake: SlackFake;
beforeAll(async () => {
  fake = await new SlackFake().start();
  fake.rateLimit = { perChannel: 1, windowMs: SLACK_WINDOW_MS, retryAfterSeconds: 1, aggregate: true };
  // Whatever the machine's speed, Slack refuses some calls (rate limit, server errors).
  fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 25);
  fake.failNext('chat.update', { status: 429, retryAfter: 1 }, 25);
  fake.failNext('chat.postMessage', { status: 500 }, 5);
});
afterAll(async () => {
  await fake.stop();
});

describe('alert burst through SQS', () => {
  it('one parent per incident, each resolved, nothing lost, never two writes to a channel within 1 s', async () => {
    const r = await runBurst(fake, { retryScaleMs: 20 });
    expect(r.deadLettered).toBe(0);
    expect(r.records).toBe(1_200);

    const parents = fake.messages.filter((m) => !m.thread_ts);
    expect(parents).toHaveLength(100);
    for (const a of r.alarms) {
      const incidents = await getIncidents(r.store, incidentId(a.channel, alarmKeyOf(a)));
      expect(incidents, a.alarmName).toHaveLength(1);
      const inc = incidents[0]!;
      expect(inc.state).toBe('ok');
      expect(inc.count).toBe(a.messageIds.length);
      // Every notification was recorded: the ten alarms and the OK.
      expect(new Set(inc.seen)).toEqual(new Set([...a.messageIds, a.okId!]));
      const mine = parents.filter((m) => m.channel === a.channel && m.text?.includes(`${a.alarmName} `));
      expect(mine, a.alarmName).toHaveLength(1);
      expect(mine[0]!.ts).toBe(inc.ts);
      expect(mine[0]!.text).toBe(`RESOLVED: ${a.alarmName} on ${a.target} (${a.messageIds.length}×)`);
      expect(fake.thread(a.channel, inc.ts!).map((m) => m.text?.slice(0, 8))).toEqual(['Resolved']);
    }

    // Slack's limit, measured by the stand-in on arrival over every invocation's writes.
    const rate = fake.maxWritesWithin(SLACK_WINDOW_MS);
    expect(rate.max, `channel ${rate.channel}, closest writes ${rate.minGapMs} ms apart`).toBe(1);
    // Only the refusals planned above, none from the rate limiter itself.
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(50);
    expect(r.metrics.total(METRIC.alerts, { outcome: 'posted' })).toBe(100);
    expect(r.metrics.total(METRIC.slackRateLimited)).toBe(50);
  }, 300_000);
});
