/**
 * A local stand-in for Slack's Web API and response_url endpoints. It records every call, keeps the
 * messages per channel (with threads and edits), and can rate-limit (429 + Retry-After) or fail on
 * demand. Tests and the demo point the real WebClient at it with `slackApiUrl`.
 *
 * Every message, edit, ephemeral, response_url post, view and unfurl goes through the payload checker
 * (src/slack/message-limits.ts): what Slack refuses is refused the same way (`invalid_blocks`,
 * `msg_blocks_too_long`, `msg_too_long`, `invalid_arguments`), and what Slack would accept but show
 * wrongly (unescaped `<`, `>`, `&`, a `<!channel>`, over our own budget) is kept in `problems`;
 * `stop()` throws when there are any, so every test that uses the stand-in asserts on every payload.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageProblems, type Problem, unfurlProblems, viewProblems } from '../../src/slack/message-limits';
import { viewElementProblems } from '../../src/slack/view-limits';

export interface RecordedCall {
  method: string;
  params: Record<string, any>;
  token?: string;
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  /** The blocks shown: the message's own, or those of its attachment (a message with a colour bar). */
  blocks?: any[];
  /** The colour bar of a message sent as an attachment (`#rrggbb`). */
  color?: string;
  user?: string;
  /** Every version of the message, oldest first (chat.update appends). */
  edits: Array<{ text?: string; blocks?: any[]; color?: string }>;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, any>;
  at: number;
}

export interface RateLimit {
  /** Methods to limit (default chat.postMessage and chat.update). */
  methods?: string[];
  /** Calls allowed per channel per window. */
  perChannel: number;
  windowMs: number;
  retryAfterSeconds?: number;
  /** Count every limited method together per channel (default: each method on its own). */
  aggregate?: boolean;
}

/** The methods that write to a channel (what Slack paces per channel). */
export const WRITE_METHODS = ['chat.postMessage', 'chat.update'];

type Failure = { error: string } | { status: number; retryAfter?: number };

