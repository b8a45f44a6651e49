/**
 * End to end: subscribe (worker runner) → SNS event (alerts handler) → parent in the channel →
 * repeats fold into a counter → OK in the thread and the parent edited to resolved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { createAlertsHandler } from '../../src/handlers/alerts';
import { incidentId, getIncident } from '../../src/alerts/incidents';
import { parseSnsMessage } from '../../src/alerts/parse';
import { runSubscriptionCommand } from '../../src/worker/runners/subscriptions';
import type { CommandJob } from '../../src/jobs/payload';
import { parseCommand } from '../../src/core/grammar';
import { S3StateStore } from '../../src/state/s3-store';
import type { StateStore } from '../../src/state/store';
import { Clock, fixture, quietLog, s3WithConditionalWrites, slackClient, snsEvent, TARGETS, variant } from './support';

const FAST = { channelIntervalMs: 5, budgetMs: 10_000 };
let fake: SlackFake;
let store: StateStore;
let clock: Clock;

function command(text: string, channel = 'CALERTS'): CommandJob {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw parsed.error;
  return {
    kind: 'command',
    id: `j-${text}`,
    requestedAt: '2026-11-21T08:00:00Z',
    origin: { team: 'T1', channel, user: 'UDBA', reply: 'ephemeral' },
    command: parsed.command as CommandJob['command'],
  };
}

function handler() {
  return createAlertsHandler(() => ({
    deps: { store, slack: slackClient(fake), log: quietLog, now: clock.now, targets: TARGETS, options: FAST },
    levelRules: [],
  }));
}

const parents = (channel: string) => fake.messages.filter((m) => m.channel === channel && !m.thread_ts);
const allText = (blocks: unknown) => JSON.stringify(blocks ?? []);

beforeAll(async () => {
  fake = await new SlackFake().start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.messages.length = 0;
  fake.calls.length = 0;
  store = new S3StateStore(s3WithConditionalWrites().s3, 'bucket');
  clock = new Clock();
});

describe('alert lifecycle', () => {
  it('subscribe → ALARM posts one parent → repeats count on it → OK replies in the thread and edits the parent', async () => {
    const reply = await runSubscriptionCommand(command('subscribe gamedb1 --severity warning --here'), { store, targets: TARGETS, now: clock.now });
    expect(reply.text).toContain('Subscribed');
    const run = handler();

    const alarm = fixture('cloudwatch-alarm');
    await run(snsEvent(alarm));
    expect(parents('CALERTS')).toHaveLength(1);
    const parent = parents('CALERTS')[0]!;
    expect(parent.text).toMatch(/^<!here> CRITICAL: gamedb1-1-cpu-high-critical on gamedb1-1/);
    expect(allText(parent.blocks)).toContain('alert_ack');
    expect(parent.color).toBe('#d92d20'); // red while firing (the blocks ride in a coloured attachment)

    // The same alarm twice more (new MessageIds), and one SNS redelivery of the first.
    clock.advance(60_000);
    await run(snsEvent(variant(alarm, 'repeat-1')));
    clock.advance(60_000);
    await run(snsEvent(variant(alarm, 'repeat-2'), alarm));
    expect(parents('CALERTS')).toHaveLength(1);
    expect(fake.message('CALERTS', parent.ts)!.text).toContain('(3×)');
    const id = incidentId('CALERTS', parseSnsMessage(alarm).key);
    expect((await getIncident(store, id))?.count).toBe(3);

    clock.advance(25 * 60_000);
    await run(snsEvent(fixture('cloudwatch-ok')));
    const thread = fake.thread('CALERTS', parent.ts);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toMatch(/^Resolved after 27 min/);
    const edited = fake.message('CALERTS', parent.ts)!;
    expect(edited.text).toMatch(/^RESOLVED: /);
    expect(edited.color).toBe('#12b76a'); // green once resolved
    expect(allText(edited.blocks)).toContain('resolved');
    expect(allText(edited.blocks)).not.toContain('alert_ack');
    expect(allText(edited.blocks)).not.toContain('<!here>');

    // OK redelivered: nothing new.
    const posts = fake.callsTo('chat.postMessage').length;
    await run(snsEvent(fixture('cloudwatch-ok')));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('a quick re-fire after OK reopens the same thread; a late one starts a new parent', async () => {
    await runSubscriptionCommand(command('subscribe gamedb1-1'), { store, targets: TARGETS, now: clock.now });
    const run = handler();
    const alarm = fixture('cloudwatch-alarm');
    await run(snsEvent(alarm));
    clock.advance(5 * 60_000);
    await run(snsEvent(fixture('cloudwatch-ok')));
    clock.advance(5 * 60_000);
    // Windows are measured on the alarms' own state-change times: the OK changed at 08:47:12.
    await run(snsEvent(variant(alarm, 'again-1', (m) => (m.StateChangeTime = '2026-11-21T08:52:12.345+0000'))));
    expect(parents('CALERTS')).toHaveLength(1);
    const ts = parents('CALERTS')[0]!.ts;
    expect(fake.thread('CALERTS', ts).map((m) => m.text?.split(':')[0])).toEqual(['Resolved after 27 min', 'Firing again']); // durations come from the alarms' own timestamps
    expect(fake.message('CALERTS', ts)!.text).toMatch(/^CRITICAL: .*\(2×\)/);

    clock.advance(7 * 3_600_000);
    await run(snsEvent(variant(alarm, 'much-later', (m) => (m.StateChangeTime = '2026-11-21T15:52:12.345+0000'))));
    expect(parents('CALERTS')).toHaveLength(2);
  });

  it('posts RDS events without a resolution and folds the same event arriving via SNS and EventBridge', async () => {
    await runSubscriptionCommand(command('subscribe gamedb* --events failover'), { store, targets: TARGETS, now: clock.now });
    const run = handler();
    await run(snsEvent(fixture('rds-instance-failover'), fixture('rds-parameter-change'), fixture('eventbridge-cluster-failover')));
    const eb = fixture('eventbridge-cluster-failover');
    const sameEventViaSns = { ...fixture('rds-cluster-failover'), MessageId: 'sns-form' };
    sameEventViaSns.Message = sameEventViaSns.Message.replace(/gamedb1/g, 'gamedb2').replace('RDS-EVENT-0071', 'RDS-EVENT-0073');
    await run(snsEvent(sameEventViaSns));
    const titles = parents('CALERTS').map((m) => m.text);
    expect(titles).toHaveLength(2);
    expect(titles[0]).toContain('Multi-AZ instance failover completed');
    // The parent was posted for the EventBridge form, then shows the latest message and the count.
    expect(fake.message('CALERTS', parents('CALERTS')[1]!.ts)!.edits[0]!.text).toContain('Started cross AZ failover');
    expect(titles[1]).toContain('Completed failover to DB instance: gamedb2-2');
    expect(fake.message('CALERTS', parents('CALERTS')[1]!.ts)!.text).toContain('(2×)');
    expect(eb.MessageId).not.toBe(sameEventViaSns.MessageId);
  });

  it('delivers an unrecognized notification to a catch-all subscription instead of dropping it', async () => {
    await runSubscriptionCommand(command('subscribe *'), { store, targets: TARGETS, now: clock.now });
    await handler()(snsEvent(fixture('unknown-json')));
    expect(parents('CALERTS')).toHaveLength(1);
    expect(allText(parents('CALERTS')[0]!.blocks)).toContain('EC2 Instance State-change Notification');
  });

  it('escapes text from SNS: no mention or link can be injected', async () => {
    await runSubscriptionCommand(command('subscribe gamedb2'), { store, targets: TARGETS, now: clock.now });
    await handler()(snsEvent(fixture('custom-text')));
    const m = parents('CALERTS')[0]!;
    expect(allText(m.blocks)).toContain('&lt;!channel&gt;');
    expect(allText(m.blocks)).not.toContain('<!channel>');
    expect(allText(m.blocks)).not.toContain('<@U000>');
  });

  it('only one parent when several deliveries of the same alarm race', async () => {
    await runSubscriptionCommand(command('subscribe gamedb1'), { store, targets: TARGETS, now: clock.now });
    const alarm = fixture('cloudwatch-alarm');
    await Promise.all(Array.from({ length: 8 }, (_, i) => handler()(snsEvent(variant(alarm, `race-${i}`)))));
    expect(parents('CALERTS')).toHaveLength(1);
    const ts = parents('CALERTS')[0]!.ts;
    expect(fake.message('CALERTS', ts)!.text).toContain('(8×)');
  });

  it('fails the invocation when Slack keeps failing, and the retry delivers exactly once', async () => {
    await runSubscriptionCommand(command('subscribe gamedb1'), { store, targets: TARGETS, now: clock.now });
    const run = createAlertsHandler(() => ({
      deps: { store, slack: slackClient(fake), log: quietLog, now: clock.now, targets: TARGETS, options: { ...FAST, maxAttempts: 2 } },
      levelRules: [],
    }));
    fake.failNext('chat.postMessage', { status: 500 }, 2);
    await expect(run(snsEvent(fixture('cloudwatch-alarm')))).rejects.toThrow(/Lambda will retry/);
    expect(parents('CALERTS')).toHaveLength(0);
    clock.advance(90_000); // Lambda retries about a minute later
    await run(snsEvent(fixture('cloudwatch-alarm')));
    expect(parents('CALERTS')).toHaveLength(1);
    await run(snsEvent(fixture('cloudwatch-alarm')));
    expect(parents('CALERTS')).toHaveLength(1);
  });

  it('an S3 failure after the claim frees it, so the immediate retry is not mistaken for a duplicate', async () => {
    await runSubscriptionCommand(command('subscribe gamedb1'), { store, targets: TARGETS, now: clock.now });
    const real = store;
    let failures = 1;
    store = Object.assign(Object.create(Object.getPrototypeOf(real)), real, {
      entries: async (prefix: string) => {
        if (prefix === 'subscriptions/' && failures-- > 0) throw Object.assign(new Error('InternalError'), { $metadata: { httpStatusCode: 500 } });
        return real.entries(prefix);
      },
    }) as StateStore;
    const run = handler();
    await expect(run(snsEvent(fixture('cloudwatch-alarm')))).rejects.toThrow(/Lambda will retry/);
    await run(snsEvent(fixture('cloudwatch-alarm')));
    expect(parents('CALERTS')).toHaveLength(1);
  });

  it('a channel the bot is not in is logged and skipped, other channels still get the alert', async () => {
    await runSubscriptionCommand(command('subscribe gamedb1', 'CGONE'), { store, targets: TARGETS, now: clock.now });
    await runSubscriptionCommand(command('subscribe gamedb1', 'CHERE'), { store, targets: TARGETS, now: clock.now });
    fake.notInChannel.add('CGONE');
    const [result] = await handler()(snsEvent(fixture('cloudwatch-alarm')));
    expect(result!.channels).toEqual({ CGONE: 'failed', CHERE: 'posted' });
    fake.notInChannel.delete('CGONE');
  });
});

describe('subscriptions runner', () => {
  it('lists, warns about a pattern that matches no target, and unsubscribes', async () => {
    const deps = { store, targets: TARGETS, now: clock.now };
    const r = await runSubscriptionCommand(command('subscribe nosuchdb*'), deps);
    expect(allText(r.blocks)).toContain('matches none of the configured targets');
    const list = await runSubscriptionCommand(command('subscriptions'), deps);
    expect(allText(list.blocks)).toContain('nosuchdb*');
    expect(allText((await runSubscriptionCommand(command('subscriptions', 'COTHER'), deps)).blocks)).toContain('No alert subscriptions');
    expect((await runSubscriptionCommand(command('unsubscribe nosuchdb*'), deps)).text).toContain('Unsubscribed');
    expect((await runSubscriptionCommand(command('unsubscribe nosuchdb*'), deps)).text).toContain('No subscription');
  });
});
