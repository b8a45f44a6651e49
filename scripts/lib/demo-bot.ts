/**
 * The whole bot in one process, for the demo and `npm run dev`: the real Bolt ingress handler, the
 * worker (run in-process where Lambda would invoke it asynchronously) and the alerts handler, sharing
 * one state store. Reports come from the simulated fleet with a planted scenario (with a local server's
 * performance_schema, slow log, locks and sessions when there is one) and are written to a directory
 * instead of S3.
 */
import { WebClient } from '@slack/web-api';
import type { APIGatewayProxyEventV2, Context, SNSEvent } from 'aws-lambda';
import type { AlertsRuntime } from '../../src/handlers/alerts';
import { createAlertsHandler } from '../../src/handlers/alerts';
import { bedrockTriage } from '../../src/alerts/triage';
import type { AlertDeps } from '../../src/alerts/types';
import { summarizeReport } from '../../src/ai/explain';
import type { Config } from '../../src/config/env';
import type { Logger } from '../../src/core/log';
import { digestText } from '../../src/digest/index';
import type { DigestResult } from '../../src/digest/types';
import type { CommandJob, JobPayload } from '../../src/jobs/payload';
import { runReport, type ReportSteps } from '../../src/jobs/report';
import { simulatedCollect } from '../../src/collectors/simulated/collect';
import type { ScenarioName } from '../../src/collectors/simulated/scenarios';
import { createIngress } from '../../src/slack/app';
import { slackClientOptions } from '../../src/slack/client-options';
import { directoryPublisher, reportDirectory } from '../../src/publish/directory';
import { digestReply } from '../../src/slack/views/digest';
import { makeReportRunner } from '../../src/worker/runners/report';
import { MemoryStateStore, type StateStore } from '../../src/state/store';
import { processJob, type Outcome, type WorkerDeps } from '../../src/worker/process';
import { makeReviewRunner } from '../../src/worker/runners/review';
import type { JobRunner } from '../../src/worker/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHeadline } from '../../src/report/headline';
import { type HeadlineReader, makeUnfurlRunner } from '../../src/worker/runners/unfurl';
import {
  asMember,
  simulatedClusterMembers,
  simulatedFleetMembers,
  simulatedFleetSeries,
  simulatedParameters,
  seedOf,
} from '../../src/collectors/simulated/cluster';
import { resolveTarget } from '../../src/config/targets';
import { type ClusterSteps, runClusterReport } from '../../src/jobs/cluster-report';
import { runHealth } from '../../src/jobs/health';
import { checkJobPayload } from '../../src/jobs/payload';
import type { SchedulerPort } from '../../src/jobs/schedules';
import { healthReply } from '../../src/slack/views/health';
import { newScheduleId, runScheduleCommand } from '../../src/worker/runners/schedules';
import { singleOrCluster } from '../../src/worker/runners/report';

export interface DemoBotOptions {
  config: Config;
  log: Logger;
  /** Where simulated reports are written. */
  outDir: string;
  /** A local MySQL/MariaDB (with the game schema) standing in for every target's database. */
  mysqlUrl?: string;
  /** That server's slow log, digested into the report and `digest` answers. */
  slowLog?: string;
  store?: StateStore;
  /** The simulated fleet's planted scenario (default: the simulator's, an incident). */
  scenario?: ScenarioName;
  /** Scenarios planted on other instances of the fleet view (default: quiet). */
  fleetScenarios?: Record<string, ScenarioName>;
  /** Time each simulated collector takes (default 0), so the placeholder shows the report's stages. */
  collectorMs?: number;
}

/** A schedule the demo's stand-in for EventBridge Scheduler holds. */
export interface DemoSchedule {
  name: string;
  expression: string;
  timezone: string;
  input: string;
}

export interface DemoBot {
  /** The `slack` Lambda handler. */
  slack(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; body?: string }>;
  /** The `alerts` Lambda handler. */
  alerts(event: SNSEvent): Promise<unknown>;
  /** Resolves when every job handed off so far has finished; returns their outcomes. */
  idle(): Promise<Outcome[]>;
  /** Report directories written so far. */
  reports: string[];
  store: StateStore;
  /** Changes the planted scenario of the next reports. */
  setScenario(scenario: ScenarioName | undefined): void;
  /** Schedules made through `/dbassist schedule`, by name (the stand-in for EventBridge Scheduler). */
  schedules: Map<string, DemoSchedule>;
  /** Runs a schedule now, as Scheduler would: its Input, context attributes filled in, checked and run by the worker. */
  fireSchedule(name: string, at: Date): Promise<Outcome>;
}

/**
 * Report link previews read the headline from the report directory instead of S3: a link's prefix
 * `reports/<instance>/<stamp>/` is the directory `<outDir>/<instance>/<stamp>/` (reportDirectory).
 */
