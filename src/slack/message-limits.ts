/**
 * Slack's size limits, applied to any message just before it is sent, so content from outside (a huge
 * or deeply nested SNS payload, a long model answer) can never make Slack refuse the whole message:
 * at most 50 blocks; section text 3,000 characters; a section's fields 10 of 2,000; header 150;
 * context elements 10 of 3,000; and about 12,000 characters of text over all blocks (above that Slack
 * answers `msg_blocks_too_long`; we stay under 11,000). The fallback `text` is kept under 4,000.
 * Cuts never split an `&amp;`-style entity; a cut is marked with `…`.
 */
import type { KnownBlock } from '@slack/types';
import { cutEscaped } from './text';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  header: 150,
  contextElements: 10,
  contextText: 3_000,
  /** Our budget for all text in the blocks (Slack's is ~12,000 "with a buffer"). */
  totalText: 11_000,
  fallbackText: 4_000,
} as const;

interface Message {
  text: string;
  blocks: KnownBlock[];
}

type TextObject = { type: string; text: string };
type AnyBlock = { type: string; text?: TextObject; fields?: TextObject[]; elements?: Array<{ type: string; text?: unknown }> };

/** Every text string a block carries, with a setter (for measuring and cutting). */
function texts(block: AnyBlock): Array<{ get: () => string; set: (v: string) => void }> {
  const out: Array<{ get: () => string; set: (v: string) => void }> = [];
  if (block.text && typeof block.text.text === 'string') {
    const t = block.text;
    out.push({ get: () => t.text, set: (v) => (t.text = v) });
  }
  for (const f of block.fields ?? []) out.push({ get: () => f.text, set: (v) => (f.text = v) });
  if (block.type === 'context') {
    for (const e of block.elements ?? []) {
      if (typeof e.text === 'string') {
        const el = e as { text: string };
        out.push({ get: () => el.text, set: (v) => (el.text = v) });
      }
    }
  }
  return out;
}

export function blockTextLength(blocks: KnownBlock[]): number {
  return blocks.reduce((n, b) => n + texts(b as AnyBlock).reduce((m, t) => m + t.get().length, 0), 0);
}

/** A copy of the message cut to Slack's limits (the input is not changed). */
export function fitMessage<M extends Message>(message: M): M {
  let blocks = structuredClone(message.blocks) as AnyBlock[];
  if (blocks.length > SLACK_LIMITS.blocks) {
    const dropped = blocks.length - (SLACK_LIMITS.blocks - 1);
    // Keep a trailing actions block (the buttons) when there is one.
    const last = blocks[blocks.length - 1]!;
    const keepLast = last.type === 'actions';
    blocks = [
      ...blocks.slice(0, SLACK_LIMITS.blocks - (keepLast ? 2 : 1)),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `… ${dropped} more part(s) not shown (Slack allows ${SLACK_LIMITS.blocks} per message).` }] },
      ...(keepLast ? [last] : []),
    ];
  }
  for (const b of blocks) {
    if (b.type === 'header' && b.text) b.text.text = cutEscaped(b.text.text, SLACK_LIMITS.header);
    if (b.type === 'section' && b.text) b.text.text = cutEscaped(b.text.text, SLACK_LIMITS.sectionText);
    if (b.fields) {
      b.fields = b.fields.slice(0, SLACK_LIMITS.fields);
      for (const f of b.fields) f.text = cutEscaped(f.text, SLACK_LIMITS.fieldText);
    }
    if (b.type === 'context' && b.elements) {
      b.elements = b.elements.slice(0, SLACK_LIMITS.contextElements);
      for (const e of b.elements) if (typeof e.text === 'string') e.text = cutEscaped(e.text, SLACK_LIMITS.contextText);
    }
  }
  // Over the total: cut the longest texts down, a little at a time, until everything fits.
  let total = blockTextLength(blocks as KnownBlock[]);
  while (total > SLACK_LIMITS.totalText) {
    const all = blocks.flatMap((b) => texts(b));
    const longest = all.reduce((a, b) => (b.get().length > a.get().length ? b : a));
    const len = longest.get().length;
    const cut = Math.max(20, len - (total - SLACK_LIMITS.totalText) - 1);
    if (cut >= len) break;
    longest.set(cutEscaped(longest.get(), cut));
    total = blockTextLength(blocks as KnownBlock[]);
  }
  return { ...message, text: cutEscaped(message.text, SLACK_LIMITS.fallbackText), blocks: blocks as KnownBlock[] };
}
