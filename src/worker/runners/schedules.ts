/**
 * `/dbassist schedule|schedules|unschedule` for the channel the command came from: EventBridge
 * Scheduler (src/aws/scheduler.ts) and the store (src/jobs/schedules.ts). The ingress has parsed and
 * authorized the command (a schedule's command is checked like the command itself); the reply is
 * ephemeral.
 */
import { randomBytes } from 'node:crypto';
import { eventBridgeScheduler } from '../../aws/scheduler';
import { systemClock } from '../../core/clock';
import type { CommandJob } from '../../jobs/payload';
import { createSchedule, deleteSchedule, listSchedules, type ScheduleDeps, type SchedulerPort } from '../../jobs/schedules';
import type { SlackReply } from '../../slack/reply';
import { errorReply } from '../../slack/views/common';
import { scheduleCreatedReply, scheduleFullReply, scheduleListReply, schedulesOffReply, unscheduledReply } from '../../slack/views/schedules';
import type { JobRunner } from '../types';
import { stateStoreOf } from './subscriptions';

/** `s` and 7 base-36 characters (SCHEDULE_ID_PATTERN). */
export function newScheduleId(): string {
  const n = randomBytes(8).readBigUInt64BE() % 36n ** 7n;
  return `s${n.toString(36).padStart(7, '0')}`;
}

export async function runScheduleCommand(payload: CommandJob, deps: ScheduleDeps | undefined): Promise<SlackReply> {
  const c = payload.command;
  const { channel } = payload.origin;
  if (c.verb === 'schedules') return deps ? scheduleListReply(await listSchedules(deps.store, channel)) : schedulesOffReply();
  if (!deps) return schedulesOffReply();
  switch (c.verb) {
    case 'schedule': {
      const r = await createSchedule(deps, payload.origin, c.when, c.job);
      return r.status === 'created' ? scheduleCreatedReply(r.schedule) : scheduleFullReply(r.count);
    }
    case 'unschedule': {
      const r = await deleteSchedule(deps, channel, c.id);
      return unscheduledReply(r.status === 'deleted' ? r.schedule : undefined, c.id);
    }
    default:
      return errorReply(`The schedules job cannot run \`${c.verb}\`.`);
  }
}

export const run: JobRunner<CommandJob> = async (payload, ctx) => {
  const s = ctx.config.schedules;
  const scheduler: SchedulerPort | undefined = s ? eventBridgeScheduler({ region: ctx.config.region, ...s }) : undefined;
  const deps = scheduler ? { store: stateStoreOf(ctx), scheduler, newId: newScheduleId, now: (ctx.clock ?? systemClock).now } : undefined;
  return runScheduleCommand(payload, deps);
};
