/**
 * The incident state machine against reordered, delayed and duplicated deliveries, property-based
 * (fast-check, fixed seeds, so every run checks the same cases and a failure can be replayed).
 *
 * A generated true history of one CloudWatch alarm — incidents hours apart, each an ALARM with
 * repeats, perhaps INSUFFICIENT_DATA, perhaps flapping (OK then ALARM again within minutes), ending in
 * OK (the last one may stay open) — is delivered in a shuffled order with SNS duplicates. Whatever the
 * order: one incident per true incident, each with the right final state and count; through Slack,
 * exactly one parent per incident, every resolved one shown resolved with its resolution reply last,
 * the open one still firing.
 *
 * The guarantee holds for incidents whose notifications lie within the reopen window of one another
 * (flapping) or within the repeat window without a resolution in between; a late notification that
 * bridges two incidents already posted leaves both parents (see src/alerts/README.md).
 */
import fc from 'fast-check';
import type { SNSMessage } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { PacedSender } from '../../src/alerts/delivery';
import { recordAlert, segment, emptyRecord, type IncidentRecord } from '../../src/alerts/incident-timeline';
import { applyAlert, getIncidents, incidentId, type IncidentDeps } from '../../src/alerts/incidents';
import { parseSnsMessage } from '../../src/alerts/parse';
import { DEFAULT_ALERT_OPTIONS } from '../../src/alerts/types';
import type { NormalizedAlert } from '../../src/model/alert';
import { MemoryStateStore } from '../../src/state/store';
import { fixture, quietLog, slackClient } from './support';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const KEY = 'cw:arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:gamedb1-1-cpu-high-critical';

type State = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
interface Note {
  id: string;
  at: number;
  state: State;
}
interface TrueIncident {
  notes: Note[];
  final: 'ok' | 'alarm' | 'insufficient';
  alarms: number;
}

/** One incident: offsets in minutes inside a 25-minute span (below the 30-minute reopen window). */
const incidentShape = fc.record({
  repeats: fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 4 }),
  flaps: fc.array(fc.integer({ min: 1, max: 22 }), { maxLength: 2 }),
  insufficientAt: fc.option(fc.integer({ min: 1, max: 23 }), { nil: undefined }),
  resolveAt: fc.integer({ min: 24, max: 25 }),
});

const historyArb = fc
  .record({
    incidents: fc.array(incidentShape, { minLength: 1, maxLength: 4 }),
    lastOpen: fc.boolean(),
    gapsH: fc.array(fc.integer({ min: 7, max: 48 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ incidents, lastOpen, gapsH }) => {
    let start = T0;
    let n = 0;
    const id = () => `m${n++}`;
    return incidents.map((shape, i): TrueIncident => {
      const notes: Note[] = [{ id: id(), at: start, state: 'ALARM' }];
      for (const m of shape.repeats) notes.push({ id: id(), at: start + m * MIN, state: 'ALARM' });
      if (shape.insufficientAt !== undefined) notes.push({ id: id(), at: start + shape.insufficientAt * MIN + 1_000, state: 'INSUFFICIENT_DATA' });
      for (const m of shape.flaps) {
        notes.push({ id: id(), at: start + m * MIN + 2_000, state: 'OK' });
        notes.push({ id: id(), at: start + m * MIN + 62_000, state: 'ALARM' });
      }
      const open = lastOpen && i === incidents.length - 1;
      if (!open) notes.push({ id: id(), at: start + shape.resolveAt * MIN + 3_000, state: 'OK' });
      notes.sort((a, b) => a.at - b.at);
      const last = notes[notes.length - 1]!;
      start += gapsH[i]! * HOUR;
      return {
        notes,
        final: last.state === 'OK' ? 'ok' : last.state === 'ALARM' ? 'alarm' : 'insufficient',
        alarms: notes.filter((x) => x.state === 'ALARM').length,
      };
    });
  });

/** The history, then the deliveries: every notification once or twice, in a random order. */
const scenarioArb = historyArb.chain((history) => {
  const notes = history.flatMap((i) => i.notes);
  return fc
    .tuple(
      fc.constant(history),
      fc.shuffledSubarray(notes, { minLength: notes.length, maxLength: notes.length }),
      fc.subarray(notes, { maxLength: Math.min(4, notes.length) }),
      fc.nat({ max: notes.length }),
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
    )
    .map(([h, order, dupes, at, groups]) => ({ history: h, deliveries: [...order.slice(0, at), ...dupes, ...order.slice(at)], groups }));
});

const base = fixture('cloudwatch-alarm');
function sns(note: Note): SNSMessage {
  const m = JSON.parse(base.Message) as Record<string, unknown>;
  m.NewStateValue = note.state;
  m.StateChangeTime = new Date(note.at).toISOString();
  return { ...base, MessageId: note.id, Message: JSON.stringify(m), Timestamp: new Date(note.at + 5 * HOUR).toISOString() };
}
const alertOf = (note: Note): NormalizedAlert => parseSnsMessage(sns(note), { knownNames: ['gamedb1-1'] });

describe('incident timeline (pure)', () => {
  it('gives the same incidents, states and counts whatever the delivery order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ history, deliveries }) => {
        let rec: IncidentRecord = emptyRecord('x'.repeat(40), 'C1', KEY);
        for (const note of deliveries) rec = recordAlert(rec, { alert: alertOf(note), at: note.at, mentionHere: true, now: T0 }, DEFAULT_ALERT_OPTIONS).next;
        const segs = segment(rec.events, DEFAULT_ALERT_OPTIONS);
        expect(segs.map((s) => [s.state, s.count, s.firstAt])).toEqual(history.map((i) => [i.final, i.alarms, i.notes[0]!.at]));
        expect(rec.threads).toHaveLength(history.length);
        expect(new Set(rec.events.map((e) => e.id))).toEqual(new Set(history.flatMap((i) => i.notes.map((n) => n.id))));
      }),
      { seed: 20261205, numRuns: 400 },
    );
  });

  it('an OK that arrives before its ALARM resolves the incident the ALARM opens', () => {
    const alarm: Note = { id: 'a', at: T0, state: 'ALARM' };
    const ok: Note = { id: 'o', at: T0 + 5 * MIN, state: 'OK' };
    let rec = emptyRecord('x'.repeat(40), 'C1', KEY);
    const first = recordAlert(rec, { alert: alertOf(ok), at: ok.at, mentionHere: true, now: T0 }, DEFAULT_ALERT_OPTIONS);
    expect(first.outcome).toBe('ignored'); // nothing to resolve yet, but it is kept
    rec = first.next;
    const second = recordAlert(rec, { alert: alertOf(alarm), at: alarm.at, mentionHere: true, now: T0 }, DEFAULT_ALERT_OPTIONS);
    expect(second.outcome).toBe('posted');
    expect(segment(second.next.events, DEFAULT_ALERT_OPTIONS).map((s) => s.state)).toEqual(['ok']);
    expect(second.next.threads[0]!.okAlert?.messageId).toBe('o');
  });
});

