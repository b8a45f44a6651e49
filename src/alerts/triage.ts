/**
 * AI triage of a new incident, posted in its thread under the parent. Optional and bounded: the alert
 * itself never waits on the model, a failure or a timeout only means no triage reply, and one
 * notification is triaged once however many channels it reaches.
 */
import type { AlertTriageInput } from '../ai/inputs';
import type { AiSummary } from '../ai/types';
import type { BedrockConfig } from '../config/env';
import type { Logger } from '../core/log';
import type { NormalizedAlert } from '../model/alert';

export type Triage = (alert: NormalizedAlert) => Promise<AiSummary | undefined>;

const STATE_NAME: Record<NormalizedAlert['state'], string> = { alarm: 'ALARM', ok: 'OK', insufficient: 'INSUFFICIENT_DATA', event: 'EVENT' };

export function triageInput(a: NormalizedAlert): AlertTriageInput {
  const input: AlertTriageInput = {
    source: a.source === 'cloudwatch' ? 'cloudwatch-alarm' : a.source === 'rds' || a.source === 'eventbridge' ? 'rds-event' : `${a.source}-message`,
    name: (a.sourceRef ?? a.title).slice(0, 200),
    state: a.state === 'event' ? a.eventCategories.join(', ') || 'EVENT' : STATE_NAME[a.state],
    target: a.target,
    reason: a.detail.slice(0, 1_500),
  };
  if (a.metric) input.metric = a.metric;
  if (a.threshold !== undefined) input.threshold = a.threshold;
  if (a.value !== undefined) input.value = a.value;
  return input;
}

/** Worth a triage: a new warning or critical incident. */
export function wantsTriage(a: NormalizedAlert): boolean {
  return (a.state === 'alarm' || a.state === 'event') && a.level !== 'info';
}

/** Triage through Bedrock (src/ai/explain, loaded on first use) within `budgetMs`. */
export function bedrockTriage(config: BedrockConfig, log: Logger, budgetMs: number): Triage | undefined {
  if (!config.enabled) return undefined;
  return async (alert) => {
    const { triageAlert } = await import('../ai/explain');
    const summary = await triageAlert(triageInput(alert), { config, log, budgetMs });
    return summary.source === 'off' ? undefined : summary;
  };
}

/** One triage per notification, shared by every channel it is posted in. */
export function once(triage: Triage): Triage {
  const memo = new Map<string, Promise<AiSummary | undefined>>();
  return (alert) => {
    let p = memo.get(alert.messageId);
    if (!p) {
      p = triage(alert);
      memo.set(alert.messageId, p);
    }
    return p;
  };
}