export class SlackFake {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly ephemerals: Array<{ channel: string; user: string; text?: string; blocks?: any[] }> = [];
  /** views.publish / views.open / views.update calls that were accepted. */
  readonly views: Array<{ method: string; user?: string; view: any }> = [];
  /** chat.unfurl calls that were accepted: by channel and ts, or by unfurl_id and source. */
  readonly unfurls: Array<{ channel?: string; ts?: string; unfurl_id?: string; source?: string; unfurls: any }> = [];
  /** Links Slack told the app about in link_shared events (shareLinks), by `unfurl_id` and by `channel:ts`: the only URLs chat.unfurl accepts. */
  private readonly shared = new Map<string, Set<string>>();
  /** Each user's channels, as users.conversations lists them (none by default). */
  readonly members = new Map<string, string[]>();
  /** Channels where the bot is not a member: chat.postMessage answers not_in_channel. */
  readonly notInChannel = new Set<string>();
  /**
   * Public channels the bot was not invited to: like Slack, chat.postMessage works there only when the
   * token has `chat:write.public` (botScopes), and answers not_in_channel otherwise.
   */
  readonly publicNotJoined = new Set<string>();
  /** The bot token's scopes; undefined: every scope (no scope checks). */
  botScopes: ReadonlySet<string> | undefined;
  rateLimit: RateLimit | undefined;
  /** Payloads Slack would accept but show wrongly (or that are over our budget), by method. */
  readonly problems: Array<{ method: string; problems: Problem[] }> = [];
  /** Problems `stop()` tolerates (a test that sends a bad payload on purpose clears or filters them). */
  allowProblems = false;
  private readonly failures = new Map<string, Failure[]>();
  private readonly windows = new Map<string, number[]>();
  private server: Server | undefined;
  private seq = 0;
  private port = 0;
  private readonly waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  /** Base URL for WebClient's slackApiUrl, e.g. http://127.0.0.1:1234/api/ */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url the fake accepts. */
  responseUrl(id = `r${++this.seq}`): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
    if (this.problems.length > 0 && !this.allowProblems) {
      const list = this.problems.flatMap((x) => x.problems.map((q) => `${x.method} ${q.path}: ${q.problem}`));
      throw new Error(`the Slack stand-in received payloads Slack would not show as meant:\n${list.slice(0, 20).join('\n')}`);
    }
  }

  /**
   * Checks a payload: a refused one gets Slack's error; the rest of what is wrong is kept in
   * `problems`. Returns the error to answer with, if any.
   */
  check(method: string, problems: Problem[]): string | undefined {
    const refused = problems.find((x) => x.refused);
    const soft = problems.filter((x) => !x.refused);
    if (soft.length > 0) this.problems.push({ method, problems: soft });
    return refused?.error;
  }

  /** Forgets every call, message, response and ephemeral, and clears rate limits and planned failures. */
  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.responses.length = 0;
    this.ephemerals.length = 0;
    this.views.length = 0;
    this.unfurls.length = 0;
    this.shared.clear();
    this.notInChannel.clear();
    this.publicNotJoined.clear();
    this.botScopes = undefined;
    this.members.clear();
    this.problems.length = 0;
    this.rateLimit = undefined;
    this.failures.clear();
    this.windows.clear();
  }

  /** The next call of `method` fails with a Slack error or an HTTP status. */
  failNext(method: string, failure: Failure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * Records a link_shared event Slack sent (scripts/lib/slack-requests.ts linkSharedEvent): like Slack,
   * chat.unfurl then accepts those URLs for that message (`channel`+`message_ts`) or that `unfurl_id`, and
   * answers `cannot_unfurl_url` for any other.
   */
  shareLinks(e: { channel: string; message_ts: string; unfurl_id?: string; links: Array<{ url: string }> }): void {
    const urls = new Set(e.links.map((l) => l.url));
    this.shared.set(`${e.channel}:${e.message_ts}`, urls);
    if (e.unfurl_id) this.shared.set(e.unfurl_id, urls);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /**
   * Writes per channel as Slack sees them: every chat.postMessage / chat.update request that reached
   * the stand-in (accepted, refused or rate-limited), by arrival time.
   */
  writeTimes(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const c of this.calls) {
      if (!WRITE_METHODS.includes(c.method) || typeof c.params.channel !== 'string') continue;
      const list = out.get(c.params.channel) ?? [];
      list.push(c.at);
      out.set(c.params.channel, list);
    }
    for (const list of out.values()) list.sort((a, b) => a - b);
    return out;
  }

  /** The most writes any one channel received within any `windowMs` (sliding), and where. */
  maxWritesWithin(windowMs: number): { max: number; channel?: string; minGapMs: number } {
    let max = 0;
    let where: string | undefined;
    let minGapMs = Infinity;
    for (const [channel, times] of this.writeTimes()) {
      let lo = 0;
      for (let hi = 0; hi < times.length; hi++) {
        while (times[hi]! - times[lo]! >= windowMs) lo++;
        if (hi - lo + 1 > max) {
          max = hi - lo + 1;
          where = channel;
        }
        if (hi > 0) minGapMs = Math.min(minGapMs, times[hi]! - times[hi - 1]!);
      }
    }
    return { max, minGapMs, ...(where ? { channel: where } : {}) };
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  thread(channel: string, threadTs: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === threadTs);
  }

  /** Resolves when `check` holds (re-checked after every call), or rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error('SlackFake.waitFor timed out'));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Slack's answer to a message that breaks its limits (text over 40,000 is `msg_too_long`). */
  private messageError(method: string, p: Record<string, any>): string | undefined {
    if (typeof p.text === 'string' && p.text.length > 40_000) return 'msg_too_long';
    return this.check(method, messageProblems({ text: p.text, blocks: asJson(p.blocks), attachments: asJsonValue(p.attachments) }));
  }

  private nextTs(): string {
    const now = Date.now();
    return `${Math.floor(now / 1000)}.${String(++this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const params = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    if (url.pathname.startsWith('/response/')) {
      const error = this.check('response_url', messageProblems(params));
      if (error) {
        send(200, { ok: false, error });
        this.notify();
        return;
      }
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: params, at: Date.now() });
      send(200, { ok: true });
      this.notify();
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : (params.token as string | undefined);
    const record = (status: number) => {
      const call: RecordedCall = { method, params, at: arrived, status };
      if (token !== undefined) call.token = token;
      this.calls.push(call);
    };

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('status' in failure) {
        record(failure.status);
        send(failure.status, { ok: false, error: 'ratelimited' }, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
      } else {
        record(200);
        send(200, { ok: false, error: failure.error });
      }
      this.notify();
      return;
    }
    if (this.rateLimit && (this.rateLimit.methods ?? WRITE_METHODS).includes(method)) {
      const key = this.rateLimit.aggregate ? `*:${params.channel}` : `${method}:${params.channel}`;
      const now = Date.now();
      const recent = (this.windows.get(key) ?? []).filter((t) => now - t < this.rateLimit!.windowMs);
      if (recent.length >= this.rateLimit.perChannel) {
        this.windows.set(key, recent);
        record(429);
        send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(this.rateLimit.retryAfterSeconds ?? 1) });
        this.notify();
        return;
      }
      recent.push(now);
      this.windows.set(key, recent);
    }
    record(200);
    send(200, this.answer(method, params));
    this.notify();
  }

  private answer(method: string, p: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://example.slack.com/', user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'dbassist' };
      case 'chat.postMessage': {
        if (this.notInChannel.has(p.channel)) return { ok: false, error: 'not_in_channel' };
        if (this.publicNotJoined.has(p.channel) && this.botScopes && !this.botScopes.has('chat:write.public')) return { ok: false, error: 'not_in_channel' };
        const tooBig = this.messageError(method, p);
        if (tooBig) return { ok: false, error: tooBig };
        const m: FakeMessage = { channel: p.channel, ts: this.nextTs(), text: p.text, ...shown(p), edits: [] };
        if (p.thread_ts) m.thread_ts = p.thread_ts;
        this.messages.push(m);
        return { ok: true, channel: p.channel, ts: m.ts, message: { ...m } };
      }
      case 'chat.update': {
        const m = this.message(p.channel, p.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        const tooBig = this.messageError(method, p);
        if (tooBig) return { ok: false, error: tooBig };
        m.edits.push({ text: m.text, blocks: m.blocks, ...(m.color ? { color: m.color } : {}) });
        m.text = p.text;
        const next = shown(p);
        m.blocks = next.blocks;
        if (next.color) m.color = next.color;
        else delete m.color;
        return { ok: true, channel: p.channel, ts: p.ts };
      }
      case 'chat.postEphemeral': {
        const tooBig = this.messageError(method, p);
        if (tooBig) return { ok: false, error: tooBig };
        this.ephemerals.push({ channel: p.channel, user: p.user, text: p.text, blocks: asJson(p.blocks) });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'views.publish':
      case 'views.open':
      case 'views.update': {
        if (method === 'views.open' && !p.trigger_id) return { ok: false, error: 'invalid_arguments' };
        if (method === 'views.publish' && !p.user_id) return { ok: false, error: 'invalid_arguments' };
        const view = asJsonValue(p.view);
        const error = this.check(method, [...viewProblems(view), ...viewElementProblems(view)]);
        if (error) return { ok: false, error };
        this.views.push({ method, ...(p.user_id ? { user: p.user_id } : {}), view });
        return { ok: true, view: { id: `V${++this.seq}` } };
      }
      case 'chat.unfurl': {
        const refused = unfurlArgumentError(p, this.shared);
        if (refused) return { ok: false, error: refused };
        const error = this.check(method, unfurlProblems(asJsonValue(p.unfurls)));
        if (error) return { ok: false, error };
        const target = p.unfurl_id ? { unfurl_id: p.unfurl_id, source: p.source } : { channel: p.channel, ts: p.ts };
        this.unfurls.push({ ...target, unfurls: asJsonValue(p.unfurls) });
        return { ok: true };
      }
      case 'users.conversations': {
        // Slack pages with `limit` (at most 1,000) and an opaque cursor; here the cursor is the offset.
        const all = this.members.get(p.user) ?? [];
        const limit = Math.min(Number(p.limit ?? 100), 1000);
        const from = Number(p.cursor ?? 0);
        const page = all.slice(from, from + limit);
        const next = from + limit < all.length ? String(from + limit) : '';
        return { ok: true, channels: page.map((id) => ({ id, is_member: true })), response_metadata: { next_cursor: next } };
      }
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      default:
        return { ok: true };
    }
  }
}

/**
 * chat.unfurl's arguments as Slack checks them (api.slack.com/methods/chat.unfurl): `channel` and `ts`
 * together, or `unfurl_id` and `source` (`composer` or `conversations_history`) together; `unfurls` a
 * JSON map of URL → attachment (an object); each URL one that Slack announced in a link_shared event for
 * that message or unfurl_id (`cannot_unfurl_url` otherwise). The attachments' blocks are checked by
 * unfurlProblems like any message.
 */
export function unfurlArgumentError(p: Record<string, any>, shared: Map<string, Set<string>>): string | undefined {
  const byId = p.unfurl_id !== undefined || p.source !== undefined;
  if (byId) {
    if (!p.unfurl_id || !p.source || p.channel !== undefined || p.ts !== undefined) return 'invalid_arguments';
    if (p.source !== 'composer' && p.source !== 'conversations_history') return 'invalid_arguments';
  } else {
    if (!p.channel) return 'missing_channel';
    if (!p.ts) return 'missing_ts';
  }
  if (p.unfurls === undefined) return 'missing_unfurls';
  const unfurls = asJsonValue(p.unfurls);
  if (!unfurls || typeof unfurls !== 'object' || Array.isArray(unfurls)) return 'invalid_unfurls_format';
  if (Object.values(unfurls).some((a) => !a || typeof a !== 'object' || Array.isArray(a))) return 'invalid_unfurls_format';
  const announced = shared.get(byId ? String(p.unfurl_id) : `${p.channel}:${p.ts}`);
  if (!announced || Object.keys(unfurls).some((url) => !announced.has(url))) return 'cannot_unfurl_url';
  return undefined;
}

/** What Slack answers for these blocks as a message: `invalid_blocks`, `msg_blocks_too_long`, or undefined. */
export function sizeError(blocks: any[] | undefined): string | undefined {
  return messageProblems({ text: 'x', blocks }).find((x) => x.refused)?.error;
}

/** What a message shows: its blocks, or its first attachment's blocks and colour (chat.update keeps blocks it is not given; `blocks: []` clears them). */
function shown(p: Record<string, any>): { blocks?: any[]; color?: string } {
  const blocks = asJson(p.blocks);
  const attachment = (asJsonValue(p.attachments) as any[] | undefined)?.[0];
  if (attachment && (!blocks || blocks.length === 0)) return { blocks: attachment.blocks, ...(attachment.color ? { color: attachment.color } : {}) };
  return blocks ? { blocks } : {};
}

function asJsonValue(v: unknown): any {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function asJson(v: unknown): any[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v as any[];
}

function parseBody(raw: string, contentType: string): Record<string, any> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return { _raw: raw };
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
