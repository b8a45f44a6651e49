/**
 * 1,000 alarms (+100 SNS redeliveries) over 20 channels, 100 alarm keys, 50 concurrent invocations,
 * against the Slack fake with per-channel rate limiting: every alarm is delivered or folded into its
 * incident — exactly one parent per (channel, alarm), its counter equal to the distinct alarms sent,
 * one resolution reply per thread after the OKs — none lost, none duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { getIncident, incidentId } from '../../src/alerts/incidents';
import { runBurst } from './burst-sim';

let fake: SlackFake;
beforeAll(async () => {
  fake = await new SlackFake().start();
  fake.rateLimit = { perChannel: 3, windowMs: 100, retryAfterSeconds: 0 };
  // Whatever the machine's speed, some calls are answered 429 (on top of the rate limit itself).
  fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 25);
  fake.failNext('chat.update', { status: 429, retryAfter: 0 }, 25);
});
afterAll(async () => {
  await fake.stop();
});

describe('alert burst', () => {
  it('delivers or folds every alert, with no loss and no duplicate', async () => {
    const r = await runBurst(fake, {
      channels: 20,
      alarmsPerChannel: 5,
      alerts: 1000,
      redeliveries: 100,
      concurrency: 50,
      channelIntervalMs: 20,
      resolve: true,
    });
    expect(r.lost).toBe(0);
    expect(fake.calls.filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(50);

    const parents = fake.messages.filter((m) => !m.thread_ts);
    expect(parents).toHaveLength(100);
    const seenIds = new Set<string>();
    for (const a of r.alarms) {
      const inc = await getIncident(r.store, incidentId(a.channel, `cw:arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:${a.alarmName}`));
      expect(inc, a.alarmName).toBeDefined();
      expect(inc!.count).toBe(a.messageIds.length);
      expect(inc!.state).toBe('ok');
      inc!.seen.forEach((id) => seenIds.add(id));
      const mine = parents.filter((m) => m.channel === a.channel && m.text?.includes(`${a.alarmName} `));
      expect(mine, a.alarmName).toHaveLength(1);
      expect(mine[0]!.ts).toBe(inc!.ts);
      expect(mine[0]!.text).toMatch(new RegExp(`^RESOLVED: ${a.alarmName} on ${a.target} \\(${a.messageIds.length}×\\)$`));
      const replies = fake.thread(a.channel, inc!.ts!);
      expect(replies.map((m) => m.text?.slice(0, 8))).toEqual(['Resolved']);
    }
    for (const a of r.alarms) for (const id of a.messageIds) expect(seenIds.has(id), id).toBe(true);
  }, 120_000);
});
