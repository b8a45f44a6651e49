/**
 * Report link previews end to end: a real report through the worker (S3 through aws-sdk-client-mock,
 * performance_schema on the harness MariaDB), its link shared in Slack — a signed link_shared event into
 * the real `slack` handler (Bolt), the hand-off through the real Lambda client — and the `unfurl` job run
 * by the worker against the Slack stand-in, which checks chat.unfurl like Slack (announced URLs only,
 * channel+ts or unfurl_id+source, block limits). Content is shown only to those who may see it.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { linkSharedEvent, linkSharedFields, type LinkSharedFields } from '../../scripts/lib/slack-requests';
import { resetClients } from '../../src/aws/clients';
import { loadConfig, resetConfigCache } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { parseWindow } from '../../src/core/window';
import { handler as slackHandler, resetIngress } from '../../src/handlers/slack';
import { checkJobPayload, type CommandJob, type JobPayload } from '../../src/jobs/payload';
import { createLinkToken } from '../../src/publish/link-token';
import { readHeadline } from '../../src/report/headline';
import { slackClientOptions } from '../../src/slack/client-options';
import { MemoryStateStore } from '../../src/state/store';
import { processJob } from '../../src/worker/process';
import { awsFakes } from '../support/aws-fakes';
import { SIGNING_SECRET, testEnv } from '../support/env';

const aws = awsFakes();
const lambda = mockClient(LambdaClient);
const fake = new SlackFake();
const sign = { signingSecret: SIGNING_SECRET };
const context = { getRemainingTimeInMillis: () => 3000, functionName: 'slack' } as unknown as Context;
let env: Record<string, string | undefined>;
let saved: NodeJS.ProcessEnv;
/** What the report job uploaded, by key. */
const uploaded = new Map<string, string>();
let reportUrl: string;
let prefix: string;

function worker() {
  const config = loadConfig(env);
  return {
    config,
    slack: new WebClient(config.slack.botToken, { ...slackClientOptions('worker', config.slack), retryConfig: { retries: 0 } }),
    store: new MemoryStateStore(),
    log: createLogger({}, () => undefined),
  };
}

beforeAll(async () => {
  await fake.start();
  env = testEnv(fake.apiUrl);
  saved = { ...process.env };
  Object.assign(process.env, env);
  resetConfigCache();
  aws.install(inject('mysqlUrl'), new Date());
  const job: CommandJob = {
    kind: 'command',
    id: 'job-report',
    requestedAt: new Date().toISOString(),
    origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1700000000.000100' },
    command: { verb: 'report', target: 'gamedb1-1', window: parseWindow('1h') },
  };
  expect(await processJob(job, worker(), () => 120_000)).toBe('done');
  for (const c of aws.s3.commandCalls(PutObjectCommand)) uploaded.set(c.args[0].input.Key!, String(c.args[0].input.Body));
  reportUrl = /https:\/\/api\.example\.test\/r\/[A-Za-z0-9_.-]+/.exec(JSON.stringify(fake.thread('C1', '1700000000.000100').at(-1)!.blocks))![0];
  prefix = [...uploaded.keys()].find((k) => k.endsWith('/report.html'))!.slice(0, -'report.html'.length);
}, 60_000);
afterAll(async () => {
  process.env = saved;
  resetConfigCache();
  resetClients();
  lambda.restore();
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  resetIngress();
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  aws.s3.reset();
  aws.s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const body = uploaded.get(input.Key);
    if (body === undefined) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => body }, ContentLength: Buffer.byteLength(body) };
  });
});

function handedOff(): JobPayload[] {
  return lambda.commandCalls(InvokeCommand).map((c) => {
    const checked = checkJobPayload(JSON.parse(Buffer.from(c.args[0].input.Payload as Uint8Array).toString('utf8')));
    if (!checked.ok) throw new Error(`the worker would refuse this job: ${checked.problems.join('; ')}`);
    return checked.job;
  });
}

