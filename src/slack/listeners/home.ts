/**
 * The App Home and the subscribe modal. The ingress holds no state store (it must stay light and ack
 * within 3 s), so the Home is published by the worker: `app_home_opened` hands a `home` job off. The
 * modal must open within 3 s of its trigger, so views.open happens here. A submission is read into
 * the slash command's own text (`subscribe <pattern> --severity … --events … --here`), parsed by the
 * same grammar, authorized by the same decide() for the chosen channel and saved by the same worker
 * code; bad input comes back as field errors (`response_action: 'errors'`). The Home's "Report…" modal
 * works the same way with `report <target> <window>`.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import * as v from 'valibot';
import { isoNow } from '../../core/clock';
import { OTHER_TEAM_REASON, teamServed } from '../../config/access';
import { NAME_PATTERN, PATTERN_PATTERN, parseCommand } from '../../core/grammar';
import type { HomeJob, JobOrigin } from '../../jobs/payload';
import type { ListenerDeps } from '../deps';
import { decide } from '../decide';
import { RecentIds } from '../recent-ids';
import { commandJob, startJob } from '../start-job';
import { clip, decodeSlackText } from '../text';
import { HOME_REPORT_ACTION, HOME_SUBSCRIBE_ACTION, HOME_UNSUBSCRIBE_ACTION } from '../views/home';
import { REPORT_FIELD, REPORT_MODAL, reportModal } from '../views/report-modal';
import { EVENT_CHOICES, FIELD, type ModalOrigin, noticeModal, SUBSCRIBE_MODAL, subscribeModal } from '../views/subscribe-modal';
import { clickerTeam } from './actions';

const CHANNEL_ID = /^[A-Z0-9]{1,30}$/i;
const ENTERPRISE_ID = /^E[A-Z0-9]{1,30}$/;

/** The value of a Home Unsubscribe button. */
const UnsubscribeValueSchema = v.object({ channel: v.pipe(v.string(), v.regex(CHANNEL_ID)), pattern: v.pipe(v.string(), v.regex(PATTERN_PATTERN)) });

interface Who {
  team: string;
  enterprise?: string;
  user: string;
}

/** A reply's text as a plain-text field error: entities decoded, code spans quoted, short. */
function fieldError(text: string): string {
  return clip(decodeSlackText(text).replace(/`([^`]*)`/g, '“$1”'), 300);
}

function homeJob(deps: ListenerDeps, who: Who, channel: string, change?: HomeJob['change'], responseUrl?: string): HomeJob {
  const origin: JobOrigin = { team: who.team, channel, user: who.user, reply: 'ephemeral', ...(responseUrl ? { responseUrl } : {}) };
  return {
    kind: 'home',
    id: deps.newId(),
    requestedAt: isoNow(deps.clock),
    origin,
    ...(who.enterprise && ENTERPRISE_ID.test(who.enterprise) ? { enterprise: who.enterprise } : {}),
    ...(change ? { change } : {}),
  };
}

/** Opens the subscribe modal for a trigger; an error message when it could not be opened. */
export async function openSubscribeModal(
  client: WebClient,
  deps: ListenerDeps,
  triggerId: string,
  from: ModalOrigin['from'],
  who: Who,
): Promise<string | undefined> {
  if (!teamServed(deps.config.access, who.team, who.enterprise)) return OTHER_TEAM_REASON;
  const knownTargets = [...deps.config.targets.values()].flatMap((t) => [t.name, ...t.instances]);
  try {
    await client.views.open({ trigger_id: triggerId, view: subscribeModal({ from, knownTargets }) });
    return undefined;
  } catch (e) {
    deps.log.warn('could not open the subscribe modal', { error: e });
    return 'The subscribe form could not be opened. Use `/dbassist subscribe <cluster|instance|pattern> [--severity …] [--events …] [--here]` instead.';
  }
}

type StateValues = ViewSubmitAction['view']['state']['values'];

/** The form as the slash command's words; field errors for what cannot be. */
export function subscribeFormText(values: StateValues): { text: string; channel: string } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const channel = values[FIELD.channel]?.[FIELD.channel]?.selected_conversation ?? '';
  if (!CHANNEL_ID.test(channel)) errors[FIELD.channel] = 'Choose the channel to post alerts in.';
  const pattern = (values[FIELD.pattern]?.[FIELD.pattern]?.value ?? '').trim();
  if (pattern === '') errors[FIELD.pattern] = 'Say what to subscribe to: a cluster, an instance or a pattern such as gamedb*.';
  else if (/\s/.test(pattern)) errors[FIELD.pattern] = 'One cluster, instance or pattern, without spaces.';
  else if (pattern.startsWith('-')) errors[FIELD.pattern] = fieldError(`\`${pattern}\` is not a valid name or pattern (letters, digits, hyphens and \`*\`).`);
  const level = values[FIELD.level]?.[FIELD.level]?.selected_option?.value ?? 'warning';
  const events = (values[FIELD.events]?.[FIELD.events]?.selected_options ?? []).map((o) => o.value);
  if (events.some((e) => !EVENT_CHOICES.some((c) => c.value === e))) errors[FIELD.events] = 'Tick only the kinds listed.';
  const here = (values[FIELD.here]?.[FIELD.here]?.selected_options ?? []).some((o) => o.value === 'here');
  if (Object.keys(errors).length > 0) return { errors };
  const words = ['subscribe', pattern, '--severity', level, ...(events.length > 0 ? ['--events', events.join(',')] : []), ...(here ? ['--here'] : [])];
  return { text: words.join(' '), channel };
}

