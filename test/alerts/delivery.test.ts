import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { PacedSender, PermanentDeliveryError, TransientDeliveryError } from '../../src/alerts/delivery';
import { quietLog, slackClient } from './support';

let fake: SlackFake;
beforeAll(async () => {
  fake = await new SlackFake().start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => fake.reset());

const sender = (o: Partial<{ channelIntervalMs: number; maxAttempts: number; budgetMs: number }> = {}) =>
  new PacedSender(slackClient(fake), { channelIntervalMs: 5, maxAttempts: 4, budgetMs: 10_000, ...o }, quietLog);

describe('PacedSender', () => {
  it('waits out a 429 and retries, so the message is posted once', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 2);
    const s = sender();
    const ts = await s.post('C1', { text: 'hello', blocks: [] });
    expect(fake.message('C1', ts)?.text).toBe('hello');
    expect(fake.messages).toHaveLength(1);
    expect(s.stats.rateLimited).toBe(2);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('gives up after the bounded number of attempts with a transient error', async () => {
    fake.failNext('chat.postMessage', { status: 503 }, 2);
    await expect(sender({ maxAttempts: 2 }).post('C1', { text: 'x', blocks: [] })).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
  });

  it('does not retry what Slack refuses for good', async () => {
    fake.notInChannel.add('CNO');
    await expect(sender().post('CNO', { text: 'x', blocks: [] })).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    fake.notInChannel.delete('CNO');
  });

  it('stops at the time budget instead of waiting out a long Retry-After', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 }, 1);
    await expect(sender({ budgetMs: 500 }).post('C1', { text: 'x', blocks: [] })).rejects.toThrow(/budget/);
  });

  it('keeps the order of writes per channel through rate-limit refusals and posts each message once', async () => {
    fake.rateLimit = { perChannel: 2, windowMs: 50, retryAfterSeconds: 0 };
    const s = sender({ channelIntervalMs: 1, maxAttempts: 20 });
    const tss = await Promise.all(Array.from({ length: 12 }, (_, i) => s.post('C1', { text: `m${i}`, blocks: [] })));
    expect(new Set(tss).size).toBe(12);
    expect(fake.messages.map((m) => m.text)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
  });

  it('coalesces queued edits of one message into one call rendering the latest state', async () => {
    const s = sender({ channelIntervalMs: 30 });
    const ts = await s.post('C1', { text: 'v0', blocks: [] });
    let state = 0;
    const renders: number[] = [];
    const render = async () => {
      renders.push(state);
      return { text: `v${state}`, blocks: [] };
    };
    const edits: Array<Promise<void>> = [];
    for (let i = 1; i <= 5; i++) {
      state = i;
      edits.push(s.edit('C1', ts, render));
    }
    await Promise.all(edits);
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(renders).toEqual([5]);
    expect(fake.message('C1', ts)?.text).toBe('v5');
  });
});
