/**
 * Progress in the placeholder: a report job through the worker edits its placeholder at each stage
 * (metrics → logs → database → analysis → summary) with the elapsed time, no two edits less than
 * 1.2 s apart, and the answer replaces it last; a failure names the stage it failed in. The Slack
 * stand-in records every call with its arrival time.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { summarizeReport } from '../../src/ai/explain';
import { simulatedCollect } from '../../src/collectors/simulated/collect';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { parseWindow } from '../../src/core/window';
import type { ReportSteps } from '../../src/jobs/report';
import type { CommandJob } from '../../src/jobs/payload';
import { MemoryStateStore } from '../../src/state/store';
import { processJob } from '../../src/worker/process';
import { MIN_EDIT_GAP_MS } from '../../src/worker/progress';
import { makeReportRunner } from '../../src/worker/runners/report';
import type { JobRunner } from '../../src/worker/types';
import { testEnv } from '../support/env';

const fake = new SlackFake();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const THREAD = '1700000000.000100';
const config = () => loadConfig(testEnv(fake.apiUrl));

function job(): CommandJob {
  return {
    kind: 'command',
    id: 'j1',
    requestedAt: new Date().toISOString(),
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: THREAD, reply: 'thread' },
    command: { verb: 'report', target: 'gamedb1-1', window: parseWindow('1h') },
  };
}

function steps(collect: ReportSteps['collect']): ReportSteps {
  return {
    chooseInstance: async () => 'gamedb1-1',
    collect,
    summarize: (input, s) => summarizeReport(input, { config: config().bedrock, log: s.log, budgetMs: s.budgetMs }),
    publish: async () => ({ location: 'memory', files: [] }),
    publishing: 'nowhere',
  };
}

async function run(collect: ReportSteps['collect']) {
  const deps = {
    config: config(),
    slack: new WebClient('xoxb-x', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
    store: new MemoryStateStore(),
    log: createLogger({}, () => undefined),
    runner: makeReportRunner(() => ({ steps: steps(collect), instance: 'gamedb1-1' })) as JobRunner,
  };
  return processJob(job(), deps as never, () => 120_000);
}

const edits = () => fake.calls.filter((c) => c.method === 'chat.update');
const contextOf = (blocks: unknown) => JSON.stringify(JSON.parse(String(blocks)).at(-1));

describe('report progress in the placeholder', () => {
  it('edits the placeholder at each stage with the elapsed time, paced, and the answer comes last', async () => {
    expect(await run(simulatedCollect({ collectorMs: 900 }))).toBe('done');
    const placeholder = fake.thread('C1', THREAD)[0]!;
    const all = edits();
    const progress = all.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // Stages complete in order, and each edit shows the time so far.
    const first = contextOf(progress[0]!.params.blocks);
    expect(first).toMatch(/:hourglass_flowing_sand: metrics/);
    const done = progress.map((e) => contextOf(e.params.blocks));
    expect(done.some((c) => /:white_check_mark: metrics \d+ s.*:white_check_mark: logs \d+ s.*:hourglass_flowing_sand: database/.test(c))).toBe(true);
    for (const e of progress) expect(JSON.parse(String(e.params.blocks))[0].text.text).toMatch(/Working on it… _\d+ s_$/);
    // Paced: never two edits of the placeholder less than 1.2 s apart.
    for (let i = 1; i < all.length - 1; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(MIN_EDIT_GAP_MS - 5);
    // The answer replaces the placeholder last; no progress edit lands after it.
    expect(all.at(-1)!.params.text).toMatch(/^(HEALTHY|DEGRADED|CRITICAL): gamedb1-1/);
    expect(placeholder.text).toMatch(/^(HEALTHY|DEGRADED|CRITICAL): gamedb1-1/);
  });

  it('a failure says which stage failed', async () => {
    const outcome = await run(async (c) => {
      for (const n of ['metrics', 'slowLog', 'perfSchema']) c.onCollector?.(n, 'queued');
      c.onCollector?.('metrics', 'done');
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('CloudWatch Logs answered AccessDenied');
    });
    expect(outcome).toBe('failed');
    const answer = fake.thread('C1', THREAD)[0]!;
    expect(answer.text).toContain('the logs stage failed: CloudWatch Logs answered AccessDenied');
  });
});
