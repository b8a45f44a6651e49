/** The ingress → worker contract: the schema accepts what the ingress sends and nothing it would not. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/grammar';
import { MAX_JOB_BYTES, MAX_REVIEW_BYTES } from '../../src/core/limits';
import { checkJobPayload, encodeJob, isJobPayload, type CommandJob, type JobPayload } from '../../src/jobs/payload';

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

  it('a review over the size limit is refused, counted in UTF-8 bytes', () => {
    const j = job('review SELECT 1');
    expect(checkJobPayload({ ...j, command: { verb: 'review', sql: 'x'.repeat(MAX_REVIEW_BYTES) } }).ok).toBe(true);
    expect(checkJobPayload({ ...j, command: { verb: 'review', sql: 'x'.repeat(MAX_REVIEW_BYTES + 1) } }).ok).toBe(false);
    expect(checkJobPayload({ ...j, command: { verb: 'review', sql: '한'.repeat(MAX_REVIEW_BYTES / 2) } }).ok).toBe(false);
  });
});

describe('the job on the wire (encodeJob → checkJobPayload)', () => {
  it('carries review SQL as base64 and gives the worker the same job back', () => {
    const j = job('review on gamedb1 SELECT \'한국어 "quoted"\n\' FROM t');
    const wire = JSON.parse(encodeJob(j)) as { command: Record<string, unknown> };
    expect(wire.command.sql).toBeUndefined();
    expect(typeof wire.command.sqlBase64).toBe('string');
    expect(checkJobPayload(wire)).toEqual({ ok: true, job: j });
    // Jobs of the other verbs travel as they are.
    const report = job('report gamedb1-1 6h');
    expect(JSON.parse(encodeJob(report))).toEqual(report);
  });

  it('still accepts a review with plain sql (the shape before the base64 hand-off)', () => {
    const j = job('review SELECT 1');
    expect(checkJobPayload(JSON.parse(JSON.stringify(j)))).toEqual({ ok: true, job: j });
  });

  it('refuses base64 that is not base64, decodes to nothing, or is over the limit, naming the field only', () => {
    const j = job('review SELECT 1');
    const encoded = (sqlBase64: string) => checkJobPayload({ ...j, command: { verb: 'review', sqlBase64 } });
    for (const [what, b64, path] of [
      ['not base64', 'DROP TABLE users!', 'job.command.sqlBase64'],
      ['empty SQL', '', 'job.command.sql'],
      ['one byte over the limit (checked once decoded)', Buffer.from('x'.repeat(MAX_REVIEW_BYTES + 1)).toString('base64'), 'job.command.sql'],
      ['far over the limit (refused before decoding)', Buffer.from('x'.repeat(2 * MAX_REVIEW_BYTES)).toString('base64'), 'job.command.sqlBase64'],
    ] as const) {
      const r = encoded(b64);
      expect(r.ok, what).toBe(false);
      if (!r.ok) {
        expect(r.problems.join('\n'), what).toContain(`${path}:`);
        expect(r.problems.join('\n'), what).not.toMatch(/DROP/);
      }
    }
    expect(encoded(Buffer.from('x'.repeat(MAX_REVIEW_BYTES)).toString('base64')).ok).toBe(true);
  });

  it('fits the hand-off with any 176 KB of SQL, whatever JSON escaping would make of it', () => {
    const origin = {
      team: 'T'.repeat(20),
      channel: 'C'.repeat(20),
      user: 'U'.repeat(20),
      threadTs: '1'.repeat(12) + '.' + '1'.repeat(8),
      placeholderTs: '1'.repeat(12) + '.' + '1'.repeat(8),
      responseUrl: `https://hooks.slack.com/commands/${'x'.repeat(200)}`,
      eventId: 'E'.repeat(40),
      reply: 'thread' as const,
    };
    for (const ch of ['\u0001', '"', '\\', '\n', '😀', 'a']) {
      const unit = Buffer.byteLength(ch);
      const sql = ch.repeat(Math.floor(MAX_REVIEW_BYTES / unit));
      const j: JobPayload = {
        kind: 'command',
        id: 'x'.repeat(36),
        requestedAt: new Date(0).toISOString(),
        origin,
        command: { verb: 'review', sql, target: 't'.repeat(63) },
      };
      const wire = encodeJob(j);
      expect(Buffer.byteLength(wire), JSON.stringify(ch)).toBeLessThanOrEqual(MAX_JOB_BYTES);
      expect(checkJobPayload(JSON.parse(wire)), JSON.stringify(ch)).toEqual({ ok: true, job: j });
    }
  });
});
