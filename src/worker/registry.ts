/** Which runner handles which job. Runners load lazily so a cold worker only pays for the job it runs. */
import type { JobPayload } from '../jobs/payload';
import type { JobRunner } from './types';

export type RunnerKey = 'report' | 'digest' | 'review' | 'subscriptions' | 'alert-action' | 'health' | 'schedules' | 'followup' | 'unfurl' | 'home';

// biome-ignore lint/suspicious/noExplicitAny: each runner takes its own payload type; runnerKey() picks the one that fits.
const RUNNERS: Record<RunnerKey, () => Promise<JobRunner<any>>> = {
  report: async () => (await import('./runners/report')).run,
  digest: async () => (await import('./runners/digest')).run,
  review: async () => (await import('./runners/review')).run,
  subscriptions: async () => (await import('./runners/subscriptions')).run,
  'alert-action': async () => (await import('./runners/alert-action')).run,
  health: async () => (await import('./runners/health')).run,
  schedules: async () => (await import('./runners/schedules')).run,
  followup: async () => (await import('./runners/followup')).run,
  unfurl: async () => (await import('./runners/unfurl')).run,
  home: async () => (await import('./runners/home')).run,
};

export function runnerKey(payload: JobPayload): RunnerKey {
  if (payload.kind === 'alert-action') return 'alert-action';
  if (payload.kind === 'followup') return 'followup';
  if (payload.kind === 'unfurl') return 'unfurl';
  if (payload.kind === 'home') return 'home';
  const verb = payload.command.verb;
  if (verb === 'schedule' || verb === 'schedules' || verb === 'unschedule') return 'schedules';
  return verb === 'subscribe' || verb === 'unsubscribe' || verb === 'subscriptions' ? 'subscriptions' : verb;
}

export async function loadRunner(payload: JobPayload): Promise<JobRunner> {
  return RUNNERS[runnerKey(payload)]();
}
