/** The state store contract (create once, replace only the version read) on the in-memory store, and update()'s retry loop. */
import { describe, expect, it } from 'vitest';
import { ConflictError, MemoryStateStore, update, type StateStore } from '../../src/state/store';

describe('MemoryStateStore', () => {
  it('creates once, replaces only the version that was read, lists by prefix, deletes', async () => {
    const s = new MemoryStateStore();
    expect(await s.get('a/1')).toBeUndefined();
    expect(await s.create('a/1', { n: 1 })).toBe(true);
    expect(await s.create('a/1', { n: 2 })).toBe(false);
    const v1 = (await s.get<{ n: number }>('a/1'))!;
    expect(v1.value).toEqual({ n: 1 });
    expect(await s.replace('a/1', { n: 3 }, v1.version)).toBe(true);
    expect(await s.replace('a/1', { n: 4 }, v1.version)).toBe(false); // stale version
    expect((await s.get<{ n: number }>('a/1'))!.value).toEqual({ n: 3 });
    await s.create('a/2', {});
    await s.create('b/1', {});
    expect(await s.list('a/')).toEqual(['a/1', 'a/2']);
    await s.delete('a/1');
    expect(await s.get('a/1')).toBeUndefined();
  });

  it('hands out copies: changing a value read does not change the store', async () => {
    const s = new MemoryStateStore();
    await s.create('k', { list: [1] });
    (await s.get<{ list: number[] }>('k'))!.value.list.push(2);
    expect((await s.get<{ list: number[] }>('k'))!.value.list).toEqual([1]);
  });
});

describe('update', () => {
  it('read-modify-write: concurrent updates lose nothing', async () => {
    const s = new MemoryStateStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => update<number[]>(s, 'list', (cur) => [...(cur ?? []), i])));
    expect(((await s.get<number[]>('list'))!.value ?? []).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('undefined from the change leaves the store as it is', async () => {
    const s = new MemoryStateStore();
    await s.create('k', 1);
    expect(await update<number>(s, 'k', () => undefined)).toBe(1);
    expect(await update<number>(s, 'absent', () => undefined)).toBeUndefined();
    expect(await s.get('absent')).toBeUndefined();
  });

  it('gives up with a ConflictError when every attempt loses the race', async () => {
    const s = new MemoryStateStore();
    const racing: StateStore = {
      ...s,
      get: (k) => s.get(k),
      create: async () => false,
      replace: async () => false,
      delete: (k) => s.delete(k),
      list: (p) => s.list(p),
      entries: (p) => s.entries(p),
    };
    await expect(update<number>(racing, 'k', () => 1, 3)).rejects.toBeInstanceOf(ConflictError);
  });
});
