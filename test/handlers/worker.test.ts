/** The `worker` Lambda entry: an asynchronous invocation carrying a job payload; anything else is logged and dropped. */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { resetClients } from '../../src/aws/clients';
import { resetConfigCache } from '../../src/config/env';
import { handler } from '../../src/handlers/worker';
import { type CommandJob, encodeJob } from '../../src/jobs/payload';
import { testEnv } from '../support/env';

const fake = new SlackFake();
const ctx = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
let saved: NodeJS.ProcessEnv;

beforeAll(async () => {
  await fake.start();
  saved = { ...process.env };
  Object.assign(process.env, testEnv(fake.apiUrl));
  resetConfigCache();
  resetClients();
});
afterAll(async () => {
  process.env = saved;
  await fake.stop();
});

describe('worker handler', () => {
  it('ignores an event that is not a job payload', async () => {
    for (const event of [null, {}, { kind: 'command' }, { kind: 'other', id: 'x', origin: { channel: 'C1' } }, 'text']) {
      expect(await handler(event, ctx)).toEqual({ outcome: 'invalid' });
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('runs a job and answers in its thread', async () => {
    const job: CommandJob = {
      kind: 'command',
      id: 'j1',
      requestedAt: new Date().toISOString(),
      origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1700000000.000100' },
      command: { verb: 'review', sql: 'SELECT * FROM users ORDER BY RAND()' },
    };
    expect(await handler(job, ctx)).toEqual({ outcome: 'done' });
    const [answer] = fake.thread('C1', '1700000000.000100');
    expect(answer?.text).toMatch(/1 statement/i);
  });

  it('runs a review job as the ingress sends it (SQL as base64) and as the older plain shape', async () => {
    const job = (id: string, ts: string): CommandJob => ({
      kind: 'command',
      id,
      requestedAt: new Date().toISOString(),
      origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: ts },
      command: { verb: 'review', sql: 'SELECT * FROM users WHERE name = \'한국어 "q"\' ORDER BY RAND()' },
    });
    const wire = JSON.parse(encodeJob(job('j2', '1700000001.000100'))) as { command: { sqlBase64?: string } };
    expect(wire.command.sqlBase64).toBeDefined();
    expect(await handler(wire, ctx)).toEqual({ outcome: 'done' });
    expect(fake.thread('C1', '1700000001.000100')[0]?.text).toMatch(/1 statement/i);
    expect(await handler(JSON.parse(JSON.stringify(job('j3', '1700000002.000100'))), ctx)).toEqual({ outcome: 'done' });
    expect(fake.thread('C1', '1700000002.000100')[0]?.text).toMatch(/1 statement/i);
  });
});
