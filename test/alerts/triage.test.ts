import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import type { AiSummary } from '../../src/ai/types';
import { subscribe } from '../../src/alerts/subscriptions';
import { bedrockTriage, triageInput } from '../../src/alerts/triage';
import { parseSnsMessage } from '../../src/alerts/parse';
import type { NormalizedAlert } from '../../src/model/alert';
import { createAlertsHandler } from '../../src/handlers/alerts';
import { MemoryStateStore } from '../../src/state/store';
import { Clock, fixture, quietLog, slackClient, snsEvent, TARGETS, variant } from './support';

let fake: SlackFake;
beforeAll(async () => {
  fake = await new SlackFake().start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.messages.length = 0;
});

const SUMMARY: AiSummary = {
  verdict: 'CPU saturated <!channel>',
  bullets: ['One query class dominates'],
  actions: ['Check the top digest'],
  citations: [],
  source: 'model',
};

async function setup(triage: (a: NormalizedAlert) => Promise<AiSummary | undefined>) {
  const store = new MemoryStateStore();
  for (const c of ['CA', 'CB']) await subscribe(store, c, { pattern: 'gamedb1', level: 'warning', events: [], mentionHere: false, by: 'U1', at: '' });
  const clock = new Clock();
  return createAlertsHandler(() => ({
    deps: { store, slack: slackClient(fake), log: quietLog, now: clock.now, targets: TARGETS, options: { channelIntervalMs: 5 }, triage },
    levelRules: [],
  }));
}

describe('AI triage in the thread', () => {
  it('is asked once per notification and posted under each new parent, not for repeats; model text is escaped', async () => {
    const asked: string[] = [];
    const run = await setup(async (a) => {
      asked.push(a.messageId);
      return SUMMARY;
    });
    await run(snsEvent(fixture('cloudwatch-alarm')));
    await run(snsEvent(variant(fixture('cloudwatch-alarm'), 'repeat')));
    expect(asked).toEqual([fixture('cloudwatch-alarm').MessageId]);
    for (const c of ['CA', 'CB']) {
      const parent = fake.messages.find((m) => m.channel === c && !m.thread_ts)!;
      const replies = fake.thread(c, parent.ts);
      expect(replies).toHaveLength(1);
      expect(JSON.stringify(replies[0]!.blocks)).toContain('CPU saturated &lt;!channel&gt;');
    }
  });

  it('a failing triage costs only the triage', async () => {
    const run = await setup(async () => {
      throw new Error('ThrottlingException');
    });
    await run(snsEvent(fixture('cloudwatch-alarm')));
    expect(fake.messages.filter((m) => !m.thread_ts)).toHaveLength(2);
    expect(fake.messages.filter((m) => m.thread_ts)).toHaveLength(0);
  });

  it('maps an alert to the triage input, and is off when AI is off', () => {
    const input = triageInput(parseSnsMessage(fixture('cloudwatch-alarm')));
    expect(input).toMatchObject({
      source: 'cloudwatch-alarm',
      name: 'gamedb1-1-cpu-high-critical',
      state: 'ALARM',
      target: 'gamedb1-1',
      metric: 'CPUUtilization',
      threshold: 90,
    });
    expect(triageInput(parseSnsMessage(fixture('rds-instance-failover')))).toMatchObject({ source: 'rds-event', name: 'RDS-EVENT-0049', state: 'failover' });
    expect(bedrockTriage({ enabled: false, modelId: 'm', region: 'ap-northeast-2' }, quietLog, 1000)).toBeUndefined();
  });
});
