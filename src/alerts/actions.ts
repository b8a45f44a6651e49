/**
 * Alert buttons, in the worker: `applyAlertAction` records an acknowledgement or a mute on the
 * incident and re-renders the parent message. (The ingress parses the button itself:
 * `parseAlertAction` in src/slack/alert-buttons.ts.)
 */
import { createLogger, type Logger } from '../core/log';
import type { StateStore } from '../state/store';
import type { PacedSender } from './delivery';
import { INCIDENT_KEY_PATTERN, type Incident } from '../model/alert';
import { acknowledge, getRecord, type IncidentDeps, mute } from './incidents';
import { type AlertOptions, DEFAULT_ALERT_OPTIONS } from './types';

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
  if (!INCIDENT_KEY_PATTERN.test(a.incidentKey)) return { ok: false, reason: 'That button does not name an alert.' };
  const rec = (await getRecord(deps.store, a.incidentKey))?.value;
  if (!rec) return { ok: false, reason: 'That alert is no longer tracked.' };
  if (rec.channel !== a.channel) return { ok: false, reason: 'That alert belongs to another channel.' };
  const d: IncidentDeps = {
    store: deps.store,
    sender: deps.sender,
    now: deps.now,
    log: deps.log ?? createLogger({}, () => undefined),
    options: { ...DEFAULT_ALERT_OPTIONS, ...deps.options },
  };
  const minutes = Math.min(Math.max(a.muteMinutes ?? 60, 1), 7 * 24 * 60);
  const incident =
    a.type === 'ack'
      ? await acknowledge(d, a.incidentKey, a.messageTs, a.user)
      : await mute(d, a.incidentKey, a.messageTs, a.user, deps.now() + minutes * 60_000);
  return incident ? { ok: true, incident } : { ok: false, reason: 'That alert is no longer tracked.' };
}
