/**
 * Slack's limits, in one place: `fitMessage` cuts any message to them just before it is sent, so
 * content from outside (a huge or deeply nested SNS payload, a long model answer) can never make Slack
 * refuse the whole message; `messageProblems` / `viewProblems` / `unfurlProblems` say what is wrong
 * with a payload, and the Slack stand-in (scripts/lib/slack-fake.ts) runs them on everything the tests
 * send.
 *
 * Limits (Block Kit reference, plus what Slack does beyond it): at most 50 blocks in a message (100 in
 * a modal or the Home tab); section text 3,000 characters; a section's fields 10 of 2,000; header 150;
 * context elements 10; actions elements 25; button text 75, value 2,000, url 3,000; select options 100
 * of 75 characters with values of 150; confirm dialogs 100/300/30/30; empty text is refused. About
 * 12,000 characters of text over all blocks make Slack answer `msg_blocks_too_long` (not documented;
 * slackapi/bolt-js issues 2509 and 2867): we keep every message under 11,000. The fallback `text` is
 * kept under 4,000 (Slack cuts at 40,000). Text must be escaped: `&`, `<`, `>` appear only as entities
 * or in the markup the bot writes on purpose (a user mention, `<!here>` opening an alert, a date, a link).
 * Cuts never split an `&amp;`-style entity; a cut is marked with `…`.
 */
import type { KnownBlock } from '@slack/types';
import { cutEscaped } from './text';

export const SLACK_LIMITS = {
  blocks: 50,
  viewBlocks: 100,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  header: 150,
  contextElements: 10,
  contextText: 3_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  url: 3_000,
  id: 255,
  options: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2_000,
  viewTitle: 24,
  privateMetadata: 3_000,
  /** What Slack refuses (`msg_blocks_too_long`): about 12,000 characters of block text. */
  slackTotalText: 12_000,
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

/** Every text string of a block that may be cut, with a setter (section, fields, header, context). */
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

/** Every text object (`{type: 'mrkdwn'|'plain_text', text}`) and rich-text run anywhere inside `value`. */
function* textObjects(value: unknown, path: string): Generator<{ path: string; type: string; text: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* textObjects(value[i], `${path}[${i}]`);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.text === 'string' && (o.type === 'mrkdwn' || o.type === 'plain_text' || o.type === 'text')) {
    yield { path, type: o.type, text: o.text };
    return;
  }
  for (const [k, v] of Object.entries(o)) if (v && typeof v === 'object') yield* textObjects(v, `${path}.${k}`);
}

/** All text the blocks carry, as Slack counts it against its total (every text object, buttons included). */
export function blockTextLength(blocks: readonly unknown[]): number {
  let n = 0;
  for (const t of textObjects(blocks, 'blocks')) n += t.text.length;
  return n;
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
  let total = blockTextLength(blocks);
  while (total > SLACK_LIMITS.totalText) {
    const all = blocks.flatMap((b) => texts(b));
    if (all.length === 0) break;
    const longest = all.reduce((a, b) => (b.get().length > a.get().length ? b : a));
    const len = longest.get().length;
    const cut = Math.max(20, len - (total - SLACK_LIMITS.totalText) - 1);
    if (cut >= len) break;
    longest.set(cutEscaped(longest.get(), cut));
    total = blockTextLength(blocks);
  }
  return { ...message, text: cutEscaped(message.text, SLACK_LIMITS.fallbackText), blocks: blocks as KnownBlock[] };
}

/** What is wrong with a payload; `refused` when Slack itself answers an error for it. */
export interface Problem {
  path: string;
  problem: string;
  refused: boolean;
  /** The Slack error it gets when refused. */
  error?: 'invalid_blocks' | 'msg_blocks_too_long' | 'invalid_arguments' | 'invalid_attachments';
}

/** Markup the bot writes on purpose; anything else made of `<…>` is a mention, broadcast or link nobody meant. */
const ALLOWED_MARKUP = /<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+(?:\|[^<>|]*)?|!here|!date\^\d+\^[^|<>]*(?:\|[^<>]*)?|(?:https?|mailto):[^\s<>|]+(?:\|[^<>]*)?)>/g;

