/** The ingress → worker contract: the schema accepts what the ingress sends and nothing it would not. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/grammar';
import { checkJobPayload, isJobPayload, type CommandJob } from '../../src/jobs/payload';

const origin = {
  team: 'T1',
  channel: 'C1',
  user: 'U1',
  threadTs: '1700000000.000100',
  responseUrl: 'https://hooks.slack.com/commands/T1/1/x',
  reply: 'thread' as const,
};
function job(text: string): CommandJob {
  const r = parseCommand(text);
  if (!r.ok || r.command.verb === 'help' || r.command.verb === 'instances') throw new Error(text);
  return { kind: 'command', id: 'job-1', requestedAt: '2026-11-20T08:00:00.000Z', origin, command: r.command };
}

describe('the job payload schema', () => {
  it('accepts every job the grammar can produce for the worker', () => {
    for (const text of [
      'report gamedb1-1 6h',
      'digest gamedb1 2d --top 5',
      'review on gamedb1 SELECT 1',
      'review SELECT 1',
      'subscribe gamedb* --severity critical --events failover --here',
      'unsubscribe gamedb*',
      'subscriptions',
    ]) {
      const j = job(text);
      expect(checkJobPayload(JSON.parse(JSON.stringify(j))), text).toEqual({ ok: true, job: j });
    }
    expect(
      isJobPayload({
        kind: 'alert-action',
        id: 'j',
        requestedAt: '2026-11-20T08:00:00Z',
        origin,
        action: { type: 'mute', incidentKey: 'a'.repeat(40), muteMinutes: 60, messageTs: '1.2' },
      }),
    ).toBe(true);
  });

  it('refuses what the ingress would never send, naming the fields and not their values', () => {
    const bad = (over: (j: CommandJob) => unknown) => checkJobPayload(over(JSON.parse(JSON.stringify(job('report gamedb1-1 6h'))) as CommandJob));
    const cases: Array<[string, (j: CommandJob) => unknown, string]> = [
      ['a target the grammar refuses', (j) => ({ ...j, command: { ...j.command, target: 'x; DROP TABLE' } }), 'job.command.target'],
      [
        'a window past 14 days',
        (j) => ({ ...j, command: { ...j.command, window: { ms: 30 * 86_400_000, label: '30d', human: '30 days' } } }),
        'job.command.window.ms',
      ],
      ['an unknown verb', (j) => ({ ...j, command: { verb: 'drop' } }), 'job.command.verb'],
      ['no origin', (j) => ({ ...j, origin: undefined }), 'job.origin'],
      ['a response_url that is not a URL', (j) => ({ ...j, origin: { ...j.origin, responseUrl: 'javascript:alert(1)' } }), 'job.origin.responseUrl'],
      [
        'a crafted incident key',
        () => ({
          kind: 'alert-action',
          id: 'j',
          requestedAt: '2026-11-20T08:00:00Z',
          origin,
          action: { type: 'ack', incidentKey: '../../etc', messageTs: '1.2' },
        }),
        'job.action.incidentKey',
      ],
    ];
    for (const [what, change, path] of cases) {
      const r = bad(change);
      expect(r.ok, what).toBe(false);
      if (!r.ok) {
        expect(r.problems.join('\n'), what).toContain(`${path}:`);
        expect(r.problems.join('\n'), what).not.toMatch(/DROP|javascript|etc/);
      }
    }
    for (const junk of [null, 'text', {}, { kind: 'command' }]) expect(isJobPayload(junk)).toBe(false);
  });

  it('a review over the size limit is refused', () => {
    const j = job('review SELECT 1');
    expect(checkJobPayload({ ...j, command: { verb: 'review', sql: 'x'.repeat(256 * 1024 + 1) } }).ok).toBe(false);
  });
});
