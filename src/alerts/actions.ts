/**
 * Alert buttons. `parseAlertAction` is for the ingress: a button's value is user-controlled input, so
 * it is parsed strictly before anything is authorized or started. `applyAlertAction` is for the
 * worker: it records an acknowledgement or a mute on the incident and re-renders the parent message.
 */
import { NAME_PATTERN } from '../core/grammar';
import { createLogger, type Logger } from '../core/log';
import type { StateStore } from '../state/store';
import { ALERT_ACTION_IDS } from '../slack/views/alert';
import type { PacedSender } from './delivery';
import { acknowledge, getRecord, type IncidentDeps, mute } from './incidents';
import { type AlertOptions, DEFAULT_ALERT_OPTIONS, type Incident } from './types';

export type ParsedAlertAction =
  | { kind: 'report'; target: string }
  | { kind: 'ack'; incidentKey: string; target: string }
  | { kind: 'mute'; incidentKey: string; target: string; muteMinutes: number }
  | { error: string };

const MUTES: Record<string, number> = { [ALERT_ACTION_IDS.mute1h]: 60, [ALERT_ACTION_IDS.mute24h]: 24 * 60 };
const INCIDENT_KEY = /^[0-9a-f]{40}$/;

/** Parses an alert button (action_id + value JSON {"k": incident key, "t": target}). */
export function parseAlertAction(actionId: string, value: string): ParsedAlertAction {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return { error: 'malformed button value' };
  let v: { k?: unknown; t?: unknown };
  try {
    v = JSON.parse(value) as { k?: unknown; t?: unknown };
  } catch {
    return { error: 'malformed button value' };
  }
  if (!v || typeof v !== 'object') return { error: 'malformed button value' };
  const target = typeof v.t === 'string' ? v.t : '';
  if (target !== '' && !NAME_PATTERN.test(target)) return { error: 'invalid target in button value' };
  if (actionId === ALERT_ACTION_IDS.report) {
    return target ? { kind: 'report', target } : { error: 'this alert names no target to report on' };
  }
  const incidentKey = typeof v.k === 'string' ? v.k : '';
  if (!INCIDENT_KEY.test(incidentKey)) return { error: 'invalid incident key in button value' };
  if (actionId === ALERT_ACTION_IDS.ack) return { kind: 'ack', incidentKey, target };
  const muteMinutes = MUTES[actionId];
  if (muteMinutes !== undefined) return { kind: 'mute', incidentKey, target, muteMinutes };
  return { error: `unknown alert action ${actionId.slice(0, 40)}` };
}

export interface AlertActionInput {
  type: 'ack' | 'mute';
  incidentKey: string;
  /** The channel the button was clicked in: the incident must belong to it. */
  channel: string;
  user: string;
  muteMinutes?: number;
  /** The parent message the button is on (an alarm key can have several incidents). */
  messageTs?: string;
}

export type AlertActionResult = { ok: true; incident: Incident } | { ok: false; reason: string };

export interface AlertActionDeps {
  store: StateStore;
  sender: PacedSender;
  now: () => number;
  log?: Logger;
  options?: Partial<AlertOptions>;
}

/** Records an ack or a mute; the parent is edited to show it. Clicking twice is harmless. */
export async function applyAlertAction(deps: AlertActionDeps, a: AlertActionInput): Promise<AlertActionResult> {
  if (!INCIDENT_KEY.test(a.incidentKey)) return { ok: false, reason: 'That button does not name an alert.' };
  const rec = (await getRecord(deps.store, a.incidentKey))?.value;
  if (!rec) return { ok: false, reason: 'That alert is no longer tracked.' };
  if (rec.channel !== a.channel) return { ok: false, reason: 'That alert belongs to another channel.' };
  const d: IncidentDeps = { store: deps.store, sender: deps.sender, now: deps.now, log: deps.log ?? createLogger({}, () => undefined), options: { ...DEFAULT_ALERT_OPTIONS, ...deps.options } };
  const minutes = Math.min(Math.max(a.muteMinutes ?? 60, 1), 7 * 24 * 60);
  const incident = a.type === 'ack' ? await acknowledge(d, a.incidentKey, a.messageTs, a.user) : await mute(d, a.incidentKey, a.messageTs, a.user, deps.now() + minutes * 60_000);
  return incident ? { ok: true, incident } : { ok: false, reason: 'That alert is no longer tracked.' };
}
