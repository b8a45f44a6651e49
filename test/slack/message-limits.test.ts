/**
 * Slack's size limits: fitMessage cuts a message to 50 blocks, 3,000 characters per section and
 * ~11,000 characters of block text in all, never in the middle of an entity; the Slack stand-in
 * (scripts/lib/slack-fake.ts) refuses what Slack refuses, so its verdict is the check.
 */
import type { KnownBlock } from '@slack/types';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake, sizeError } from '../../scripts/lib/slack-fake';
import { blockTextLength, fitMessage, SLACK_LIMITS } from '../../src/slack/message-limits';

describe('fitMessage', () => {
  const section = (n: number): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `${'&amp;'.repeat(n)}` } });

  it('cuts blocks, sections and the total under the limits Slack enforces, keeping the buttons and whole entities', () => {
    const blocks: KnownBlock[] = [
      ...Array.from({ length: 70 }, () => section(700)),
      { type: 'actions', elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'Go' } }] },
    ];
    expect(sizeError(blocks)).toBe('invalid_blocks');
    const fitted = fitMessage({ text: 'x'.repeat(50_000), blocks });
    expect(fitted.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(fitted.blocks.at(-1)!.type).toBe('actions');
    expect(blockTextLength(fitted.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
    expect(sizeError(fitted.blocks)).toBeUndefined();
    expect(fitted.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    for (const b of fitted.blocks) {
      const t = (b as { text?: { text: string } }).text?.text ?? '';
      expect(t).not.toMatch(/&(a|am|amp)?…$/); // never half an entity
    }
    expect(blocks).toHaveLength(71); // the input is left alone
  });

  it('leaves a message within the limits unchanged', () => {
    const m = { text: 'ok', blocks: [section(10)] };
    expect(fitMessage(m)).toEqual(m);
  });
});

describe('the Slack stand-in refuses what Slack refuses, through the real WebClient', () => {
  const fake = new SlackFake();
  let web: WebClient;
  beforeAll(async () => {
    await fake.start();
    web = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    fake.allowProblems = true; // the last test leaves problems on purpose
    await fake.stop();
  });
  beforeEach(() => fake.reset());
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const post = (args: Record<string, unknown>) =>
    web.chat.postMessage({ channel: 'C1', ...args } as never).then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error ?? 'threw',
    );

  it('msg_blocks_too_long above ~12,000 characters of block text, though every block is within its own limit', async () => {
    const blocks = Array.from({ length: 5 }, () => section('x'.repeat(2_600))); // 13,000 in all
    expect(await post({ text: 'x', blocks })).toBe('msg_blocks_too_long');
    expect(await post({ text: 'x', blocks: blocks.slice(0, 4) })).toBe('ok'); // 10,400
  });

  it('invalid_blocks for 51 blocks, a 3,001-character section, a 151-character header, a 76-character button', async () => {
    expect(await post({ text: 'x', blocks: Array.from({ length: 51 }, () => section('a')) })).toBe('invalid_blocks');
    expect(await post({ text: 'x', blocks: [section('a'.repeat(3_001))] })).toBe('invalid_blocks');
    expect(await post({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).toBe('invalid_blocks');
    const button = { type: 'button', action_id: 'b', text: { type: 'plain_text', text: 'b'.repeat(76) } };
    expect(await post({ text: 'x', blocks: [{ type: 'actions', elements: [button] }] })).toBe('invalid_blocks');
    expect(fake.messages).toHaveLength(0);
  });

  it('msg_too_long above 40,000 characters of text; edits are checked like posts', async () => {
    expect(await post({ text: 'x'.repeat(40_001) })).toBe('msg_too_long');
    expect(await post({ text: 'fine' })).toBe('ok');
    const ts = fake.messages[0]!.ts;
    const edit = await web.chat.update({ channel: 'C1', ts, text: 'x', blocks: Array.from({ length: 5 }, () => section('y'.repeat(2_600))) }).then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error,
    );
    expect(edit).toBe('msg_blocks_too_long');
  });

  it('keeps what Slack would accept but show wrongly: an unescaped <!channel>, <!subteam^…>, a bare &', async () => {
    expect(await post({ text: 'deploy <!channel>', blocks: [section('a & b'), section('<!subteam^S1|@dba> look')] })).toBe('ok');
    const found = fake.problems.flatMap((x) => x.problems.map((q) => `${q.path}: ${q.problem}`));
    expect(found).toEqual([
      expect.stringMatching(/^text: broadcast/),
      expect.stringMatching(/^blocks\[0\].text: unescaped "&"/),
      expect.stringMatching(/^blocks\[1\].text: broadcast/),
    ]);
  });
});
