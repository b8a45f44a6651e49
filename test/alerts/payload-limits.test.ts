/**
 * Whatever arrives on the topic is delivered, and within Slack's limits: a deeply nested JSON message
 * (which JSON.stringify cannot even print) and a 256 KB one become generic alerts; the sender cuts any
 * message to Slack's limits before it is sent (src/slack/message-limits.ts, tested in
 * test/slack/message-limits.test.ts) — the Slack stand-in refuses anything over the real limits, so a
 * post that gets through proves it. The bot's own alarms name their function or queue as the target.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { PacedSender } from '../../src/alerts/delivery';
import { parseSnsMessage } from '../../src/alerts/parse';
import { routeAlert } from '../../src/alerts/subscriptions';
import { createAlertsHandler } from '../../src/handlers/alerts';
import { MemoryStateStore } from '../../src/state/store';
import { fixture, quietLog, slackClient, snsEvent, TARGETS } from './support';
import { subscribe } from '../../src/alerts/subscriptions';

let fake: SlackFake;
beforeAll(async () => {
  fake = await new SlackFake().start();
});
afterAll(async () => {
  await fake.stop();
});

const nested = (depth: number) => `${'{"a":'.repeat(depth)}"deep"${'}'.repeat(depth)}`;

describe('odd payloads', () => {
  it('turns a 10,000-level nested message and a 256 KB one into generic alerts with a bounded detail', () => {
    const deep = parseSnsMessage({ MessageId: 'm1', Message: nested(10_000), Timestamp: '2026-11-21T08:00:00Z', Subject: 'weird' });
    expect(deep).toMatchObject({ source: 'unknown', state: 'event', title: 'weird' });
    expect(deep.detail.length).toBeLessThanOrEqual(2_500);
    expect(deep.detail).toContain('{…}');
    const huge = parseSnsMessage({
      MessageId: 'm2',
      Message: JSON.stringify({ records: Array.from({ length: 4_000 }, (_, i) => ({ i, text: 'x'.repeat(50) })) }),
      Timestamp: '2026-11-21T08:00:00Z',
    });
    expect(huge.source).toBe('unknown');
    expect(huge.detail.length).toBeLessThanOrEqual(2_500);
    const text = parseSnsMessage(
      { MessageId: 'm3', Message: 'y'.repeat(256 * 1024), Timestamp: '2026-11-21T08:00:00Z', Subject: 'gamedb1 big' },
      { knownNames: ['gamedb1'] },
    );
    expect(text.detail.length).toBeLessThanOrEqual(2_500);
  });

  it('posts them to a catch-all subscription through the real handler', async () => {
    fake.reset();
    const store = new MemoryStateStore();
    await subscribe(store, 'CALL', { pattern: '*', level: 'info', events: [], mentionHere: false, by: 'U1', at: '' });
    const run = createAlertsHandler(() => ({
      deps: {
        store,
        slack: slackClient(fake),
        log: quietLog,
        now: () => Date.parse('2026-11-21T09:00:00Z'),
        targets: TARGETS,
        options: { channelIntervalMs: 5 },
      },
      levelRules: [],
    }));
    const base = fixture('unknown-json');
    const [r1, r2] = await run(
      snsEvent(
        { ...base, MessageId: 'deep', Subject: 'deep', Message: nested(10_000) },
        { ...base, MessageId: 'huge', Subject: 'huge', Message: JSON.stringify({ blob: 'z'.repeat(250_000) }) },
      ),
    );
    expect([r1!.channels, r2!.channels]).toEqual([{ CALL: 'posted' }, { CALL: 'posted' }]);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage').every((c) => c.status === 200)).toBe(true);
    expect(fake.messages.filter((m) => !m.thread_ts)).toHaveLength(2);
  });

  it('names the function, queue or service of the bot’s own alarms as their target', () => {
    const alarm = fixture('cloudwatch-alarm');
    const m = JSON.parse(alarm.Message);
    m.AlarmName = 'dbassist-prod-worker-errors';
    m.Trigger = { MetricName: 'Errors', Namespace: 'AWS/Lambda', Dimensions: [{ name: 'FunctionName', value: 'dbassist-prod-worker' }] };
    const a = parseSnsMessage({ ...alarm, Message: JSON.stringify(m) });
    expect(a.target).toBe('dbassist-prod-worker');
    const index = {
      channels: {
        COPS: { rev: 1, subscriptions: [{ pattern: 'dbassist-prod-*', level: 'warning' as const, events: [], mentionHere: false, by: 'U1', at: '' }] },
      },
    };
    expect(routeAlert(index, a, TARGETS).map((r) => [r.channel, r.wanted])).toEqual([['COPS', true]]);
  });
});

describe("the sender cuts to Slack's limits", () => {
  const section = (n: number): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `${'&amp;'.repeat(n)}` } });

  it('is what the sender sends: an oversized message is posted, not refused', async () => {
    fake.reset();
    const sender = new PacedSender(slackClient(fake), { channelIntervalMs: 5, maxAttempts: 2, budgetMs: 5_000 }, quietLog);
    await sender.post('CBIG', { text: 'big', blocks: Array.from({ length: 60 }, () => section(600)) });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.messages[0]!.blocks).toHaveLength(50);
  });
});
