/**
 * Alert buttons, in the worker: `applyAlertAction` records an acknowledgement or a mute on the
 * incident and re-renders the parent message. (The ingress parses the button itself:
 * `parseAlertAction` in src/slack/listeners/actions.ts.)
 */
import { update } from '../state/store';
import type { StateStore } from '../state/store';
import type { PacedSender } from './delivery';
import { incidentStoreKey, syncParent } from './incidents';
import { INCIDENT_KEY_PATTERN, type Incident } from '../model/alert';

export interface AlertActionInput {
  type: 'ack' | 'mute';
  incidentKey: string;
  /** The channel the button was clicked in: the incident must belong to it. */
  channel: string;
  user: string;
  muteMinutes?: number;
}

export type AlertActionResult = { ok: true; incident: Incident } | { ok: false; reason: string };

/** Records an ack or a mute; the parent is edited to show it. Clicking twice is harmless. */
export async function applyAlertAction(deps: { store: StateStore; sender: PacedSender; now: () => number }, a: AlertActionInput): Promise<AlertActionResult> {
  if (!INCIDENT_KEY_PATTERN.test(a.incidentKey)) return { ok: false, reason: 'That button does not name an alert.' };
  const key = incidentStoreKey(a.incidentKey);
  let reason: string | undefined;
  const next = await update<Incident>(deps.store, key, (cur) => {
    if (!cur) {
      reason = 'That alert is no longer tracked.';
      return undefined;
    }
    if (cur.channel !== a.channel) {
      reason = 'That alert belongs to another channel.';
      return undefined;
    }
    const now = deps.now();
    if (a.type === 'ack') return { ...cur, ackBy: a.user, ackAt: now };
    const minutes = Math.min(Math.max(a.muteMinutes ?? 60, 1), 7 * 24 * 60);
    return { ...cur, mutedUntil: now + minutes * 60_000, mutedBy: a.user };
  });
  if (reason || !next) return { ok: false, reason: reason ?? 'That alert is no longer tracked.' };
  await syncParent(deps, a.incidentKey);
  return { ok: true, incident: next };
}
