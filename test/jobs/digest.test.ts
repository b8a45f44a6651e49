/** The digest job and runner: CloudWatch Logs (mocked transport) → digest engine → Slack view. */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { parseWindow } from '../../src/core/window';
import { runDigest } from '../../src/jobs/digest';
import type { CommandJob } from '../../src/jobs/payload';
import { run } from '../../src/worker/runners/digest';
import type { WorkerContext } from '../../src/worker/types';
import { slowEvent } from '../collectors/fixtures';
import { MemoryStateStore } from '../../src/state/store';
import { testEnv } from '../support/env';

const logs = mockClient(CloudWatchLogsClient);
const config = loadConfig(testEnv('http://127.0.0.1:9/'));
const log = createLogger({}, () => undefined);
const now = new Date('2026-11-21T08:00:00Z');
const events = [
  slowEvent(new Date('2026-11-21T06:10:00Z'), 'SELECT * FROM characters WHERE guild_id = 17;', 0.9, 120_000),
  slowEvent(new Date('2026-11-21T06:20:00Z'), 'SELECT * FROM characters WHERE guild_id = 4;', 1.1, 118_000),
  slowEvent(new Date('2026-11-21T07:00:00Z'), 'SELECT name FROM guilds WHERE id = 3;', 0.2, 1),
];

beforeEach(() => {
  logs.reset();
  resetClients();
});

describe('runDigest', () => {
  test('reads the window of one instance stream and digests it', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: events.slice(0, 2), nextToken: 'n' })
      .resolvesOnce({ events: events.slice(2) });
    const target = config.targets.get('gamedb1')!;
    const r = await runDigest({ target, instance: 'gamedb1-2', window: parseWindow('2h'), top: 5, config, log, deadline: Date.now() + 30_000, now });
    const inputs = logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toEqual({
      logGroupName: '/aws/rds/cluster/gamedb1/slowquery',
      logStreamNamePrefix: 'gamedb1-2',
      startTime: now.getTime() - 7_200_000,
      endTime: now.getTime(),
      limit: 10000,
      nextToken: undefined,
    });
    expect(inputs[1]!.nextToken).toBe('n');
    expect(r.scope).toBe('gamedb1-2');
    expect(r.events).toBe(3);
    expect(r.truncated).toBe(false);
    expect(r.result.totals.events).toBe(3);
    expect(r.result.classes.map((c) => c.calls)).toEqual([2, 1]);
    expect(r.result.classes[0]!.rowsExamined).toBe(238_000);
  });

  test('a cluster without slow-log export gets a message that says what to turn on', async () => {
    logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error('The specified log group does not exist.'), { name: 'ResourceNotFoundException' }));
    const target = config.targets.get('billingdb')!;
    await expect(runDigest({ target, window: parseWindow('1h'), top: 5, config, log, deadline: Date.now() + 30_000, now })).rejects.toThrow(
      /no slow query log for billingdb.*export the slowquery log/,
    );
    expect(logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.logStreamNamePrefix).toBeUndefined();
  });
});

describe('digest runner', () => {
  const job = (target: string): CommandJob => ({
    kind: 'command',
    id: 'j1',
    requestedAt: now.toISOString(),
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1.0' },
    command: { verb: 'digest', target, window: parseWindow('2h'), top: 3 },
  });
  const ctx: WorkerContext = {
    config,
    log,
    deadline: Date.now() + 30_000,
    postInThread: async () => {},
    store: new MemoryStateStore(),
    // The digest runner never talks to Slack itself: the worker delivers its reply.
    slack: {} as WorkerContext['slack'],
  };

  test('answers with the digest view of the named instance', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events });
    const reply = await run(job('gamedb1-1'), ctx);
    expect(reply.text).not.toBe('');
    const all = JSON.stringify(reply.blocks);
    expect(all).toContain('gamedb1-1, last 2h');
    expect(all).toMatch(/characters/);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.logStreamNamePrefix).toBe('gamedb1-1');
  });

  test('an unknown target is a clear error naming the known ones', async () => {
    await expect(run(job('nosuchdb'), ctx)).rejects.toThrow("I don't know `nosuchdb`. Known targets: `gamedb1`, `billingdb`.");
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });
});
