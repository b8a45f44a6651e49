/**
 * The whole bot in one process, for the demo and `npm run dev`: the real Bolt ingress handler, the
 * worker (run in-process where Lambda would invoke it asynchronously) and the alerts handler, sharing
 * one state store. Reports come from the simulated fleet with a planted scenario (with a local server's
 * performance_schema, slow log, locks and sessions when there is one) and are written to a directory
 * instead of S3.
 */
import { WebClient } from '@slack/web-api';
import type { APIGatewayProxyEventV2, Context, SNSEvent } from 'aws-lambda';
import { join } from 'node:path';
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
import type { ReportSteps } from '../../src/jobs/report';
import { simulatedCollect } from '../../src/collectors/simulated/collect';
import type { ScenarioName } from '../../src/collectors/simulated/scenarios';
import { createIngress } from '../../src/slack/app';
import { slackClientOptions } from '../../src/slack/client-options';
import { directoryPublisher } from '../../src/publish/directory';
import { digestReply } from '../../src/slack/views/digest';
import { makeReportRunner } from '../../src/worker/runners/report';
import { MemoryStateStore, type StateStore } from '../../src/state/store';
import { processJob, type Outcome, type WorkerDeps } from '../../src/worker/process';
import { makeReviewRunner } from '../../src/worker/runners/review';
import type { JobRunner } from '../../src/worker/types';
import { readFileSync } from 'node:fs';

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
  /** Time each simulated collector takes (default 0), so the placeholder shows the report's stages. */
  collectorMs?: number;
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
  const reportSteps = (config: Config): ReportSteps => ({
    chooseInstance: async () => `${[...config.targets.values()][0]?.cluster ?? 'gamedb1'}-1`,
    // The local server stands in for the instance endpoint: digests, and live locks and sessions.
    collect: simulatedCollect({
      scenario: () => scenario,
      ...(o.mysqlUrl ? { mysqlUrl: o.mysqlUrl } : {}),
      slowLog: () => localSlowLog(o.slowLog),
      ...(o.collectorMs ? { collectorMs: o.collectorMs } : {}),
    }),
    summarize: (input, s) => summarizeReport(input, { config: config.bedrock, log: s.log, budgetMs: s.budgetMs }),
    publish: async (p) => {
      const published = await directoryPublisher((r) =>
        join(
          o.outDir,
          r.instance,
          r.generatedAt
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d{3}Z$/, 'Z'),
        ),
      )(p);
      reports.push(published.location);
      return published;
    },
    publishing: `report files in ${o.outDir}`,
  });

  // The worker's report runner (progress in the placeholder, follow-up context) on the simulated fleet.
  // No link button: the report is a local file here (the demo prints its path); deployed, it is /r/{token}.
  const reportRunner = makeReportRunner((c, ctx) => {
    const target = [...ctx.config.targets.values()][0]!;
    return { steps: reportSteps(ctx.config), instance: c.target === target.name ? `${target.cluster}-1` : c.target };
  });

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
      report: reportRunner as JobRunner,
      digest: digestRunner as JobRunner,
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
  };
}
