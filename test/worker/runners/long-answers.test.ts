/**
 * Answers longer than Slack takes (~12,000 characters of block text, `msg_blocks_too_long`): a review
 * of a real schema migration (sakila-schema.sql) and a `digest --top 50` of a real RDS slow log go out
 * as a summary within the limits, with a `/r/` link to the whole result published to S3 (the real S3
 * client, transport mocked). The Slack stand-in refuses what Slack refuses, so an oversized answer
 * would fail here.
 */
import { readFileSync } from 'node:fs';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../../scripts/lib/slack-fake';
import { resetClients } from '../../../src/aws/clients';
import { loadConfig } from '../../../src/config/env';
import { createLogger } from '../../../src/core/log';
import { parseWindow } from '../../../src/core/window';
import { digestText } from '../../../src/digest/index';
import type { CommandJob } from '../../../src/jobs/payload';
import { blockTextLength, SLACK_LIMITS } from '../../../src/slack/message-limits';
import { MemoryStateStore } from '../../../src/state/store';
import { processJob } from '../../../src/worker/process';
import { makeDigestRunner } from '../../../src/worker/runners/digest';
import { makeReviewRunner } from '../../../src/worker/runners/review';
import type { JobRunner } from '../../../src/worker/types';
import { testEnv } from '../../support/env';

const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const fake = new SlackFake();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  s3.reset();
  logs.reset();
  resetClients();
  fake.reset();
  s3.on(PutObjectCommand).resolves({});
});

const THREAD = '1700000000.000100';
function job(command: CommandJob['command']): CommandJob {
  return {
    kind: 'command',
    id: 'j1',
    requestedAt: new Date().toISOString(),
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: THREAD, reply: 'thread' },
    command,
  };
}

async function run(j: CommandJob, runner: JobRunner<CommandJob>) {
  const deps = {
    config: loadConfig(testEnv(fake.apiUrl)),
    slack: new WebClient('xoxb-x', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
    store: new MemoryStateStore(),
    log: createLogger({}, () => undefined),
    runner: runner as JobRunner,
  };
  return processJob(j, deps as never, () => 60_000);
}

const uploads = () =>
  Object.fromEntries(s3.commandCalls(PutObjectCommand).map((c) => [String(c.args[0].input.Key).split('/').at(-1), String(c.args[0].input.Body)]));

describe('answers too long for one Slack message', () => {
  it('a review of a real migration: what fits, and the whole review as a page behind a /r/ link', async () => {
    const sql = readFileSync('test/fixtures/sakila/sakila-schema.sql', 'utf8');
    expect(await run(job({ verb: 'review', sql }), makeReviewRunner())).toBe('done');
    const answer = fake.thread('C1', THREAD).at(-1)!;
    expect(blockTextLength(answer.blocks!)).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
    const body = JSON.stringify(answer.blocks);
    expect(body).toMatch(/more statements? with findings not shown\. <https:\/\/api\.example\.test\/r\/[A-Za-z0-9._~-]+\|Full result>/);
    const files = uploads();
    expect(Object.keys(files).sort()).toEqual(['report.html', 'result.md']);
    // The page holds every statement; the answer could not have.
    const statements = (files['result.md']!.match(/^### #/gm) ?? []).length;
    expect(statements).toBeGreaterThan(20);
    expect(files['result.md']!.length).toBeGreaterThan(SLACK_LIMITS.slackTotalText);
    expect(files['report.html']).toContain('<pre>');
    expect(files['report.html']).not.toMatch(/<script/i);
  });

  it('a digest --top 50 of a real RDS slow log: the classes that fit, and the whole digest behind a link', async () => {
    const text = readFileSync('test/fixtures/slowlogs/real/rds/mysql-slowquery.log', 'utf8');
    const all = digestText(text);
    // One CloudWatch event per query, as Aurora exports the slow log.
    const entries = text.split(/(?=^# Time: )/m).filter((e) => e.includes('# Query_time'));
    logs
      .on(FilterLogEventsCommand)
      .resolves({ events: entries.map((message, i) => ({ timestamp: Date.now() - 60_000 + i, message, logStreamName: 'gamedb1-1' })) });
    const outcome = await run(job({ verb: 'digest', target: 'gamedb1-1', window: parseWindow('1h'), top: 50 }), makeDigestRunner());
    expect(outcome).toBe('done');
    const answer = fake.thread('C1', THREAD).at(-1)!;
    expect(blockTextLength(answer.blocks!)).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
    const shown = answer.blocks!.filter((b) => b.type === 'section').length;
    expect(shown).toBeLessThan(all.totals.classes);
    expect(JSON.stringify(answer.blocks)).toMatch(/more classes not shown\. <https:\/\/api\.example\.test\/r\/[^|]+\|Whole digest>/);
    const page = uploads()['result.txt']!;
    for (const c of all.classes) expect(page).toContain(`0x${c.id}`);
  });
});
