/** A review job through the worker: static, schema and EXPLAIN checks on the real test server, answered in the thread. */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SlackFake } from '../../../scripts/lib/slack-fake';
import { loadConfig } from '../../../src/config/env';
import { createLogger } from '../../../src/core/log';
import type { CommandJob } from '../../../src/jobs/payload';
import { MemoryStateStore } from '../../../src/state/store';
import { processJob } from '../../../src/worker/process';
import { makeReviewRunner } from '../../../src/worker/runners/review';
import { testEnv } from '../../support/env';

const fake = new SlackFake();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

function job(sql: string, target?: string): CommandJob {
  return {
    kind: 'command',
    id: 'j1',
    requestedAt: new Date().toISOString(),
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1700000000.000100', reply: 'thread' },
    command: { verb: 'review', sql, ...(target ? { target } : {}) },
  };
}

async function run(j: CommandJob, resolveDb: (name: string) => Promise<{ url: string }>) {
  const config = loadConfig(testEnv(fake.apiUrl));
  const deps = {
    config,
    slack: new WebClient('xoxb-x', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
    store: new MemoryStateStore(),
    log: createLogger({}, () => undefined),
    runner: makeReviewRunner(resolveDb),
  };
  return processJob(j, deps as never, () => 60_000);
}

describe('review runner', () => {
  it('reviews against the live schema and answers in the thread', async () => {
    const url = `${inject('mysqlUrl')}game`;
    const outcome = await run(
      job("SELECT * FROM users WHERE nickname LIKE '%kim';\nALTER TABLE users ADD INDEX idx_dup (country);\nUPDATE characters SET gold = 0", 'gamedb1'),
      async () => ({ url }),
    );
    expect(outcome).toBe('done');
    const answer = fake.thread('C1', '1700000000.000100').at(-1)!;
    const body = JSON.stringify(answer.blocks);
    expect(answer.text).toMatch(/^SQL review on gamedb1: 3 statements, worst (high|critical)/);
    expect(body).toContain('full scan');
    expect(body).toContain('update-without-where');
    expect(body).toMatch(/static, schema and EXPLAIN checks/);
  });

  it('falls back to static checks with a note when the database cannot be reached', async () => {
    const outcome = await run(job('DELETE FROM users', 'gamedb1'), async () => {
      throw new Error('secret unreadable');
    });
    expect(outcome).toBe('done');
    const answer = fake.thread('C1', '1700000000.000100').at(-1)!;
    expect(JSON.stringify(answer.blocks)).toContain('Schema and EXPLAIN checks were skipped');
    expect(JSON.stringify(answer.blocks)).toContain('delete-without-where');
  });
});
