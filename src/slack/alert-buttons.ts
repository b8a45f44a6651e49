/**
 * The buttons under an alert: their action ids and values (rendered by slack/views/alert.ts), and the
 * strict parser the ingress runs on a click. A button's value is user-controlled input (anyone can
 * craft a payload for a message they can see), so it is parsed before anything is authorized or started.
 */
import * as v from 'valibot';
import { NAME_PATTERN } from '../core/grammar';
import { INCIDENT_KEY_PATTERN } from '../model/alert';

export const ALERT_ACTION_IDS = { report: 'alert_report', ack: 'alert_ack', mute1h: 'alert_mute_1h', mute24h: 'alert_mute_24h' } as const;

/** The JSON value of alert buttons: {"k": incident key, "t": target}, always under 2,000 characters. */
export function actionValue(incidentKey: string, target: string): string {
  return JSON.stringify({ k: incidentKey.slice(0, 100), t: target.slice(0, 100) });
}

export type ParsedAlertAction =
  | { kind: 'report'; target: string }
  | { kind: 'ack'; incidentKey: string; target: string }
  | { kind: 'mute'; incidentKey: string; target: string; muteMinutes: number }
  | { error: string };

const MUTES: Record<string, number> = { [ALERT_ACTION_IDS.mute1h]: 60, [ALERT_ACTION_IDS.mute24h]: 24 * 60 };

/** The value of an alert button, as we write it (actionValue) and as a click must bring it back. */
export const AlertButtonValueSchema = v.object({
  /** Incident key; absent or empty on the Report button of an alert with no incident yet. */
  k: v.optional(v.string(), ''),
  /** Target instance or cluster; empty when the alert names none. */
  t: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(NAME_PATTERN))]), ''),
});

/** The JSON of a Slack button value (at most 2,000 characters, as Slack allows), or undefined. */
export function buttonJson(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * Parses an alert button (action_id + value JSON {"k": incident key, "t": target}). The value is
 * user-controlled input, so it is parsed strictly before anything is authorized or started.
 */
export function parseAlertAction(actionId: string, value: string): ParsedAlertAction {
  const parsed = v.safeParse(AlertButtonValueSchema, buttonJson(value));
  if (!parsed.success) return { error: parsed.issues.some((i) => i.path?.[0]?.key === 't') ? 'invalid target in button value' : 'malformed button value' };
  const { k: incidentKey, t: target } = parsed.output;
  if (actionId === ALERT_ACTION_IDS.report) {
    return target ? { kind: 'report', target } : { error: 'this alert names no target to report on' };
  }
  if (!INCIDENT_KEY_PATTERN.test(incidentKey)) return { error: 'invalid incident key in button value' };
  if (actionId === ALERT_ACTION_IDS.ack) return { kind: 'ack', incidentKey, target };
  const muteMinutes = MUTES[actionId];
  if (muteMinutes !== undefined) return { kind: 'mute', incidentKey, target, muteMinutes };
  return { error: `unknown alert action ${actionId.slice(0, 40)}` };
}
