/**
 * Slack's size limits: fitMessage cuts a message to 50 blocks, 3,000 characters per section and
 * ~11,000 characters of block text in all, never in the middle of an entity; the Slack stand-in
 * (scripts/lib/slack-fake.ts) refuses what Slack refuses, so its verdict is the check.
 */
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { sizeError } from '../../scripts/lib/slack-fake';
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
