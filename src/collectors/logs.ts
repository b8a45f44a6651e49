/**
 * CloudWatch Logs for Aurora MySQL: slow-query events (`/aws/rds/cluster/<cluster>/slowquery`, one
 * event per query, streams named after the instance) and error-log highlights
 * (`/aws/rds/cluster/<cluster>/error`). FilterLogEvents, paginated by nextToken, capped.
 */
import { systemClock } from '../core/clock';
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { client } from '../aws/clients';
import { checkAborted } from './concurrency';

export const DEFAULT_MAX_SLOW_EVENTS = 50_000;
export const MAX_ERROR_LINES = 50;
const MAX_ERROR_MESSAGE_CHARS = 500;
/** The error log is noisy (notes, warnings); pages read before giving up on more highlights. */
const MAX_ERROR_PAGES = 20;

export const slowLogGroup = (cluster: string): string => `/aws/rds/cluster/${cluster}/slowquery`;
export const errorLogGroup = (cluster: string): string => `/aws/rds/cluster/${cluster}/error`;

/** Lines worth a DBA's attention; matched again locally because filter patterns are case-sensitive. */
export const ERROR_HIGHLIGHT = /\[ERROR\]|deadlock|aborted connection|too many connections|out of memory|\bcrash|InnoDB: .*(?:corrupt|fatal)|semaphore wait/i;
/** CloudWatch filter pattern: any of the terms (`?` = OR), so CloudWatch drops plain notes server-side. */
export const ERROR_FILTER_PATTERN = '?"[ERROR]" ?deadlock ?Deadlock ?DEADLOCK ?"Aborted connection" ?"Too many connections" ?"Out of memory" ?crash ?semaphore';

export interface LogEvent {
  timestamp: number;
  message: string;
}

interface Window {
  start: Date;
  end: Date;
}

/** Pages through FilterLogEvents, calling `onEvent` until it returns false or the pages run out. */
async function filterAll(
  region: string,
  request: FilterLogEventsCommandInput,
  onEvent: (e: LogEvent) => boolean,
  maxPages: number,
  signal?: AbortSignal,
  stopAt: number = Number.POSITIVE_INFINITY,
): Promise<{ calls: number; stopped: boolean }> {
  const logs = client(CloudWatchLogsClient, region);
  let nextToken: string | undefined;
  let calls = 0;
  do {
    checkAborted(signal);
    const out = await logs.send(new FilterLogEventsCommand({ ...request, nextToken }), { abortSignal: signal });
    calls++;
    for (const e of out.events ?? []) {
      if (e.message === undefined || e.timestamp === undefined) continue;
      if (!onEvent({ timestamp: e.timestamp, message: e.message })) return { calls, stopped: true };
    }
    nextToken = out.nextToken;
  } while (nextToken && calls < maxPages && systemClock.now() < stopAt);
  return { calls, stopped: nextToken !== undefined };
}

/**
 * Slow-query events of the window. `instance` narrows to that instance's stream; without it the whole
 * cluster is read. Stops at `maxEvents` (truncated: true).
 */
export async function fetchSlowQueryEvents(input: {
  region: string;
  cluster: string;
  instance?: string;
  window: Window;
  maxEvents?: number;
  signal?: AbortSignal;
  /** Epoch ms after which no further page is read: what was read so far is kept (truncated: true). */
  stopAt?: number;
}): Promise<{ events: LogEvent[]; truncated: boolean; calls: number }> {
  const max = input.maxEvents ?? DEFAULT_MAX_SLOW_EVENTS;
  const events: LogEvent[] = [];
  const request: FilterLogEventsCommandInput = {
    logGroupName: slowLogGroup(input.cluster),
    startTime: input.window.start.getTime(),
    endTime: input.window.end.getTime(),
    limit: 10_000,
  };
  if (input.instance) request.logStreamNamePrefix = input.instance;
  const { calls, stopped } = await filterAll(
    input.region,
    request,
    (e) => {
      if (events.length >= max) return false;
      events.push(e);
      return true;
    },
    Number.POSITIVE_INFINITY,
    input.signal,
    input.stopAt,
  );
  return { events, truncated: stopped, calls };
}

/** Error-log lines matching ERROR_HIGHLIGHT in the window, oldest first, at most MAX_ERROR_LINES. */
export async function fetchErrorHighlights(input: {
  region: string;
  cluster: string;
  instance?: string;
  window: Window;
  signal?: AbortSignal;
}): Promise<{ lines: { time: string; message: string }[]; truncated: boolean }> {
  const lines: { time: string; message: string }[] = [];
  const request: FilterLogEventsCommandInput = {
    logGroupName: errorLogGroup(input.cluster),
    startTime: input.window.start.getTime(),
    endTime: input.window.end.getTime(),
    filterPattern: ERROR_FILTER_PATTERN,
    limit: 1000,
  };
  if (input.instance) request.logStreamNamePrefix = input.instance;
  const { stopped } = await filterAll(
    input.region,
    request,
    (e) => {
      if (!ERROR_HIGHLIGHT.test(e.message)) return true;
      if (lines.length >= MAX_ERROR_LINES) return false;
      const message = e.message.trim();
      lines.push({
        time: new Date(e.timestamp).toISOString(),
        message: message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}…` : message,
      });
      return true;
    },
    MAX_ERROR_PAGES,
    input.signal,
  );
  return { lines, truncated: stopped };
}

/** True when the error is "the log group does not exist" (log export not enabled for the cluster). */
export function isMissingLogGroup(e: unknown): boolean {
  return (e as { name?: string })?.name === 'ResourceNotFoundException';
}
