import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { getIncident, incidentId } from '../../src/alerts/incidents';
import { parseSnsMessage } from '../../src/alerts/parse';
import { subscribe } from '../../src/alerts/subscriptions';
import { createAlertsHandler } from '../../src/handlers/alerts';
import type { AlertActionJob } from '../../src/jobs/payload';
import { MemoryStateStore } from '../../src/state/store';
import { runAlertAction } from '../../src/worker/runners/alert-action';
import { Clock, fixture, quietLog, slackClient, snsEvent, TARGETS, variant } from './support';

describe('alert-action runner', () => {
  let fake: SlackFake;
  const clock = new Clock();
  beforeAll(async () => {
    fake = await new SlackFake().start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.messages.length = 0;
  });

  async function postedIncident(store: MemoryStateStore) {
    await subscribe(store, 'CALERTS', { pattern: 'gamedb1', level: 'warning', events: [], mentionHere: false, by: 'U1', at: '' });
    const run = createAlertsHandler(() => ({
      deps: { store, slack: slackClient(fake), log: quietLog, now: clock.now, targets: TARGETS, options: { channelIntervalMs: 5 } },
      levelRules: [],
    }));
    await run(snsEvent(fixture('cloudwatch-alarm')));
    const id = incidentId('CALERTS', parseSnsMessage(fixture('cloudwatch-alarm')).key);
    return { id, run, ts: (await getIncident(store, id))!.ts! };
  }

  const job = (type: 'ack' | 'mute', incidentKey: string, messageTs: string, channel = 'CALERTS', muteMinutes?: number): AlertActionJob => ({
    kind: 'alert-action',
    id: 'j1',
    requestedAt: '',
    origin: { team: 'T1', channel, user: 'UONCALL', reply: 'ephemeral' },
    action: { type, incidentKey, messageTs, ...(muteMinutes ? { muteMinutes } : {}) },
  });
  const deps = (store: MemoryStateStore) => ({ store, slack: slackClient(fake), log: quietLog, now: clock.now, deadline: Date.now() + 10_000 });

  it('Acknowledge records who and edits the parent', async () => {
    const store = new MemoryStateStore();
    const { id, ts } = await postedIncident(store);
    const reply = await runAlertAction(job('ack', id, ts), deps(store));
    expect(reply.text).toContain('Acknowledged');
    expect((await getIncident(store, id))?.ackBy).toBe('UONCALL');
    const parent = fake.message('CALERTS', ts)!;
    expect(JSON.stringify(parent.blocks)).toContain('acknowledged by <@UONCALL>');
    expect(JSON.stringify(parent.blocks)).not.toContain('alert_ack');
  });

  it('Mute 1h silences a new parent for that alarm in that channel until it expires', async () => {
    const store = new MemoryStateStore();
    const { id, ts, run } = await postedIncident(store);
    await runAlertAction(job('mute', id, ts, 'CALERTS', 60), deps(store));
    expect(JSON.stringify(fake.message('CALERTS', ts)!.blocks)).toContain('muted here until');
    await run(snsEvent(variant(fixture('cloudwatch-ok'), 'ok-early', (m) => (m.StateChangeTime = '2026-11-21T08:25:00.000+0000'))));
    clock.advance(40 * 60_000); // past the reopen window, inside the mute
    await run(snsEvent(variant(fixture('cloudwatch-alarm'), 'after-ok-muted', (m) => (m.StateChangeTime = '2026-11-21T09:30:00.000+0000'))));
    expect(fake.messages.filter((m) => !m.thread_ts)).toHaveLength(1);
    clock.advance(30 * 60_000);
    await run(snsEvent(variant(fixture('cloudwatch-alarm'), 'after-mute', (m) => (m.StateChangeTime = '2026-11-21T10:00:00.000+0000'))));
    expect(fake.messages.filter((m) => !m.thread_ts)).toHaveLength(2);
  });

  it('refuses a button for an incident of another channel', async () => {
    const store = new MemoryStateStore();
    const { id, ts } = await postedIncident(store);
    const reply = await runAlertAction(job('ack', id, ts, 'COTHER'), deps(store));
    expect(reply.text).toContain('another channel');
    expect((await getIncident(store, id))?.ackBy).toBeUndefined();
  });
});