describe('incidents in Slack under reordered, delayed, duplicated delivery', () => {
  let fake: SlackFake;
  beforeAll(async () => {
    fake = await new SlackFake().start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => fake.reset());

  it('one parent per incident; every resolution shown; the open incident still firing', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ history, deliveries, groups }) => {
        fake.reset();
        const store = new MemoryStateStore();
        const o = { ...DEFAULT_ALERT_OPTIONS, channelIntervalMs: 2, budgetMs: 20_000 };
        const sender = new PacedSender(slackClient(fake), o, quietLog);
        let now = T0 + 100 * HOUR; // every notification arrives late, hours after it happened
        const deps: IncidentDeps = { store, sender, log: quietLog, now: () => now, options: o };
        const route = { channel: 'CPROP', wanted: true, mentionHere: true };
        // Deliveries in groups of 1–3 at once (concurrent invocations), in the shuffled order.
        for (let i = 0, g = 0; i < deliveries.length; g++) {
          const size = groups[g % groups.length]!;
          await Promise.all(deliveries.slice(i, i + size).map((n) => applyAlert(deps, route, alertOf(n))));
          i += size;
          now += 7_000;
        }
        const incidents = await getIncidents(store, incidentId('CPROP', KEY), o);
        const parents = fake.messages.filter((m) => !m.thread_ts);
        expect(parents).toHaveLength(history.length);
        expect(incidents).toHaveLength(history.length);
        const byStart = [...incidents].sort((a, b) => a.firstAt - b.firstAt);
        history.forEach((truth, k) => {
          const inc = byStart[k]!;
          expect(inc.firstAt).toBe(truth.notes[0]!.at);
          expect(inc.state).toBe(truth.final);
          expect(inc.count).toBe(truth.alarms);
          const parent = fake.message('CPROP', inc.ts!)!;
          const replies = fake.thread('CPROP', inc.ts!).map((m) => m.text ?? '');
          if (truth.final === 'ok') {
            expect(parent.text).toMatch(/^RESOLVED: /);
            expect(parent.text).not.toContain('<!here>');
            expect(replies.at(-1)).toMatch(/^Resolved after /);
          } else {
            expect(parent.text).not.toMatch(/^RESOLVED/);
            expect(replies.at(-1) ?? '').not.toMatch(/^Resolved/);
            if (truth.final === 'alarm') expect(parent.text).toMatch(/^<!here> CRITICAL: /);
          }
        });
      }),
      { seed: 4242, numRuns: 40 },
    );
  }, 120_000);
});