/** Shares links in Slack: the event reaches the ingress, and whatever it hands off runs in the worker. */
async function share(f: LinkSharedFields, envelope: { team_id?: string; enterprise_id?: string; event_id?: string } = {}) {
  lambda.resetHistory();
  const before = fake.unfurls.length;
  const event = linkSharedFields(f);
  fake.shareLinks(event);
  const res = await slackHandler(linkSharedEvent(event, sign, envelope), context);
  expect(res.statusCode).toBe(200);
  const jobs = handedOff();
  const outcomes = [];
  for (const job of jobs) outcomes.push(await processJob(job, worker(), () => 60_000));
  return { event, jobs, outcomes, unfurls: fake.unfurls.slice(before).flatMap((u) => Object.entries(u.unfurls as Record<string, { blocks: unknown[] }>)) };
}

const text = (x: unknown) => JSON.stringify(x);
const headlineReads = () => aws.s3.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key!.endsWith('/headline.json'));

describe('report link previews', () => {
  it("a shared report link unfurls with the report's verdict, cause and evidence, and an Open report button", async () => {
    const headline = readHeadline(uploaded.get(`${prefix}headline.json`)!)!;
    expect(headline.cause).toBeDefined();
    const { jobs, outcomes, unfurls, event } = await share({ urls: [reportUrl], channel: 'C1', user: 'U1' });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'unfurl', links: [reportUrl], unfurlId: event.unfurl_id, botInChannel: true });
    expect(outcomes).toEqual(['done']);
    expect(fake.unfurls).toHaveLength(1);
    expect(fake.unfurls[0]).toMatchObject({ unfurl_id: event.unfurl_id, source: 'conversations_history' });
    const [[url, attachment]] = unfurls as [[string, { blocks: unknown[]; color: string }]];
    expect(url).toBe(reportUrl);
    const shown = text(attachment.blocks);
    expect(shown).toContain(`${headline.verdict.level.toUpperCase()} · gamedb1-1`);
    expect(shown).toContain('Likely cause');
    // The cause's summary as Slack shows it (escaped), and its first line of evidence.
    expect(shown).toContain(text(headline.cause!.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 60)).slice(1, -1));
    expect(shown).toContain(text(headline.cause!.evidence[0]!.text.replace(/&/g, '&amp;').slice(0, 40)).slice(1, -1));
    expect(shown).toMatch(/link valid until \w{3} \d{1,2} \d\d:\d\d UTC/);
    expect(attachment.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'report_open', text: { type: 'plain_text', text: 'Open report' }, url: reportUrl }],
    });
    expect(headlineReads()).toHaveLength(1);
  });

  it('links that are not ours are ignored: other domains, other paths on our domain', async () => {
    const none = await share({ urls: ['https://example.org/docs', 'https://api.example.test/slack/events'], channel: 'C1' });
    expect(none.jobs).toEqual([]); // nothing report-shaped: the worker is not even started
    const foreign = `https://evil.example.net/r/${new URL(reportUrl).pathname.split('/')[2]}`;
    const mixed = await share({ urls: [foreign, reportUrl, 'https://example.org/x'], channel: 'C1' });
    expect(mixed.jobs).toHaveLength(1);
    expect((mixed.jobs[0] as { links: string[] }).links).toEqual([foreign, reportUrl]); // shape only at the ingress
    expect(mixed.unfurls.map(([u]) => u)).toEqual([reportUrl]); // domain checked by the worker
    fake.reset();
    const onlyForeign = await share({ urls: [foreign], channel: 'C1' });
    expect(onlyForeign.outcomes).toEqual(['done']);
    expect(fake.callsTo('chat.unfurl')).toEqual([]);
  });

  it('a tampered or expired link gets a notice and nothing of the report is read', async () => {
    const token = new URL(reportUrl).pathname.split('/')[2]!;
    const [body, sig] = token.split('.') as [string, string];
    const forged = createLinkToken({ k: prefix, exp: Math.floor(Date.now() / 1000) + 86_400 }, 'another-secret-0123456789abcdef0123456789');
    const tampered = `https://api.example.test/r/${body.slice(0, -1)}${body.endsWith('A') ? 'B' : 'A'}.${sig}`;
    const wrongKey = `https://api.example.test/r/${forged}`;
    const expired = `https://api.example.test/r/${createLinkToken({ k: prefix, exp: Math.floor(Date.now() / 1000) - 60 }, env.DBASSIST_LINK_SECRET!)}`;
    const { unfurls } = await share({ urls: [tampered, wrongKey, expired], channel: 'C1', user: 'U1' });
    const byUrl = new Map(unfurls);
    expect(text(byUrl.get(tampered))).toContain('This dbassist report link is not valid');
    expect(text(byUrl.get(wrongKey))).toContain('This dbassist report link is not valid');
    expect(text(byUrl.get(expired))).toContain('This dbassist report link has expired');
    for (const [, a] of unfurls) {
      expect(text(a)).not.toContain('gamedb1-1');
      expect(text(a)).not.toContain('Open report');
    }
    expect(aws.s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('a sharer without access to the instance, or a channel the bot is not in, gets a bare preview without content', async () => {
    // U5 may report on gamedb* only in C1 (DBASSIST_ACCESS in test/support/env.ts); UADMIN anywhere.
    const outside = await share({ urls: [reportUrl], channel: 'C9', user: 'U5' });
    const notMember = await share({ urls: [reportUrl], channel: 'C1', user: 'U1', is_bot_user_member: false });
    for (const { unfurls } of [outside, notMember]) {
      const [[, a]] = unfurls as [[string, unknown]];
      expect(text(a)).toContain('dbassist report* — open it to view.');
      expect(text(a)).not.toMatch(/gamedb1|Likely cause|CRITICAL|DEGRADED|HEALTHY/);
      expect(text(a)).toContain('Open report');
    }
    expect(headlineReads()).toHaveLength(0);
    const admin = await share({ urls: [reportUrl], channel: 'C9', user: 'UADMIN' });
    expect(text(admin.unfurls[0]![1])).toContain('Likely cause');
  });

  it('previews nothing for the composer, another workspace, or a retried event', async () => {
    const composer = await share({ urls: [reportUrl], source: 'composer', user: 'U1' });
    expect(composer.jobs).toEqual([]);
    const other = await share({ urls: [reportUrl], channel: 'C1', user: 'U1' }, { team_id: 'T9' });
    expect(other.jobs).toEqual([]);
    const event = linkSharedFields({ urls: [reportUrl], channel: 'C1', user: 'U1' });
    fake.shareLinks(event);
    await slackHandler(linkSharedEvent(event, sign, { event_id: 'EvSAME1' }), context);
    await slackHandler(linkSharedEvent(event, { ...sign, retryNum: 1 }, { event_id: 'EvSAME1' }), context);
    expect(handedOff()).toHaveLength(1);
    expect(fake.callsTo('chat.unfurl')).toEqual([]);
  });

  it('when S3 fails, the link gets the bare preview instead of none', async () => {
    aws.s3.on(GetObjectCommand).rejects(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }));
    const { unfurls, outcomes } = await share({ urls: [reportUrl], channel: 'C1', user: 'U1' });
    expect(outcomes).toEqual(['done']);
    expect(text(unfurls[0]![1])).toContain('open it to view');
  });

  it('a report without a headline (an older report, a long review page) gets the bare preview', async () => {
    const kept = uploaded.get(`${prefix}headline.json`)!;
    uploaded.delete(`${prefix}headline.json`);
    try {
      const { unfurls } = await share({ urls: [reportUrl], channel: 'C1', user: 'U1' });
      expect(text(unfurls[0]![1])).toContain('open it to view');
      expect(headlineReads()).toHaveLength(1);
    } finally {
      uploaded.set(`${prefix}headline.json`, kept);
    }
  });
});