/**
 * Why `text` is not safely escaped for Slack, or undefined. `<!here>` is allowed only at the very
 * start of a text (where an alert asks for it); `<!channel>`, `<!everyone>` and `<!subteam^…>` never.
 */
export function escapingProblem(text: string): string | undefined {
  if (/<!(channel|everyone)\b|<!subteam\^/.test(text)) return `broadcast mention ${/<!(channel|everyone)\b|<!subteam\^[^>]*>?/.exec(text)![0]}`;
  let rest = '';
  let last = 0;
  for (const m of text.matchAll(ALLOWED_MARKUP)) {
    if (m[0] === '<!here>' && m.index !== 0) return '<!here> inside a text (only an alert may open with it)';
    rest += text.slice(last, m.index);
    last = m.index + m[0].length;
  }
  rest += text.slice(last);
  const bad = /[<>]|&(?!amp;|lt;|gt;)/.exec(rest);
  if (!bad) return undefined;
  const at = bad.index;
  return `unescaped ${JSON.stringify(bad[0])} in …${JSON.stringify(rest.slice(Math.max(0, at - 30), at + 30))}…`;
}

const p = (path: string, problem: string, error?: Problem['error']): Problem =>
  error ? { path, problem, refused: true, error } : { path, problem, refused: false };

function textObjectProblems(value: unknown, path: string, out: Problem[]): void {
  for (const t of textObjects(value, path)) {
    if (t.type !== 'text' && t.text.length === 0) out.push(p(t.path, 'empty text', 'invalid_blocks'));
    const e = escapingProblem(t.text);
    if (e) out.push(p(t.path, e));
  }
}

function over(out: Problem[], path: string, what: string, value: unknown, max: number, refuse = true): void {
  const n = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
  if (n > max) out.push(p(path, `${what} has ${n} (limit ${max})`, refuse ? 'invalid_blocks' : undefined));
}

// biome-ignore lint/suspicious/noExplicitAny: payloads are untyped JSON from callers; every field is checked before use.
type Obj = Record<string, any>;

function confirmProblems(c: Obj | undefined, path: string, out: Problem[]): void {
  if (!c) return;
  over(out, `${path}.title`, 'confirm title', c.title?.text, 100);
  over(out, `${path}.text`, 'confirm text', c.text?.text, 300);
  over(out, `${path}.confirm`, 'confirm button', c.confirm?.text, 30);
  over(out, `${path}.deny`, 'deny button', c.deny?.text, 30);
  if (!c.title || !c.text || !c.confirm || !c.deny) out.push(p(path, 'a confirm dialog needs title, text, confirm and deny', 'invalid_blocks'));
}

