/**
 * Builds signed Slack requests as API Gateway HTTP API (payload v2) events, exactly as the `slack`
 * Lambda receives them: slash commands, Events API callbacks and interactivity payloads.
 */
import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface SignOptions {
  signingSecret: string;
  /** Epoch seconds; default now. */
  timestamp?: number;
  /** Override the signature (forgery tests). */
  signature?: string;
  headers?: Record<string, string>;
  base64?: boolean;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function apiGatewayEvent(body: string, contentType: string, o: SignOptions): APIGatewayProxyEventV2 {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': o.signature ?? sign(o.signingSecret, ts, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...o.headers,
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: 'local',
      domainPrefix: 'local',
      http: { method: 'POST', path: '/slack/events', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Slackbot' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: new Date(ts * 1000).toISOString(),
      timeEpoch: ts * 1000,
    },
    body: o.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: !!o.base64,
  };
}

export interface SlashCommandFields {
  text: string;
  command?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  response_url?: string;
  trigger_id?: string;
}

export function slashCommandEvent(fields: SlashCommandFields, o: SignOptions): APIGatewayProxyEventV2 {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id ?? 'T1',
    team_domain: 'example',
    channel_id: fields.channel_id ?? 'C1',
    channel_name: fields.channel_name ?? 'dba',
    user_id: fields.user_id ?? 'U1',
    user_name: fields.user_name ?? 'dba',
    command: fields.command ?? '/dbassist',
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.response_url ?? 'https://hooks.slack.invalid/commands/T1/1/x',
    trigger_id: fields.trigger_id ?? '1.2.3',
  }).toString();
  return apiGatewayEvent(body, 'application/x-www-form-urlencoded', o);
}

export interface MentionFields {
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  event_id?: string;
  team_id?: string;
  /** The user's own workspace when it is not the app's (a Slack Connect channel). */
  user_team?: string;
  botUserId?: string;
}

export interface EventEnvelope {
  team_id?: string;
  enterprise_id?: string;
  event_id?: string;
  botUserId?: string;
}

/**
 * An Events API `event_callback` around `event`, signed, as Slack posts it; with `retryNum`, the
 * retry headers Slack adds when it sends an event again.
 */
export function eventCallback(event: object, o: SignOptions & { retryNum?: number }, envelope: EventEnvelope = {}): APIGatewayProxyEventV2 {
  const team = envelope.team_id ?? 'T1';
  const payload = {
    token: 'deprecated',
    team_id: team,
    ...(envelope.enterprise_id ? { enterprise_id: envelope.enterprise_id } : {}),
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: envelope.event_id ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: envelope.enterprise_id ?? null, team_id: team, user_id: envelope.botUserId ?? 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    event,
  };
  const headers: Record<string, string> = { ...o.headers };
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return apiGatewayEvent(JSON.stringify(payload), 'application/json', { ...o, headers });
}

export function appMentionEvent(f: MentionFields, o: SignOptions & { retryNum?: number }): APIGatewayProxyEventV2 {
  const ts = f.ts ?? `${Math.floor(Date.now() / 1000)}.000100`;
  const event = {
    type: 'app_mention',
    user: f.user ?? 'U1',
    ...(f.user_team ? { user_team: f.user_team } : {}),
    text: f.text,
    ts,
    channel: f.channel ?? 'C1',
    event_ts: ts,
    ...(f.thread_ts ? { thread_ts: f.thread_ts } : {}),
  };
  return eventCallback(event, o, {
    ...(f.team_id !== undefined ? { team_id: f.team_id } : {}),
    ...(f.event_id !== undefined ? { event_id: f.event_id } : {}),
    ...(f.botUserId !== undefined ? { botUserId: f.botUserId } : {}),
  });
}

export interface LinkSharedFields {
  urls: string[];
  user?: string;
  channel?: string;
  message_ts?: string;
  thread_ts?: string;
  /** `conversations_history` (posted; default) or `composer` (still being typed: channel COMPOSER). */
  source?: 'conversations_history' | 'composer';
  unfurl_id?: string;
  is_bot_user_member?: boolean;
}

/** The link_shared event's own fields (api.slack.com/events/link_shared), for SlackFake.shareLinks and the request. */
export function linkSharedFields(f: LinkSharedFields) {
  const composer = f.source === 'composer';
  const channel = composer ? 'COMPOSER' : (f.channel ?? 'C1');
  const message_ts = f.message_ts ?? (composer ? `U1-${Math.random().toString(36).slice(2, 14)}` : `${Math.floor(Date.now() / 1000)}.000200`);
  return {
    type: 'link_shared' as const,
    channel,
    is_bot_user_member: f.is_bot_user_member ?? true,
    user: f.user ?? 'U1',
    message_ts,
    ...(f.thread_ts ? { thread_ts: f.thread_ts } : {}),
    unfurl_id: f.unfurl_id ?? `${channel}.${message_ts}.${Math.random().toString(16).slice(2, 18)}`,
    source: f.source ?? 'conversations_history',
    links: f.urls.map((url) => ({ domain: new URL(url).hostname, url })),
    event_ts: message_ts,
  };
}

export type LinkSharedBody = ReturnType<typeof linkSharedFields>;