/** Who submitted a modal: their own team (Slack Connect) and Grid organisation. */
function submitter(body: ViewSubmitAction): Who {
  const b = body as ViewSubmitAction & { enterprise?: { id?: string } | null; team: { id: string; enterprise_id?: string } | null };
  const enterprise = b.enterprise?.id ?? b.team?.enterprise_id;
  return { team: b.user.team_id ?? b.team?.id ?? '', user: b.user.id, ...(enterprise ? { enterprise } : {}) };
}

/** The response_url Slack gave for the channel chosen in the modal's select (response_url_enabled). */
function responseUrlFor(body: ViewSubmitAction, channel: string): string | undefined {
  const url = body.response_urls?.find((r) => r.channel_id === channel)?.response_url;
  return url && /^https?:\/\/[^\s]+$/.test(url) ? url : undefined;
}

function modalOrigin(metadata: string | undefined): ModalOrigin {
  try {
    return (JSON.parse(metadata ?? '') as ModalOrigin).from === 'home' ? { from: 'home' } : { from: 'command' };
  } catch {
    return { from: 'command' };
  }
}

/** A user who opens the Home again within this long gets the view just published. */
const REOPEN_MS = 5_000;

export function registerHomeListeners(app: App, deps: ListenerDeps): void {
  const recentOpens = new RecentIds(5_000, REOPEN_MS, deps.clock.now);
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const b = body as { team_id?: string; enterprise_id?: string };
    const who: Who = { team: b.team_id ?? '', user: event.user, ...(b.enterprise_id ? { enterprise: b.enterprise_id } : {}) };
    if (!teamServed(deps.config.access, who.team, who.enterprise)) return;
    // Opening the tab again and again within a few seconds publishes once.
    if (!recentOpens.add(`${who.team}:${event.user}`)) return;
    const channel = CHANNEL_ID.test(event.channel ?? '') ? event.channel : event.user;
    const started = await startJob(client, deps, homeJob(deps, who, channel));
    if (started.ok) deps.log.info('home handed off', { user: who.user });
  });

  app.action<BlockAction<ButtonAction>>(HOME_SUBSCRIBE_ACTION, async ({ ack, body, client }) => {
    await ack();
    const { team, enterprise } = clickerTeam(body);
    const error = await openSubscribeModal(client, deps, body.trigger_id, 'home', { team, ...(enterprise ? { enterprise } : {}), user: body.user.id });
    if (error) deps.log.warn('subscribe modal not opened from the Home', { reason: error });
  });

  app.action<BlockAction<ButtonAction>>(HOME_UNSUBSCRIBE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const { team, enterprise } = clickerTeam(body);
    const who: Who = { team, ...(enterprise ? { enterprise } : {}), user: body.user.id };
    const notice = (title: string, text: string) =>
      client.views.open({ trigger_id: body.trigger_id, view: noticeModal(title, text) }).catch((e) => deps.log.warn('could not open a notice', { error: e }));
    let value: unknown;
    try {
      value = JSON.parse(action.value ?? '');
    } catch {
      value = undefined;
    }
    const parsed = v.safeParse(UnsubscribeValueSchema, value);
    if (!parsed.success) return void (await notice('Not unsubscribed', 'That button is malformed or expired. Open the Home tab again.'));
    const { channel, pattern } = parsed.output;
    const decision = decide({ verb: 'unsubscribe', pattern }, { ...who, channel, commandName: '/dbassist' }, deps.config);
    if (decision.kind === 'reply') return void (await notice('Not unsubscribed', decodeSlackText(decision.reply.text)));
    if (decision.command.verb !== 'unsubscribe') return;
    const started = await startJob(client, deps, homeJob(deps, who, channel, decision.command));
    if (!started.ok) await notice('Not unsubscribed', started.message);
  });

  app.action<BlockAction<ButtonAction>>(HOME_REPORT_ACTION, async ({ ack, body, client }) => {
    await ack();
    const { team, enterprise } = clickerTeam(body);
    if (!teamServed(deps.config.access, team, enterprise)) return;
    const names = [...deps.config.targets.values()].flatMap((t) => [t.name, ...t.instances]);
    await client.views
      .open({ trigger_id: body.trigger_id, view: reportModal(names) })
      .catch((e) => deps.log.warn('could not open the report modal', { error: e }));
  });

  // "Report…": `/dbassist report <target> <window>` in the chosen channel, answered in a new thread there.
  app.view<ViewSubmitAction>(REPORT_MODAL, async ({ ack, body, view, client }) => {
    const who = submitter(body);
    const values = view.state.values;
    const errors: Record<string, string> = {};
    const channel = values[REPORT_FIELD.channel]?.[REPORT_FIELD.channel]?.selected_conversation ?? '';
    if (!CHANNEL_ID.test(channel)) errors[REPORT_FIELD.channel] = 'Choose the channel to post the report in.';
    const field = values[REPORT_FIELD.target]?.[REPORT_FIELD.target];
    const target = (field?.selected_option?.value ?? field?.value ?? '').trim();
    if (!NAME_PATTERN.test(target)) errors[REPORT_FIELD.target] = 'Choose or type one cluster or instance name.';
    if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
    const window = values[REPORT_FIELD.window]?.[REPORT_FIELD.window]?.selected_option?.value ?? '1h';
    const parsed = parseCommand(`report ${target} ${/^\d{1,3}[mhd]$/.test(window) ? window : '1h'}`);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: { [REPORT_FIELD.target]: fieldError(parsed.error.message) } });
    const decision = decide(parsed.command, { ...who, channel, commandName: '/dbassist' }, deps.config);
    if (decision.kind === 'reply') return ack({ response_action: 'errors', errors: { [REPORT_FIELD.target]: fieldError(decision.reply.text) } });
    const responseUrl = responseUrlFor(body, channel);
    const origin: JobOrigin = { team: who.team, channel, user: who.user, reply: 'thread', ...(responseUrl ? { responseUrl } : {}) };
    const started = await startJob(client, deps, commandJob(deps, origin, decision.command), decision.what);
    if (!started.ok) return ack({ response_action: 'errors', errors: { [REPORT_FIELD.channel]: fieldError(started.message) } });
    return ack();
  });

  app.view<ViewSubmitAction>(SUBSCRIBE_MODAL, async ({ ack, body, view, client }) => {
    const who = submitter(body);
    const form = subscribeFormText(view.state.values);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    const parsed = parseCommand(form.text);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: { [FIELD.pattern]: fieldError(parsed.error.message) } });
    const decision = decide(parsed.command, { ...who, channel: form.channel, commandName: '/dbassist' }, deps.config);
    if (decision.kind === 'reply') return ack({ response_action: 'errors', errors: { [FIELD.channel]: fieldError(decision.reply.text) } });
    if (decision.command.verb !== 'subscribe') return ack({ response_action: 'errors', errors: { [FIELD.pattern]: 'Not a subscription.' } });
    // The confirmation goes to the chosen channel, ephemerally, as `/dbassist subscribe` answers.
    const safeUrl = responseUrlFor(body, form.channel);
    const origin: JobOrigin = { team: who.team, channel: form.channel, user: who.user, reply: 'ephemeral', ...(safeUrl ? { responseUrl: safeUrl } : {}) };
    const job =
      modalOrigin(view.private_metadata).from === 'home'
        ? homeJob(deps, who, form.channel, decision.command, safeUrl)
        : commandJob(deps, origin, decision.command);
    const started = await startJob(client, deps, job);
    if (!started.ok) return ack({ response_action: 'errors', errors: { [FIELD.channel]: fieldError(started.message) } });
    deps.log.info('subscription from the modal handed off', { jobId: job.id, channel: form.channel, user: who.user });
    return ack();
  });
}
