/**
 * Shows a job's stages in its Slack placeholder while it runs, within Slack's rate limits: edits are
 * paced (at least `minGapMs`, default 1.2 s, from the end of one edit to the start of the next, so
 * Slack sees them at least that far apart whatever the network does), coalesced (stage changes
 * that arrive meanwhile go out as one edit with the latest state), refreshed now and then so the
 * elapsed time moves during a long stage, and stopped for good by `close()` — awaited before the
 * answer replaces the placeholder, so a late progress edit can never overwrite the answer. A failed
 * edit is logged and never fails the job.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import { REPORT_STAGES, type ReportProgress, type ReportStage, type StageStatus } from '../jobs/report-progress';
import { progressReply } from '../slack/views/progress';

export interface PlaceholderProgressOptions {
  slack: WebClient;
  channel: string;
  ts: string;
  /** e.g. `report for gamedb1-1, last 6 hours`. */
  what: string;
  user: string;
  clock: Clock;
  log: Logger;
  /** No edit starts after this (epoch ms): the worker's deadline, when the timeout message goes out. */
  until: number;
  minGapMs?: number;
  /** A refresh of the elapsed time during a long stage (default 10 s). */
  refreshMs?: number;
}

export interface PlaceholderProgress {
  onStage: ReportProgress;
  /** The first stage that failed, if any. */
  failedStage(): ReportStage | undefined;
  /** Stops editing; resolves once an edit in flight has finished. */
  close(): Promise<void>;
}

export const MIN_EDIT_GAP_MS = 1_200;

export function placeholderProgress(o: PlaceholderProgressOptions): PlaceholderProgress {
  const minGap = o.minGapMs ?? MIN_EDIT_GAP_MS;
  const started = o.clock.now();
  const state = new Map<ReportStage, { status: StageStatus; since?: number; ms?: number }>(REPORT_STAGES.map((s) => [s, { status: 'waiting' }]));
  let failed: ReportStage | undefined;
  let lastEnd = -Infinity;
  let dirty = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const render = () => {
    const now = o.clock.now();
    const stages = REPORT_STAGES.map((stage) => {
      const s = state.get(stage)!;
      const ms = s.ms ?? (s.status === 'running' && s.since !== undefined ? now - s.since : undefined);
      return { stage, status: s.status, ...(ms !== undefined ? { ms } : {}) };
    });
    return progressReply({ what: o.what, user: o.user, stages, elapsedMs: now - started });
  };

  const flush = () => {
    timer = undefined;
    if (closed || !dirty || o.clock.now() >= o.until) return;
    dirty = false;
    const reply = render();
    inFlight = o.slack.chat
      .update({ channel: o.channel, ts: o.ts, text: reply.text, blocks: reply.blocks })
      .then(
        () => undefined,
        (e: unknown) => o.log.warn('progress: could not edit the placeholder', { error: e }),
      )
      .finally(() => {
        inFlight = undefined;
        lastEnd = o.clock.now();
        if (dirty) schedule();
      });
  };

  function schedule(): void {
    dirty = true;
    if (closed || timer || inFlight) return;
    timer = setTimeout(flush, Math.max(0, lastEnd + minGap - o.clock.now()));
  }

  const refresh = setInterval(schedule, o.refreshMs ?? 10_000);
  refresh.unref?.();

  return {
    onStage(e) {
      const now = o.clock.now();
      const s = state.get(e.stage);
      if (!s) return;
      if (e.status === 'running') state.set(e.stage, { status: 'running', since: now });
      else state.set(e.stage, { status: e.status, ms: now - (s.since ?? now) });
      if (e.status === 'failed') failed ??= e.stage;
      schedule();
    },
    failedStage: () => failed,
    async close() {
      closed = true;
      clearInterval(refresh);
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
