/** `health [pattern]` jobs: the live fleet ranked by current health (jobs/health.ts), rendered as the fleet view. */
import type { CommandJob } from '../../jobs/payload';
import { liveFleetSteps, runHealth } from '../../jobs/health';
import { healthReply } from '../../slack/views/health';
import type { JobRunner } from '../types';

export const run: JobRunner<CommandJob> = async (payload, ctx) => {
  const c = payload.command;
  if (c.verb !== 'health') throw new Error(`the health runner got a ${c.verb} job`);
  const result = await runHealth(c, ctx.config, liveFleetSteps(ctx.config));
  ctx.log.info('fleet health', { instances: result.rows.length, calls: result.calls });
  return healthReply(result);
};
