/** Where a job's answer goes, in order, and that it is never dropped silently. */
import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log';
import type { JobOrigin } from '../../src/jobs/payload';
import { deliver } from '../../src/worker/deliver';

const reply = { text: 'answer', blocks: [] };
const log = createLogger({}, () => undefined);

/** A WebClient whose listed methods fail, recording every call. */
function slack(failing: string[], calls: string[]): WebClient {
  const method = (name: string) => async () => {
    calls.push(name);
    if (failing.includes(name)) throw new Error(`${name} refused`);
    return { ok: true };
  };
  return {
    chat: { update: method('chat.update'), postMessage: method('chat.postMessage'), postEphemeral: method('chat.postEphemeral') },
  } as unknown as WebClient;
}

describe('deliver', () => {
  it('thread answers: edit the placeholder, else post in the thread, else response_url', async () => {
    const origin: JobOrigin = { team: 'T', channel: 'C1', user: 'U1', placeholderTs: '1.1', threadTs: '1.1', responseUrl: 'https://hooks.example.test/r' };
    const calls: string[] = [];
    const posted: unknown[] = [];
    await deliver({ slack: slack(['chat.update', 'chat.postMessage'], calls), log, post: async (_u, body) => void posted.push(body) }, origin, reply);
    expect(calls).toEqual(['chat.update', 'chat.postMessage']);
    expect(posted).toEqual([{ response_type: 'in_channel', text: 'answer', blocks: [] }]);
  });

  it('ephemeral answers: response_url first, else chat.postEphemeral', async () => {
    const calls: string[] = [];
    await deliver(
      { slack: slack([], calls), log, post: async () => Promise.reject(new Error('expired')) },
      { team: 'T', channel: 'C1', user: 'U1', reply: 'ephemeral', responseUrl: 'https://hooks.example.test/r' },
      reply,
    );
    expect(calls).toEqual(['chat.postEphemeral']);
  });

  it('throws with every reason when no way works, so the invocation reaches the dead-letter queue', async () => {
    const err = await deliver(
      { slack: slack(['chat.update', 'chat.postMessage'], []), log },
      { team: 'T', channel: 'C1', user: 'U1', placeholderTs: '1.1', threadTs: '1.1' },
      reply,
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('could not deliver the answer: chat.update: chat.update refused; chat.postMessage: chat.postMessage refused');
  });
});
