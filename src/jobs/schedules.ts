/**
 * Schedules: `/dbassist schedule …` makes an EventBridge Scheduler schedule that invokes the worker
 * with a ScheduledJob, and stores it next to the subscriptions (`schedules/<channel>.json` in the
 * StateStore) so `schedules` lists it and the worker can tell a live schedule from a deleted one.
 * Scheduler is behind SchedulerPort (src/aws/scheduler.ts is the real one; tests mock the SDK client).
 *
 * Order of writes: the Scheduler entry first, then the store (a failed store write deletes the entry
 * again); deletion the other way round — the store first, so a run racing the deletion finds nothing.
 */
import type { ScheduledCommand } from '../core/grammar';
import { cronExpression, type ScheduleWhen } from '../core/schedule';
import { type StateStore, update } from '../state/store';
import type { JobOrigin, ScheduledJob } from './payload';

export interface StoredSchedule {
  id: string;
  /** The Scheduler schedule's name. */
  name: string;
  when: ScheduleWhen;
  /** `cron(…)`, as given to Scheduler. */
  expression: string;
  command: ScheduledCommand;
  /** Who made it, when (ISO). */
  by: string;
  at: string;
}

export interface ChannelSchedules {
  schedules: StoredSchedule[];
}

export interface SchedulerPort {
  create(s: { name: string; expression: string; timezone: string; input: string; description: string }): Promise<void>;
  /** Deletes the schedule; an absent one is not an error. */
  delete(name: string): Promise<void>;
}

export const MAX_SCHEDULES_PER_CHANNEL = 20;
const CHANNEL_ID = /^[A-Z0-9]{1,30}$/i;

export function schedulesKey(channel: string): string {
  if (!CHANNEL_ID.test(channel)) throw new Error('invalid channel id');
  return `schedules/${channel}.json`;
}

/** Scheduler names: 1–64 of [0-9A-Za-z-_.], unique in the group. */
export function scheduleName(channel: string, id: string): string {
  return `dbassist-${channel}-${id}`;
}

/**
 * The worker's input for each run. Scheduler replaces `<aws.scheduler.execution-id>` and
 * `<aws.scheduler.scheduled-time>` on every invocation (its context attributes).
 */
export function scheduleInput(origin: Pick<JobOrigin, 'team' | 'channel' | 'user'>, id: string, command: ScheduledCommand): string {
  const job: ScheduledJob = {
    kind: 'scheduled',
    id: '<aws.scheduler.execution-id>',
    requestedAt: '<aws.scheduler.scheduled-time>',
    origin: { team: origin.team, channel: origin.channel, user: origin.user, reply: 'thread' },
    scheduleId: id,
    command,
  };
  return JSON.stringify(job);
}

export async function listSchedules(store: StateStore, channel: string): Promise<StoredSchedule[]> {
  return (await store.get<ChannelSchedules>(schedulesKey(channel)))?.value.schedules ?? [];
}

export async function findSchedule(store: StateStore, channel: string, id: string): Promise<StoredSchedule | undefined> {
  return (await listSchedules(store, channel)).find((s) => s.id === id);
}

export interface ScheduleDeps {
  store: StateStore;
  scheduler: SchedulerPort;
  newId: () => string;
  now: () => number;
}

export type CreateResult = { status: 'created'; schedule: StoredSchedule } | { status: 'full'; count: number };

export async function createSchedule(
  deps: ScheduleDeps,
  origin: Pick<JobOrigin, 'team' | 'channel' | 'user'>,
  when: ScheduleWhen,
  command: ScheduledCommand,
): Promise<CreateResult> {
  const existing = await listSchedules(deps.store, origin.channel);
  if (existing.length >= MAX_SCHEDULES_PER_CHANNEL) return { status: 'full', count: existing.length };
  const id = deps.newId();
  const schedule: StoredSchedule = {
    id,
    name: scheduleName(origin.channel, id),
    when,
    expression: cronExpression(when),
    command,
    by: origin.user,
    at: new Date(deps.now()).toISOString(),
  };
  await deps.scheduler.create({
    name: schedule.name,
    expression: schedule.expression,
    timezone: when.timezone,
    input: scheduleInput(origin, id, command),
    description: `dbassist ${command.verb} for channel ${origin.channel}, made by ${origin.user}`,
  });
  let full = false;
  try {
    await update<ChannelSchedules>(deps.store, schedulesKey(origin.channel), (cur) => {
      const list = cur?.schedules ?? [];
      if (list.length >= MAX_SCHEDULES_PER_CHANNEL) {
        full = true;
        return undefined;
      }
      return { schedules: [...list, schedule] };
    });
  } catch (e) {
    await deps.scheduler.delete(schedule.name).catch(() => undefined);
    throw e;
  }
  if (full) {
    await deps.scheduler.delete(schedule.name).catch(() => undefined);
    return { status: 'full', count: MAX_SCHEDULES_PER_CHANNEL };
  }
  return { status: 'created', schedule };
}

export type DeleteResult = { status: 'deleted'; schedule: StoredSchedule } | { status: 'not-found' };

export async function deleteSchedule(deps: Pick<ScheduleDeps, 'store' | 'scheduler'>, channel: string, id: string): Promise<DeleteResult> {
  let removed: StoredSchedule | undefined;
  await update<ChannelSchedules>(deps.store, schedulesKey(channel), (cur) => {
    const list = cur?.schedules ?? [];
    removed = list.find((s) => s.id === id);
    return removed ? { schedules: list.filter((s) => s.id !== id) } : undefined;
  });
  if (!removed) return { status: 'not-found' };
  await deps.scheduler.delete(removed.name);
  return { status: 'deleted', schedule: removed };
}