export function directoryHeadlines(outDir: string): HeadlineReader {
  return async (prefix) => {
    const [, instance, stamp] = prefix.split('/');
    try {
      return readHeadline(readFileSync(join(outDir, instance!, stamp!, 'headline.json'), 'utf8'));
    } catch {
      return undefined;
    }
  };
}

function localSlowLog(path: string | undefined): DigestResult | undefined {
  if (!path) return undefined;
  try {
    return digestText(readFileSync(path, 'utf8'), { top: 50 });
  } catch {
    return undefined;
  }
}

export interface LocalWorker {
  /** Hands a job to the in-process worker (where Lambda would queue an asynchronous invocation). */
  handoff(job: JobPayload): Promise<void>;
  idle(): Promise<Outcome[]>;
  reports: string[];
  store: StateStore;
  slack: WebClient;
  setScenario(scenario: ScenarioName | undefined): void;
  schedules: Map<string, DemoSchedule>;
  fireSchedule(name: string, at: Date): Promise<Outcome>;
}

/**
 * The worker in-process, with the simulated fleet for reports, the local slow log for digests and
 * the local database (when given) for review EXPLAINs.
 */
export function createLocalWorker(o: DemoBotOptions): LocalWorker {
  const store = o.store ?? new MemoryStateStore();
  const slack = new WebClient(o.config.slack.botToken, { ...slackClientOptions('worker', o.config.slack), retryConfig: { retries: 1 } });
  const reports: string[] = [];
  const pending: Array<Promise<Outcome>> = [];
  let scenario = o.scenario;

  // The same report pipeline as the worker's, with the simulated fleet for collection and ./out for publishing.
  const reportSteps = (config: Config, instance?: string): ReportSteps => ({
    chooseInstance: async () => `${[...config.targets.values()][0]?.cluster ?? 'gamedb1'}-1`,
    // The local server stands in for the instance endpoint: digests, and live locks and sessions.
    // The scenario set for the demo step wins; else the one planted on the instance for the fleet view.
    collect: simulatedCollect({
      scenario: () => scenario ?? (instance ? o.fleetScenarios?.[instance] : undefined),
      ...(o.mysqlUrl ? { mysqlUrl: o.mysqlUrl } : {}),
      slowLog: () => localSlowLog(o.slowLog),
      ...(o.collectorMs ? { collectorMs: o.collectorMs } : {}),
    }),
    summarize: (input, s) => summarizeReport(input, { config: config.bedrock, log: s.log, budgetMs: s.budgetMs }),
    publish: async (p) => {
      const published = await directoryPublisher(reportDirectory(o.outDir))(p);
      reports.push(published.location);
      return published;
    },
    publishing: `report files in ${o.outDir}`,
  });

  // The worker's report runner (progress in the placeholder, follow-up context) on the simulated fleet.
  // No link button: the report is a local file here (the demo prints its path); deployed, it is /r/{token}.
  const reportRunner = makeReportRunner((c, ctx) => {
    const target = [...ctx.config.targets.values()][0]!;
    const instance = c.target === target.name ? `${target.cluster}-1` : c.target;
    return { steps: reportSteps(ctx.config, instance), instance };
  });

  // A cluster name: every member through the same report pipeline (readers quiet, the writer with the scenario), compared.
  const clusterSteps = (config: Config, t: { name: string; cluster: string; instances: string[] }): ClusterSteps => {
    const metas = simulatedClusterMembers(t);
    return {
      members: async () => metas,
      parameters: async (group) => simulatedParameters(group),
      memberReport: async (instance, window, log, deadline) => {
        const meta = metas.find((m) => m.instance === instance)!;
        const writer = meta.role === 'writer';
        const base = reportSteps(config);
        const collect = writer
          ? simulatedCollect({ scenario: () => scenario, ...(o.mysqlUrl ? { mysqlUrl: o.mysqlUrl } : {}), slowLog: () => localSlowLog(o.slowLog) })
          : simulatedCollect({ scenario: 'healthy', seed: seedOf(instance) });
        return runReport({ instance, window, log, deadline }, { ...base, collect: async (c) => asMember(await collect(c), meta) });
      },
    };
  };

  const clusterAwareReportRunner: JobRunner<CommandJob> = async (payload, ctx) => {
    const c = payload.command;
    const resolved = c.verb === 'report' ? resolveTarget(ctx.config.targets, c.target) : undefined;
    if (c.verb !== 'report' || !resolved || resolved.instance) return reportRunner(payload, ctx);
    const r = await runClusterReport(
      { cluster: resolved.target.cluster, window: c.window, log: ctx.log, deadline: ctx.deadline },
      clusterSteps(ctx.config, resolved.target),
    );
    return singleOrCluster(r);
  };

  // The fleet view on the simulated fleet: every configured target's members, quiet unless a scenario is planted.
  const healthRunner: JobRunner<CommandJob> = async (payload, ctx) => {
    const c = payload.command;
    if (c.verb !== 'health') throw new Error(`unexpected ${c.verb}`);
    const targets = [...ctx.config.targets.values()];
    const scenarioOf = (i: string) => o.fleetScenarios?.[i] ?? (i === `${targets[0]?.cluster}-1` ? scenario : undefined);
    const result = await runHealth(c, ctx.config, {
      members: async (ts) => ({ members: simulatedFleetMembers(ts), notes: [] }),
      series: async (members, end) => ({
        series: simulatedFleetSeries(targets, members, { start: new Date(end.getTime() - 15 * 60_000), end }, scenarioOf),
        calls: 1,
      }),
    });
    return healthReply(result);
  };

  // The stand-in for EventBridge Scheduler: it keeps the schedules; fireSchedule() plays an invocation.
  const schedules = new Map<string, DemoSchedule>();
  const scheduler: SchedulerPort = {
    create: async (spec) => {
      schedules.set(spec.name, { name: spec.name, expression: spec.expression, timezone: spec.timezone, input: spec.input });
    },
    delete: async (name) => {
      schedules.delete(name);
    },
  };
  const schedulesRunner: JobRunner<CommandJob> = (payload) => runScheduleCommand(payload, { store, scheduler, newId: newScheduleId, now: Date.now });

  const digestRunner: JobRunner<CommandJob> = async (payload) => {
    const c = payload.command;
    if (c.verb !== 'digest') throw new Error(`unexpected ${c.verb}`);
    const result = localSlowLog(o.slowLog);
    if (!result) throw new Error('there is no local slow log in this demo (no database server was started)');
    return digestReply(result, { title: `${c.target}, last ${c.window.label} (local slow log)`, top: c.top });
  };

  const workerDeps: WorkerDeps = {
    config: o.config,
    slack,
    store,
    log: o.log,
    runners: {
      report: clusterAwareReportRunner as JobRunner,
      health: healthRunner as JobRunner,
      schedules: schedulesRunner as JobRunner,
      digest: digestRunner as JobRunner,
      unfurl: makeUnfurlRunner(directoryHeadlines(o.outDir)) as JobRunner,
      review: makeReviewRunner(async () => {
        if (!o.mysqlUrl) throw new Error('no local database');
        return { url: `${o.mysqlUrl}game`, target: 'gamedb1' };
      }) as JobRunner,
    },
  };

  return {
    // Lambda would queue this and run the worker elsewhere; here it runs after the ingress answers.
    handoff: async (job: JobPayload) => {
      pending.push(new Promise<void>((resolve) => setImmediate(resolve)).then(() => processJob(job, workerDeps, () => 120_000)));
    },
    async idle() {
      const out: Outcome[] = [];
      while (pending.length > 0) out.push(await pending.shift()!);
      return out;
    },
    reports,
    store,
    slack,
    setScenario(next) {
      scenario = next;
    },
    schedules,
    async fireSchedule(name, at) {
      const s = schedules.get(name);
      if (!s) throw new Error(`no schedule ${name}`);
      const event = JSON.parse(
        s.input
          .replace('<aws.scheduler.execution-id>', `demo-${at.getTime().toString(36)}`)
          .replace('<aws.scheduler.scheduled-time>', at.toISOString().replace(/\.\d{3}Z$/, 'Z')),
      );
      // What the worker handler does with any invocation: validate it as a job payload, then run it.
      const checked = checkJobPayload(event);
      if (!checked.ok) throw new Error(`the scheduled input is not a job: ${checked.problems.join('; ')}`);
      return processJob(checked.job, workerDeps, () => 120_000);
    },
  };
}

export function createDemoBot(o: DemoBotOptions): DemoBot {
  const worker = createLocalWorker(o);
  const { store, slack } = worker;
  const { receiver } = createIngress({ config: o.config, log: o.log, handoff: worker.handoff });
  const started = receiver.start();

  const alertDeps: AlertDeps = { store, slack, log: o.log, now: Date.now, targets: o.config.targets };
  const triage = bedrockTriage(o.config.bedrock, o.log, 8_000);
  if (triage) alertDeps.triage = triage;
  const runtime: AlertsRuntime = { deps: alertDeps, levelRules: o.config.alertLevels };
  const alerts = createAlertsHandler(() => runtime);
  const context = { getRemainingTimeInMillis: () => 3_000, awsRequestId: 'demo' } as unknown as Context;

  return {
    async slack(event) {
      const handler = (await started) as unknown as (e: unknown, c: unknown) => Promise<{ statusCode: number; body?: string }>;
      return handler(event, context);
    },
    alerts: (event) => alerts(event, { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'demo' }),
    idle: () => worker.idle(),
    reports: worker.reports,
    store,
    setScenario: (next) => worker.setScenario(next),
    schedules: worker.schedules,
    fireSchedule: (name, at) => worker.fireSchedule(name, at),
  };
}
