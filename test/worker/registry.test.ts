/** Which runner runs which job; runners load lazily. */
import { describe, expect, it } from 'vitest';
import type { AlertActionJob, CommandJob } from '../../src/jobs/payload';
import { loadRunner, runnerKey } from '../../src/worker/registry';
import { windowOf } from '../../src/core/window';

const origin = { team: 'T', channel: 'C1', user: 'U1' };
const command = (c: CommandJob['command']): CommandJob => ({ kind: 'command', id: 'j', requestedAt: '2026-11-20T00:00:00Z', origin, command: c });

describe('runnerKey', () => {
  it('maps every job to its runner', () => {
    expect(runnerKey(command({ verb: 'report', target: 'gamedb1-1', window: windowOf(3_600_000) }))).toBe('report');
    expect(runnerKey(command({ verb: 'digest', target: 'gamedb1-1', window: windowOf(3_600_000), top: 5 }))).toBe('digest');
    expect(runnerKey(command({ verb: 'review', sql: 'SELECT 1' }))).toBe('review');
    const subscriptionCommands: CommandJob['command'][] = [
      { verb: 'subscribe', pattern: 'x', level: 'warning', events: [], mentionHere: false },
      { verb: 'unsubscribe', pattern: 'x' },
      { verb: 'subscriptions' },
    ];
    for (const c of subscriptionCommands) {
      expect(runnerKey(command(c))).toBe('subscriptions');
    }
    const ack: AlertActionJob = {
      kind: 'alert-action',
      id: 'j',
      requestedAt: '',
      origin,
      action: { type: 'ack', incidentKey: 'a'.repeat(40), messageTs: '1.2' },
    };
    expect(runnerKey(ack)).toBe('alert-action');
  });

  it('loads the runner module on demand', async () => {
    expect(typeof (await loadRunner(command({ verb: 'review', sql: 'SELECT 1' })))).toBe('function');
  });
});
