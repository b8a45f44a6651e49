import { describe, expect, it } from 'vitest';
import { INDEX_KEY, listSubscriptions, readIndex, routeAlert, subscribe, unsubscribe } from '../../src/alerts/subscriptions';
import type { NormalizedAlert, Subscription } from '../../src/model/alert';
import { parseSnsMessage } from '../../src/alerts/parse';
import { S3StateStore } from '../../src/state/s3-store';
import { MemoryStateStore } from '../../src/state/store';
import { fixture, s3WithConditionalWrites, TARGETS } from './support';

const alert = (name: string): NormalizedAlert => parseSnsMessage(fixture(name), { knownNames: ['gamedb1', 'gamedb2', 'gamedb1-1', 'gamedb2-1'] });
const sub = (pattern: string, extra: Partial<Subscription> = {}): Subscription => ({
  pattern,
  level: 'warning',
  events: [],
  mentionHere: false,
  by: 'U1',
  at: '2026-11-21T00:00:00Z',
  ...extra,
});

describe('subscription store', () => {
  it('adds, updates by pattern, lists and removes, keeping the index in step', async () => {
    const store = new MemoryStateStore();
    expect((await subscribe(store, 'C1', sub('gamedb1'))).status).toBe('added');
    expect((await subscribe(store, 'C1', sub('GAMEDB1', { level: 'critical' }))).status).toBe('updated');
    await subscribe(store, 'C1', sub('gamedb2-*'));
    expect((await listSubscriptions(store, 'C1')).map((s) => [s.pattern, s.level])).toEqual([
      ['GAMEDB1', 'critical'],
      ['gamedb2-*', 'warning'],
    ]);
    expect((await readIndex(store)).channels.C1?.subscriptions).toHaveLength(2);
    expect((await unsubscribe(store, 'C1', 'gamedb1')).removed).toBe(true);
    expect((await unsubscribe(store, 'C1', 'nothing')).removed).toBe(false);
    await unsubscribe(store, 'C1', 'gamedb2-*');
    expect((await readIndex(store)).channels.C1).toBeUndefined();
    expect(await listSubscriptions(store, 'C1')).toEqual([]);
  });

  it('loses no subscription when many people subscribe at once (S3 conditional writes)', async () => {
    const { s3, objects } = s3WithConditionalWrites();
    const store = new S3StateStore(s3, 'bucket');
    const channels = ['C1', 'C2', 'C3', 'C4'];
    await Promise.all(channels.flatMap((c) => Array.from({ length: 6 }, (_, i) => subscribe(store, c, sub(`gamedb${i}*`)))));
    for (const c of channels)
      expect((await listSubscriptions(store, c)).map((s) => s.pattern).sort()).toEqual([
        'gamedb0*',
        'gamedb1*',
        'gamedb2*',
        'gamedb3*',
        'gamedb4*',
        'gamedb5*',
      ]);
    const index = await readIndex(store);
    for (const c of channels) expect(index.channels[c]?.subscriptions).toHaveLength(6);
    expect(objects.has(`state/${INDEX_KEY}`)).toBe(false); // nothing but the channels' own documents
  });

  it('routes every channel when 50 people subscribe at once over a slow S3 (20–60 ms per request)', async () => {
    const mock = s3WithConditionalWrites(undefined, { latencyMs: [20, 60], seed: 7 });
    const store = new S3StateStore(mock.s3, 'bucket');
    // 40 channels, 10 of them subscribed twice at once: 50 concurrent subscribers.
    const channels = Array.from({ length: 40 }, (_, i) => `CLAT${String(i).padStart(2, '0')}`);
    const jobs = [...channels.map((c) => subscribe(store, c, sub('gamedb1'))), ...channels.slice(0, 10).map((c) => subscribe(store, c, sub('gamedb2*')))];
    const settled = await Promise.allSettled(jobs);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    const routes = routeAlert(await readIndex(store), alert('cloudwatch-alarm'), TARGETS);
    expect(routes.map((r) => r.channel)).toEqual(channels);
    const index = await readIndex(store);
    for (const c of channels.slice(0, 10)) expect(index.channels[c]?.subscriptions.map((s) => s.pattern).sort()).toEqual(['gamedb1', 'gamedb2*']);
  });

  it('a subscriber that dies after writing its channel document still routes (nothing else to write)', async () => {
    const store = new MemoryStateStore();
    // What a subscribe leaves behind if the worker is killed right after its one write.
    await store.create('subscriptions/CDEAD.json', { channel: 'CDEAD', rev: 1, subscriptions: [sub('gamedb1')] });
    // An index document from an earlier version that never heard of the channel is ignored.
    await store.create(INDEX_KEY, { channels: { COLD: { rev: 9, subscriptions: [sub('*')] } } });
    expect(Object.keys((await readIndex(store)).channels)).toEqual(['CDEAD']);
  });

  it('re-reads only the channel documents that changed since the last read', async () => {
    const mock = s3WithConditionalWrites();
    const store = new S3StateStore(mock.s3, 'bucket');
    for (const c of ['C1', 'C2', 'C3']) await subscribe(store, c, sub('gamedb1'));
    await readIndex(store);
    const before = mock.requests();
    await readIndex(store);
    expect(mock.requests() - before).toBe(1); // the listing only
    await unsubscribe(store, 'C2', 'gamedb1');
    const afterChange = mock.requests();
    expect(Object.keys((await readIndex(store)).channels)).toEqual(['C1', 'C3']);
    expect(mock.requests() - afterChange).toBe(2); // the listing and C2's document
  });

  it('rejects channel ids that are not Slack ids (they become S3 keys)', async () => {
    await expect(subscribe(new MemoryStateStore(), '../x', sub('a'))).rejects.toThrow(/invalid channel/);
  });
});

describe('routing', () => {
  const index = {
    channels: {
      CCLUSTER: { rev: 1, subscriptions: [sub('gamedb1')] },
      CGLOB: { rev: 1, subscriptions: [sub('gamedb*', { level: 'critical', mentionHere: true })] },
      CFAILOVER: { rev: 1, subscriptions: [sub('gamedb1-1', { events: ['failover', 'reboot'] })] },
      COTHER: { rev: 1, subscriptions: [sub('otherdb')] },
    },
  };

  it('matches an instance alarm to its cluster subscription, globs and filters', () => {
    const routes = routeAlert(index, alert('cloudwatch-alarm'), TARGETS);
    expect(routes).toEqual([
      { channel: 'CCLUSTER', wanted: true, mentionHere: false },
      { channel: 'CFAILOVER', wanted: false, mentionHere: false },
      { channel: 'CGLOB', wanted: true, mentionHere: true },
    ]);
  });

  it('applies the category filter and the level threshold', () => {
    const routes = routeAlert(index, alert('rds-instance-failover'), TARGETS);
    expect(routes.find((r) => r.channel === 'CFAILOVER')?.wanted).toBe(true);
    const param = routeAlert(index, alert('rds-parameter-change'), TARGETS);
    expect(param.filter((r) => r.wanted)).toEqual([]);
  });

  it('routes an OK to channels with a matching subscription even below their level', () => {
    const routes = routeAlert(index, alert('cloudwatch-ok'), TARGETS);
    expect(routes.map((r) => r.channel)).toEqual(['CCLUSTER', 'CFAILOVER', 'CGLOB']);
    expect(routes.every((r) => !r.wanted)).toBe(true);
  });
});