/**
 * A link_shared Events API callback, as Slack sends it when a message carries a link on an unfurl
 * domain. Build `event` with linkSharedFields and give the same object to SlackFake.shareLinks.
 */
export function linkSharedEvent(event: LinkSharedBody, o: SignOptions & { retryNum?: number }, envelope: EventEnvelope = {}): APIGatewayProxyEventV2 {
  return eventCallback(event, o, envelope);
}

export interface ActionFields {
  actionId: string;
  value: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
  team_id?: string;
  response_url?: string;
}

/** A message shortcut (`message_action`) on a message, as Slack sends it. */
export function messageShortcutEvent(
  f: { callbackId: string; text: string; user?: string; channel?: string; team_id?: string; messageTs?: string; threadTs?: string; response_url?: string },
  o: SignOptions,
): APIGatewayProxyEventV2 {
  const payload = {
    type: 'message_action',
    callback_id: f.callbackId,
    trigger_id: '1.2.3',
    action_ts: String(Date.now() / 1000),
    token: 'deprecated',
    team: { id: f.team_id ?? 'T1', domain: 'example' },
    user: { id: f.user ?? 'U1', name: 'dba', team_id: f.team_id ?? 'T1' },
    channel: { id: f.channel ?? 'C1', name: 'dba' },
    message: { type: 'message', user: 'U9', ts: f.messageTs ?? '1700000000.000100', ...(f.threadTs ? { thread_ts: f.threadTs } : {}), text: f.text },
    response_url: f.response_url ?? 'https://hooks.slack.invalid/actions/T1/1/x',
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return apiGatewayEvent(body, 'application/x-www-form-urlencoded', o);
}

export function blockActionEvent(f: ActionFields, o: SignOptions): APIGatewayProxyEventV2 {
  const payload = {
    type: 'block_actions',
    user: { id: f.user ?? 'U1', username: 'dba', team_id: f.team_id ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    container: { type: 'message', message_ts: f.messageTs ?? '1700000000.000100', channel_id: f.channel ?? 'C1', is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: f.team_id ?? 'T1', domain: 'example' },
    channel: { id: f.channel ?? 'C1', name: 'dba' },
    message: { type: 'message', ts: f.messageTs ?? '1700000000.000100', ...(f.threadTs ? { thread_ts: f.threadTs } : {}), text: 'x' },
    response_url: f.response_url ?? 'https://hooks.slack.invalid/actions/T1/1/x',
    actions: [{ action_id: f.actionId, block_id: 'b1', type: 'button', value: f.value, action_ts: String(Date.now() / 1000) }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return apiGatewayEvent(body, 'application/x-www-form-urlencoded', o);
}

/** `app_home_opened` (Events API) for the Home or Messages tab. */
export function appHomeOpenedEvent(f: { user?: string; channel?: string; tab?: 'home' | 'messages'; team_id?: string; event_id?: string }, o: SignOptions) {
  const event = {
    type: 'app_home_opened',
    user: f.user ?? 'U1',
    channel: f.channel ?? 'D1',
    tab: f.tab ?? 'home',
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
  return eventCallback(event, o, { ...(f.team_id !== undefined ? { team_id: f.team_id } : {}), ...(f.event_id !== undefined ? { event_id: f.event_id } : {}) });
}

/** A button in a view (the Home tab or a modal): `block_actions` with a view container and no channel. */
export function viewBlockActionEvent(f: { actionId: string; value?: string; user?: string; team_id?: string; viewType?: 'home' | 'modal' }, o: SignOptions) {
  const payload = {
    type: 'block_actions',
    user: { id: f.user ?? 'U1', username: 'dba', team_id: f.team_id ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    container: { type: 'view', view_id: 'VHOME' },
    trigger_id: '7.8.9',
    team: { id: f.team_id ?? 'T1', domain: 'example' },
    view: { id: 'VHOME', type: f.viewType ?? 'home', blocks: [], state: { values: {} }, hash: 'h', callback_id: '', private_metadata: '' },
    actions: [
      { action_id: f.actionId, block_id: 'b1', type: 'button', ...(f.value !== undefined ? { value: f.value } : {}), action_ts: String(Date.now() / 1000) },
    ],
  };
  return apiGatewayEvent(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', o);
}

/**
 * A modal's `view_submission`: the view as it was opened, with the state Slack fills in from the inputs
 * (`values[block_id][action_id]`) and, for a select with response_url_enabled, `response_urls`.
 */
export function viewSubmissionEvent(
  f: {
    view: Record<string, unknown>;
    values: Record<string, Record<string, unknown>>;
    user?: string;
    team_id?: string;
    responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
  },
  o: SignOptions,
) {
  const payload = {
    type: 'view_submission',
    team: { id: f.team_id ?? 'T1', domain: 'example' },
    user: { id: f.user ?? 'U1', username: 'dba', name: 'dba', team_id: f.team_id ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    trigger_id: '4.5.6',
    view: { id: 'VMODAL', team_id: f.team_id ?? 'T1', hash: 'h', ...f.view, state: { values: f.values } },
    response_urls: f.responseUrls ?? [],
    is_enterprise_install: false,
  };
  return apiGatewayEvent(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', o);
}
