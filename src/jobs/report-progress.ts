/**
 * A report's progress, stage by stage (metrics → logs → database → analysis → summary), for whoever
 * shows it (the worker edits the Slack placeholder; the CLI could print it). The job knows nothing
 * of Slack: it calls a ReportProgress callback. Collectors report per collector (`onCollector`); a
 * collection stage is done once every collector of it has settled, whether it succeeded or became a gap.
 */
export const REPORT_STAGES = ['metrics', 'logs', 'database', 'analysis', 'summary'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];
export type StageStatus = 'waiting' | 'running' | 'done' | 'failed';

export interface StageEvent {
  stage: ReportStage;
  status: Exclude<StageStatus, 'waiting'>;
}

export type ReportProgress = (event: StageEvent) => void;

/** What a collector says about itself: queued before any runs, then settled. */
export type CollectorStatus = 'queued' | 'done' | 'failed';
export type CollectorProgress = (collector: string, status: CollectorStatus) => void;

/** The stage each collector of src/collectors/collect.ts (and the simulated fleet) belongs to. */
export const COLLECTOR_STAGE: Readonly<Record<string, ReportStage>> = {
  metrics: 'metrics',
  events: 'metrics',
  earlierEvents: 'metrics',
  slowLog: 'logs',
  earlierSlowLog: 'logs',
  errorLog: 'logs',
  perfSchema: 'database',
  instanceState: 'database',
  pi: 'database',
};

/**
 * Turns collector events into stage events: a stage is running from the start of collection and done
 * when its last collector settles. `finish()` marks done every collection stage still open (a stage
 * with no collector, e.g. no database credentials configured); `fail()` marks them failed.
 */
export function collectionTracker(emit: ReportProgress): { onCollector: CollectorProgress; start(): void; finish(): void; fail(): ReportStage[] } {
  const open = new Map<ReportStage, Set<string>>();
  const closed = new Set<ReportStage>();
  const stages: ReportStage[] = ['metrics', 'logs', 'database'];
  const close = (stage: ReportStage, status: 'done' | 'failed') => {
    if (closed.has(stage)) return;
    closed.add(stage);
    emit({ stage, status });
  };
  return {
    start() {
      for (const s of stages) emit({ stage: s, status: 'running' });
    },
    onCollector(collector, status) {
      const stage = COLLECTOR_STAGE[collector];
      if (!stage || closed.has(stage)) return;
      const pending = open.get(stage) ?? new Set<string>();
      open.set(stage, pending);
      if (status === 'queued') pending.add(collector);
      else {
        pending.delete(collector);
        if (pending.size === 0) close(stage, 'done');
      }
    },
    finish() {
      for (const s of stages) close(s, 'done');
    },
    fail() {
      const failed = stages.filter((s) => !closed.has(s));
      for (const s of failed) close(s, 'failed');
      return failed;
    },
  };
}
