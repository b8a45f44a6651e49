import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { ERROR_FILTER_PATTERN, fetchErrorHighlights, fetchSlowQueryEvents, MAX_ERROR_LINES } from '../../src/collectors/logs';

const logs = mockClient(CloudWatchLogsClient);
const window = { start: new Date('2026-11-21T07:00:00Z'), end: new Date('2026-11-21T08:00:00Z') };
const ts = window.start.getTime();
beforeEach(() => {
  logs.reset();
  resetClients();
});

describe('fetchSlowQueryEvents', () => {
  test('reads the cluster slowquery group for the instance stream, all pages', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [{ timestamp: ts + 1, message: '# Query_time: 1.5\nSELECT 1;' }], nextToken: 't2' })
      .resolvesOnce({ events: [{ timestamp: ts + 2, message: '# Query_time: 2.5\nSELECT 2;' }] });
    const r = await fetchSlowQueryEvents({ region: 'ap-northeast-2', cluster: 'gamedb1', instance: 'gamedb1-1', window });
    const inputs = logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      {
        logGroupName: '/aws/rds/cluster/gamedb1/slowquery',
        logStreamNamePrefix: 'gamedb1-1',
        startTime: ts,
        endTime: window.end.getTime(),
        limit: 10000,
        nextToken: undefined,
      },
      {
        logGroupName: '/aws/rds/cluster/gamedb1/slowquery',
        logStreamNamePrefix: 'gamedb1-1',
        startTime: ts,
        endTime: window.end.getTime(),
        limit: 10000,
        nextToken: 't2',
      },
    ]);
    expect(r).toEqual({
      events: [
        { timestamp: ts + 1, message: '# Query_time: 1.5\nSELECT 1;' },
        { timestamp: ts + 2, message: '# Query_time: 2.5\nSELECT 2;' },
      ],
      truncated: false,
      calls: 2,
    });
  });

  test('stops at maxEvents and says it was truncated', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: Array.from({ length: 3 }, (_, i) => ({ timestamp: ts + i, message: `q${i}` })), nextToken: 'more' });
    const r = await fetchSlowQueryEvents({ region: 'ap-northeast-2', cluster: 'gamedb1', window, maxEvents: 7 });
    expect(r.events).toHaveLength(7);
    expect(r.truncated).toBe(true);
    expect(r.calls).toBe(3);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.logStreamNamePrefix).toBeUndefined();
  });
});

describe('fetchErrorHighlights', () => {
  test('keeps errors, deadlocks and aborted connections, drops notes, with a filter pattern', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        { timestamp: ts + 1000, message: '2026-11-21T07:00:01 0 [Note] InnoDB: Buffer pool(s) load completed' },
        { timestamp: ts + 2000, message: '2026-11-21T07:00:02 12 [ERROR] [MY-010584] Replica SQL: Error' },
        { timestamp: ts + 3000, message: 'InnoDB: *** (1) TRANSACTION: deadlock found' },
        { timestamp: ts + 4000, message: '[Warning] Aborted connection 123 to db: game user: app (Got timeout reading communication packets)' },
      ],
    });
    const r = await fetchErrorHighlights({ region: 'ap-northeast-2', cluster: 'gamedb1', instance: 'gamedb1-1', window });
    const input = logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ logGroupName: '/aws/rds/cluster/gamedb1/error', logStreamNamePrefix: 'gamedb1-1', filterPattern: ERROR_FILTER_PATTERN });
    expect(r.lines.map((l) => l.time)).toEqual(['2026-11-21T07:00:02.000Z', '2026-11-21T07:00:03.000Z', '2026-11-21T07:00:04.000Z']);
    expect(r.truncated).toBe(false);
  });

  test('caps the highlights', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolves({ events: Array.from({ length: 80 }, (_, i) => ({ timestamp: ts + i, message: `[ERROR] error ${i} ${'x'.repeat(600)}` })) });
    const r = await fetchErrorHighlights({ region: 'ap-northeast-2', cluster: 'gamedb1', window });
    expect(r.lines).toHaveLength(MAX_ERROR_LINES);
    expect(r.truncated).toBe(true);
    expect(r.lines[0]!.message.length).toBe(501);
  });
});

test('past stopAt no further page is read, and what was read is kept', async () => {
  logs.on(FilterLogEventsCommand).resolves({ events: [{ timestamp: ts, message: 'q' }], nextToken: 'more' });
  const r = await fetchSlowQueryEvents({ region: 'ap-northeast-2', cluster: 'gamedb1', window, stopAt: 0 });
  expect(r).toEqual({ events: [{ timestamp: ts, message: 'q' }], truncated: true, calls: 1 });
});