function elementProblems(e: Obj, path: string, out: Problem[]): void {
  over(out, `${path}.action_id`, 'action_id', e.action_id, SLACK_LIMITS.id);
  confirmProblems(e.confirm, `${path}.confirm`, out);
  switch (e.type) {
    case 'button':
      over(out, `${path}.text`, 'button text', e.text?.text, SLACK_LIMITS.buttonText);
      over(out, `${path}.value`, 'button value', e.value, SLACK_LIMITS.buttonValue);
      over(out, `${path}.url`, 'button url', e.url, SLACK_LIMITS.url);
      if (e.url !== undefined && !/^https?:\/\//.test(String(e.url))) out.push(p(`${path}.url`, 'button url is not http(s)', 'invalid_blocks'));
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'checkboxes':
    case 'radio_buttons': {
      const options: Obj[] = e.options ?? (e.option_groups ?? []).flatMap((g: Obj) => g.options ?? []);
      over(out, `${path}.options`, 'options', options, e.type === 'checkboxes' || e.type === 'radio_buttons' ? 10 : SLACK_LIMITS.options);
      if (options.length === 0) out.push(p(`${path}.options`, 'a select needs options', 'invalid_blocks'));
      options.forEach((o, i) => {
        over(out, `${path}.options[${i}].text`, 'option text', o.text?.text, SLACK_LIMITS.optionText);
        over(out, `${path}.options[${i}].value`, 'option value', o.value, SLACK_LIMITS.optionValue);
      });
      const values = new Set(options.map((o) => o.value));
      for (const init of [e.initial_option, ...(e.initial_options ?? [])].filter(Boolean) as Obj[])
        if (!values.has(init.value))
          out.push(p(`${path}.initial_option`, `initial option ${JSON.stringify(init.value)} is not one of the options`, 'invalid_blocks'));
      over(out, `${path}.placeholder`, 'placeholder', e.placeholder?.text, SLACK_LIMITS.placeholder);
      break;
    }
    case 'plain_text_input':
      over(out, `${path}.placeholder`, 'placeholder', e.placeholder?.text, SLACK_LIMITS.placeholder);
      if (e.max_length !== undefined && e.max_length > 3000) out.push(p(`${path}.max_length`, 'max_length over 3,000', 'invalid_blocks'));
      break;
  }
}

/** Problems of one list of blocks (a message's, an attachment's, a view's). */
export function blocksProblems(blocks: unknown, path: string, maxBlocks: number): Problem[] {
  const out: Problem[] = [];
  if (blocks === undefined) return out;
  if (!Array.isArray(blocks)) return [p(path, 'blocks is not an array', 'invalid_blocks')];
  over(out, path, 'blocks', blocks, maxBlocks);
  const ids = new Set<string>();
  blocks.forEach((b: Obj, i) => {
    const at = `${path}[${i}]`;
    if (!b || typeof b.type !== 'string') {
      out.push(p(at, 'a block without a type', 'invalid_blocks'));
      return;
    }
    if (b.block_id !== undefined) {
      over(out, `${at}.block_id`, 'block_id', b.block_id, SLACK_LIMITS.id);
      if (ids.has(b.block_id)) out.push(p(`${at}.block_id`, `duplicate block_id ${b.block_id}`, 'invalid_blocks'));
      ids.add(b.block_id);
    }
    switch (b.type) {
      case 'section':
        if (!b.text && !b.fields) out.push(p(at, 'a section needs text or fields', 'invalid_blocks'));
        over(out, `${at}.text`, 'section text', b.text?.text, SLACK_LIMITS.sectionText);
        over(out, `${at}.fields`, 'fields', b.fields, SLACK_LIMITS.fields);
        (b.fields ?? []).forEach((f: Obj, j: number) => over(out, `${at}.fields[${j}]`, 'field text', f.text, SLACK_LIMITS.fieldText));
        if (b.accessory) elementProblems(b.accessory, `${at}.accessory`, out);
        break;
      case 'header':
        if (b.text?.type !== 'plain_text') out.push(p(`${at}.text`, 'a header takes plain_text', 'invalid_blocks'));
        over(out, `${at}.text`, 'header text', b.text?.text, SLACK_LIMITS.header);
        break;
      case 'context':
        over(out, `${at}.elements`, 'context elements', b.elements, SLACK_LIMITS.contextElements);
        (b.elements ?? []).forEach((e: Obj, j: number) => over(out, `${at}.elements[${j}]`, 'context text', e.text, SLACK_LIMITS.contextText));
        break;
      case 'actions':
        over(out, `${at}.elements`, 'actions elements', b.elements, SLACK_LIMITS.actionsElements);
        (b.elements ?? []).forEach((e: Obj, j: number) => elementProblems(e, `${at}.elements[${j}]`, out));
        break;
      case 'input':
        if (!b.label || !b.element) out.push(p(at, 'an input needs a label and an element', 'invalid_blocks'));
        over(out, `${at}.label`, 'input label', b.label?.text, SLACK_LIMITS.inputLabel);
        over(out, `${at}.hint`, 'input hint', b.hint?.text, SLACK_LIMITS.inputLabel);
        if (b.element) elementProblems(b.element, `${at}.element`, out);
        break;
    }
  });
  textObjectProblems(blocks, path, out);
  return out;
}

function totalProblems(total: number, path: string): Problem[] {
  if (total > SLACK_LIMITS.slackTotalText) return [p(path, `${total} characters of text in the blocks (Slack refuses ~12,000)`, 'msg_blocks_too_long')];
  if (total > SLACK_LIMITS.totalText) return [p(path, `${total} characters of text in the blocks (our budget is ${SLACK_LIMITS.totalText})`)];
  return [];
}

/** A message as chat.postMessage, chat.update, chat.postEphemeral or a response_url take it. */
export function messageProblems(m: { text?: unknown; blocks?: unknown; attachments?: unknown }): Problem[] {
  const out: Problem[] = [];
  const blocks = Array.isArray(m.blocks) ? m.blocks : [];
  const attachments = Array.isArray(m.attachments) ? (m.attachments as Obj[]) : [];
  if ((typeof m.text !== 'string' || m.text === '') && blocks.length === 0 && attachments.length === 0)
    out.push(p('text', 'no text, blocks or attachments', 'invalid_arguments'));
  if (typeof m.text === 'string') {
    if (m.text.length > SLACK_LIMITS.fallbackText)
      out.push(p('text', `fallback text of ${m.text.length} characters (our budget is ${SLACK_LIMITS.fallbackText})`));
    const e = escapingProblem(m.text);
    if (e) out.push(p('text', e));
  }
  out.push(...blocksProblems(m.blocks, 'blocks', SLACK_LIMITS.blocks));
  if (m.attachments !== undefined && !Array.isArray(m.attachments)) out.push(p('attachments', 'attachments is not an array', 'invalid_attachments'));
  let total = blockTextLength(blocks);
  attachments.forEach((a, i) => {
    out.push(...blocksProblems(a.blocks, `attachments[${i}].blocks`, SLACK_LIMITS.blocks));
    if (a.color !== undefined && !/^#[0-9a-fA-F]{6}$|^(good|warning|danger)$/.test(String(a.color)))
      out.push(p(`attachments[${i}].color`, 'color is not #rrggbb', 'invalid_attachments'));
    if (typeof a.fallback === 'string') {
      const e = escapingProblem(a.fallback);
      if (e) out.push(p(`attachments[${i}].fallback`, e));
    }
    total += blockTextLength(Array.isArray(a.blocks) ? a.blocks : []);
  });
  out.push(...totalProblems(total, 'blocks'));
  return out;
}

/** A view as views.open / views.update / views.publish take it. */
export function viewProblems(view: unknown): Problem[] {
  if (!view || typeof view !== 'object') return [p('view', 'no view', 'invalid_arguments')];
  const v = view as Obj;
  const out: Problem[] = [];
  if (v.type !== 'modal' && v.type !== 'home') out.push(p('view.type', `view type ${JSON.stringify(v.type)}`, 'invalid_arguments'));
  if (v.type === 'modal') {
    if (v.title?.type !== 'plain_text' || !v.title.text) out.push(p('view.title', 'a modal needs a plain_text title', 'invalid_arguments'));
    over(out, 'view.title', 'title', v.title?.text, SLACK_LIMITS.viewTitle);
    over(out, 'view.submit', 'submit', v.submit?.text, SLACK_LIMITS.viewTitle);
    over(out, 'view.close', 'close', v.close?.text, SLACK_LIMITS.viewTitle);
    if ((v.blocks ?? []).some((b: Obj) => b?.type === 'input') && !v.submit)
      out.push(p('view.submit', 'a modal with inputs needs a submit button', 'invalid_arguments'));
  }
  over(out, 'view.callback_id', 'callback_id', v.callback_id, SLACK_LIMITS.id);
  over(out, 'view.private_metadata', 'private_metadata', v.private_metadata, SLACK_LIMITS.privateMetadata);
  for (const k of ['title', 'submit', 'close'] as const) if (v[k]) textObjectProblems(v[k], `view.${k}`, out);
  out.push(...blocksProblems(v.blocks ?? [], 'view.blocks', SLACK_LIMITS.viewBlocks));
  for (const x of out) if (x.error === 'invalid_blocks') x.error = 'invalid_arguments';
  return out;
}

/** chat.unfurl's `unfurls`: URL → an attachment with blocks (or text). */
export function unfurlProblems(unfurls: unknown): Problem[] {
  if (!unfurls || typeof unfurls !== 'object' || Array.isArray(unfurls)) return [p('unfurls', 'unfurls is not an object', 'invalid_arguments')];
  const out: Problem[] = [];
  for (const [url, a] of Object.entries(unfurls as Record<string, Obj>)) {
    if (!/^https?:\/\//.test(url)) out.push(p(`unfurls[${url}]`, 'not a URL', 'invalid_arguments'));
    out.push(...messageProblems({ blocks: a?.blocks }).map((x) => ({ ...x, path: `unfurls[${url}].${x.path}` })));
  }
  return out;
}
