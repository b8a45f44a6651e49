/**
 * The `slack` Lambda end to end: real signed API Gateway v2 events into the real handler (Bolt +
 * AwsLambdaReceiver), the Web API pointed at a local Slack stand-in, the hand-off through the real
 * Lambda client with aws-sdk-client-mock.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { appMentionEvent, blockActionEvent, messageShortcutEvent, slashCommandEvent } from '../../scripts/lib/slack-requests';
import { resetClients } from '../../src/aws/clients';
import { MAX_JOB_BYTES, MAX_REVIEW_BYTES } from '../../src/core/limits';
import { resetConfigCache } from '../../src/config/env';
import { handler, resetIngress } from '../../src/handlers/slack';
import { checkJobPayload, type CommandJob, type JobPayload } from '../../src/jobs/payload';
import { SIGNING_SECRET, testEnv } from '../support/env';

const lambda = mockClient(LambdaClient);
const fake = new SlackFake();
const context = { getRemainingTimeInMillis: () => 3000, functionName: 'slack' } as unknown as Context;
const sign = { signingSecret: SIGNING_SECRET };
let savedEnv: NodeJS.ProcessEnv;

function invokedJobs(): JobPayload[] {
  return lambda.commandCalls(InvokeCommand).map((c) => {
    const checked = checkJobPayload(JSON.parse(Buffer.from(c.args[0].input.Payload as Uint8Array).toString('utf8')));
    if (!checked.ok) throw new Error(`the worker would refuse this job: ${checked.problems.join('; ')}`);
    return checked.job;
  });
}

beforeAll(async () => {
  await fake.start();
  savedEnv = { ...process.env };
});
afterAll(async () => {
  process.env = savedEnv;
  await fake.stop();
});
beforeEach(() => {
  Object.assign(process.env, testEnv(fake.apiUrl));
  resetConfigCache();
  resetIngress();
  resetClients();
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  fake.reset();
});
afterEach(() => {
  lambda.reset();
});

describe('slash commands', () => {
  it('acks a report request, posts the placeholder and hands the parsed job to the worker', async () => {
    const res = await handler(
      slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: 'C1', user_id: 'U7', response_url: fake.responseUrl('a') }, sign),
      context,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body ?? '').toBe('');

    const posted = fake.callsTo('chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.params.channel).toBe('C1');
    expect(posted[0]!.params.text).toBe('Working on report for gamedb1-1, last 6 hours…');
    expect(posted[0]!.token).toBe('xoxb-test-token-1234');

    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({ FunctionName: 'dbassist-test-worker', InvocationType: 'Event' });
    const job = invokedJobs()[0] as CommandJob;
    expect(job.kind).toBe('command');
    expect(job.command).toEqual({ verb: 'report', target: 'gamedb1-1', window: { ms: 6 * 3_600_000, label: '6h', human: '6 hours' } });
    const placeholderTs = fake.messages[0]!.ts;
    expect(job.origin).toEqual({
      team: 'T1',
      channel: 'C1',
      user: 'U7',
      responseUrl: fake.responseUrl('a'),
      reply: 'thread',
      placeholderTs,
      threadTs: placeholderTs,
    });
    const raw = JSON.stringify(job);
    expect(raw).not.toContain(SIGNING_SECRET);
    expect(raw).not.toContain('xoxb-');
    expect(raw).not.toContain('trigger_id');
  });

  it('answers a typo with the usage line and a suggestion, and runs nothing', async () => {
    const res = await handler(slashCommandEvent({ text: 'reprot gamedb1-1 6h' }, sign), context);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body!);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Did you mean `report`?');
    expect(JSON.stringify(body.blocks)).toContain('/dbassist report &lt;instance|cluster&gt; [window]');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
  });

  it('rejects a window out of range', async () => {
    const res = await handler(slashCommandEvent({ text: 'report gamedb1-1 30d' }, sign), context);
    expect(JSON.parse(res.body!).text).toContain('between 5 minutes and 14 days');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('refuses a target the channel may not use, saying why', async () => {
    const res = await handler(slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: 'C9' }, sign), context);
    const body = JSON.parse(res.body!);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('not allowed to run `report` on `gamedb1-1`');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
  });

  it('names the closest known target for an unknown one', async () => {
    const res = await handler(slashCommandEvent({ text: 'report gamedb1-3 6h' }, sign), context);
    expect(JSON.parse(res.body!).text).toMatch(/I don't know `gamedb1-3`\. Did you mean `gamedb1-1`\?/);
  });

  it('answers help at once', async () => {
    const res = await handler(slashCommandEvent({ text: 'help' }, sign), context);
    const body = JSON.parse(res.body!);
    expect(body.response_type).toBe('ephemeral');
    for (const verb of ['report', 'review', 'digest', 'subscribe', 'unsubscribe', 'subscriptions', 'instances'])
      expect(JSON.stringify(body.blocks)).toContain(`/dbassist ${verb}`);
  });

  it.each([
    ['a forged signature', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['the wrong secret', { signingSecret: 'another-secret-0123456789abcdef' }],
  ])('rejects %s with 401 and runs nothing', async (_name, override) => {
    const res = await handler(slashCommandEvent({ text: 'report gamedb1-1 6h' }, { ...sign, ...override }), context);
    expect(res.statusCode).toBe(401);
    expect(fake.calls).toHaveLength(0);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('still hands off when the placeholder cannot be posted, so the worker answers through response_url', async () => {
    fake.notInChannel.add('C1');
    const res = await handler(slashCommandEvent({ text: 'report gamedb1-1 6h', response_url: fake.responseUrl('b') }, sign), context);
    expect(res.statusCode).toBe(200);
    const job = invokedJobs()[0]!;
    expect(job.origin.placeholderTs).toBeUndefined();
    expect(job.origin.responseUrl).toBe(fake.responseUrl('b'));
  });

  it('turns a failed hand-off into a visible failure instead of silence', async () => {
    lambda.on(InvokeCommand).rejects(new Error('TooManyRequestsException'));
    const res = await handler(slashCommandEvent({ text: 'report gamedb1-1 6h' }, sign), context);
    const body = JSON.parse(res.body!);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('could not start');
    const edited = fake.callsTo('chat.update');
    expect(edited).toHaveLength(1);
    expect(edited[0]!.params.text).toContain('failed');
  });

  it('uses the channel default target for a review and sends subscriptions ephemerally', async () => {
    await handler(slashCommandEvent({ text: 'review SELECT * FROM users', channel_id: 'C1' }, sign), context);
    await handler(slashCommandEvent({ text: 'subscribe gamedb1 --severity critical', channel_id: 'C1' }, sign), context);
    const [review, sub] = invokedJobs() as CommandJob[];
    expect(review!.command).toEqual({ verb: 'review', sql: 'SELECT * FROM users', target: 'gamedb1' });
    expect(sub!.command).toMatchObject({ verb: 'subscribe', pattern: 'gamedb1', level: 'critical' });
    expect(sub!.origin.reply).toBe('ephemeral');
  });

  it('decodes Slack escaping and auto-links in pasted SQL', async () => {
    await handler(
      slashCommandEvent({ text: 'review SELECT * FROM <http://game.users|game.users> WHERE level &gt; 3 &amp;&amp; 1', channel_id: 'C1' }, sign),
      context,
    );
    expect((invokedJobs()[0] as CommandJob).command).toMatchObject({ sql: 'SELECT * FROM game.users WHERE level > 3 && 1' });
  });
});

describe('mentions', () => {
  it('hands off pasted SQL as a review in the thread, once, even when Slack retries', async () => {
    const event = { text: "<@UBOT> ```sql\nSELECT * FROM users WHERE name LIKE '%kim'\n```", event_id: 'Ev001', ts: '1700000000.000200', channel: 'C1' };
    const first = await handler(appMentionEvent(event, sign), context);
    const retry = await handler(appMentionEvent(event, { ...sign, retryNum: 1 }), context);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    const jobs = invokedJobs() as CommandJob[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.command).toEqual({ verb: 'review', sql: "SELECT * FROM users WHERE name LIKE '%kim'", target: 'gamedb1' });
    expect(jobs[0]!.origin).toMatchObject({ channel: 'C1', threadTs: '1700000000.000200', eventId: 'Ev001', reply: 'thread' });
  });

  it('reads a base64-encoded body as UTF-8 (Korean comments survive)', async () => {
    await handler(appMentionEvent({ text: '<@UBOT> on gamedb1 SELECT id FROM users -- 사용자 조회', event_id: 'Ev002' }, { ...sign, base64: true }), context);
    expect((invokedJobs()[0] as CommandJob).command).toEqual({ verb: 'review', target: 'gamedb1', sql: 'SELECT id FROM users -- 사용자 조회' });
  });

  it('runs a verb after the mention and answers bad grammar in the thread', async () => {
    await handler(appMentionEvent({ text: '<@UBOT> report gamedb1-2 2h', event_id: 'Ev003' }, sign), context);
    expect((invokedJobs()[0] as CommandJob).command).toMatchObject({ verb: 'report', target: 'gamedb1-2', window: { label: '2h' } });
    await handler(appMentionEvent({ text: '<@UBOT> digest gamedb1-2 99w', event_id: 'Ev004', ts: '1700000001.000100' }, sign), context);
    const reply = fake.callsTo('chat.postMessage').at(-1)!;
    expect(reply.params.thread_ts).toBe('1700000001.000100');
    expect(reply.params.text).toContain('between 5 minutes and 14 days');
  });

  it('hands off any paste up to the one input limit, however it escapes, and refuses one byte more with the same message everywhere', async () => {
    // Quotes, backslashes, newlines and tabs double under JSON escaping (the old hand-off overflowed on them).
    const unit = `SELECT '${'"\\'.repeat(20)}😀한' FROM t;\n\t`;
    const prefix = '<@UBOT> ';
    const sql = unit.repeat(Math.floor(MAX_REVIEW_BYTES / Buffer.byteLength(unit)));
    const atLimit = `${sql}${'x'.repeat(MAX_REVIEW_BYTES - Buffer.byteLength(sql))}`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_REVIEW_BYTES);
    expect(Buffer.byteLength(JSON.stringify(atLimit))).toBeGreaterThan(MAX_JOB_BYTES);
    await handler(appMentionEvent({ text: `${prefix}${atLimit}`, event_id: 'Ev010', channel: 'C1' }, sign), context);
    const payload = Buffer.from(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array);
    expect(payload.length).toBeLessThanOrEqual(MAX_JOB_BYTES);
    expect((invokedJobs()[0] as CommandJob).command).toMatchObject({ verb: 'review', sql: atLimit.trim() });

    lambda.resetHistory();
    const over = `${atLimit}${'y'.repeat(MAX_REVIEW_BYTES - Buffer.byteLength(atLimit) + 1)}`;
    await handler(appMentionEvent({ text: `${prefix}${over}`, event_id: 'Ev011', channel: 'C1', ts: '1700000002.000100' }, sign), context);
    expect(invokedJobs()).toHaveLength(0);
    const reply = fake.callsTo('chat.postMessage').at(-1)!;
    expect(reply.params.text).toBe(
      `Not reviewed: the SQL is ${Math.ceil(Buffer.byteLength(over) / 1024)} KB, over the 176 KB limit per request. Split the script into smaller parts.`,
    );
    expect(reply.params.thread_ts).toBe('1700000002.000100');
  });

  it('never echoes decoded user text as markup: `help &lt;!channel&gt;` answers without a real <!channel>', async () => {
    await handler(
      appMentionEvent({ text: '<@UBOT> help &lt;!channel&gt; &amp; <!subteam^S1|@dba>', event_id: 'Ev0esc', ts: '1700000002.000100' }, sign),
      context,
    );
    const reply = fake.callsTo('chat.postMessage').at(-1)!;
    expect(reply.params.text).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(reply.params)).not.toMatch(/<!channel>|<!subteam/);
    await handler(slashCommandEvent({ text: 'report <!channel>', response_url: fake.responseUrl('esc') }, sign), context);
    expect(fake.problems).toEqual([]);
  });

  it('the "Review SQL" message shortcut reviews the message on the channel default, answering in its thread', async () => {
    const res = await handler(
      messageShortcutEvent(
        { callbackId: 'review_sql', text: "SELECT * FROM users WHERE nickname &lt;&gt; 'x'", channel: 'C1', messageTs: '1700000003.000100' },
        sign,
      ),
      context,
    );
    expect(res.statusCode).toBe(200);
    const job = invokedJobs()[0] as CommandJob;
    expect(job.command).toEqual({ verb: 'review', target: 'gamedb1', sql: "SELECT * FROM users WHERE nickname <> 'x'" });
    expect(job.origin).toMatchObject({ channel: 'C1', threadTs: '1700000003.000100', reply: 'thread' });
    // A target the user may not use here: refused privately, nothing started.
    lambda.reset();
    await handler(messageShortcutEvent({ callbackId: 'review_sql', text: 'on billingdb SELECT 1', channel: 'C1', user: 'U2' }, sign), context);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(fake.callsTo('chat.postEphemeral').at(-1)!.params).toMatchObject({ channel: 'C1', user: 'U2' });
  });

  it('refuses privately when the user may not review on the target', async () => {
    await handler(appMentionEvent({ text: '<@UBOT> on billingdb SELECT 1', event_id: 'Ev005', channel: 'C1' }, sign), context);
    expect(invokedJobs()).toHaveLength(0);
    expect(fake.ephemerals.at(-1)!.text).toContain('not allowed to run `review` on `billingdb`');
  });
});

describe('buttons', () => {
  it('re-runs a report for 24h in the thread of the clicked message', async () => {
    const res = await handler(
      blockActionEvent(
        {
          actionId: 'report_rerun_24h',
          value: JSON.stringify({ target: 'gamedb1-1' }),
          channel: 'C1',
          messageTs: '1700000000.000900',
          threadTs: '1700000000.000100',
        },
        sign,
      ),
      context,
    );
    expect(res.statusCode).toBe(200);
    const job = invokedJobs()[0] as CommandJob;
    expect(job.command).toMatchObject({ verb: 'report', target: 'gamedb1-1', window: { label: '1d' } });
    expect(fake.callsTo('chat.postMessage')[0]!.params.thread_ts).toBe('1700000000.000100');
  });

  it('authorizes the clicking user like a typed command', async () => {
    await handler(blockActionEvent({ actionId: 'report_rerun_1h', value: JSON.stringify({ target: 'billingdb' }), channel: 'C1', user: 'U7' }, sign), context);
    expect(invokedJobs()).toHaveLength(0);
    expect(fake.ephemerals.at(-1)!.text).toContain('not allowed');
  });

  it('rejects a malformed button value', async () => {
    await handler(blockActionEvent({ actionId: 'report_rerun_1h', value: '{"target":"x; DROP"}', channel: 'C1' }, sign), context);
    expect(invokedJobs()).toHaveLength(0);
    expect(fake.ephemerals.at(-1)!.text).toContain('malformed');
  });
});

describe('alert buttons', () => {
  const key = 'a'.repeat(40);

  it('acknowledges through the worker, answering the clicker privately without replacing the alert', async () => {
    await handler(
      blockActionEvent(
        { actionId: 'alert_ack', value: JSON.stringify({ k: key, t: 'gamedb1-1' }), channel: 'C1', user: 'U7', messageTs: '1700000000.000300' },
        sign,
      ),
      context,
    );
    const job = invokedJobs()[0]!;
    expect(job).toMatchObject({
      kind: 'alert-action',
      action: { type: 'ack', incidentKey: key, messageTs: '1700000000.000300' },
      origin: { channel: 'C1', user: 'U7', reply: 'ephemeral' },
    });
    expect(job.origin.replaceOriginal).toBeUndefined();
  });

  it('mutes for 24 hours and starts a 1-hour report in the alert thread', async () => {
    await handler(blockActionEvent({ actionId: 'alert_mute_24h', value: JSON.stringify({ k: key, t: 'gamedb1-1' }), channel: 'C1' }, sign), context);
    await handler(
      blockActionEvent({ actionId: 'alert_report', value: JSON.stringify({ k: key, t: 'gamedb1-1' }), channel: 'C1', messageTs: '1700000000.000400' }, sign),
      context,
    );
    const [mute, report] = invokedJobs();
    expect(mute).toMatchObject({ kind: 'alert-action', action: { type: 'mute', muteMinutes: 1440 } });
    expect(report).toMatchObject({
      kind: 'command',
      command: { verb: 'report', target: 'gamedb1-1', window: { label: '1h' } },
      origin: { threadTs: '1700000000.000400' },
    });
    expect(fake.callsTo('chat.postMessage').at(-1)!.params.thread_ts).toBe('1700000000.000400');
  });

  it('authorizes alert buttons like commands and rejects forged values', async () => {
    await handler(blockActionEvent({ actionId: 'alert_ack', value: JSON.stringify({ k: key, t: 'billingdb' }), channel: 'C1', user: 'U7' }, sign), context);
    await handler(blockActionEvent({ actionId: 'alert_ack', value: JSON.stringify({ k: '../../etc', t: 'gamedb1' }), channel: 'C1' }, sign), context);
    expect(invokedJobs()).toHaveLength(0);
    expect(fake.ephemerals.map((e) => e.text)).toEqual([expect.stringContaining('not allowed'), expect.stringContaining('invalid incident key')]);
  });
});

describe('malformed requests', () => {
  it('answers 400 to an unparseable body, signed or not, and keeps its state (recent event ids)', async () => {
    const event = { text: '<@UBOT> SELECT 1', event_id: 'EvKeep', channel: 'C1' };
    expect((await handler(appMentionEvent(event, sign), context)).statusCode).toBe(200);
    const garbage = { ...slashCommandEvent({ text: 'help' }, sign), body: '{not json', headers: { 'content-type': 'application/json' } };
    expect(await handler(garbage, context)).toEqual({ statusCode: 400, body: 'Bad Request' });
    const badPayload = {
      ...slashCommandEvent({ text: 'help' }, sign),
      body: 'payload=%7Bnope',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
    expect((await handler(badPayload, context)).statusCode).toBe(400);
    expect((await handler({ ...garbage, body: undefined }, context)).statusCode).toBe(400);
    // Slack's retry of the mention reaches the same warm container: still answered once.
    expect((await handler(appMentionEvent(event, { ...sign, retryNum: 1 }), context)).statusCode).toBe(200);
    expect(invokedJobs()).toHaveLength(1);
  });
});

describe('other workspaces (Slack Connect)', () => {
  it('refuses a slash command, a mention and a button from a team the bot does not serve', async () => {
    const cmd = await handler(slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: 'C1', team_id: 'TOTHER' }, sign), context);
    expect(JSON.parse(cmd.body!).text).toContain('only the workspaces it was set up for');
    const help = await handler(slashCommandEvent({ text: 'help', channel_id: 'C1', team_id: 'TOTHER' }, sign), context);
    expect(JSON.parse(help.body!).text).toContain('only the workspaces it was set up for');
    await handler(appMentionEvent({ text: '<@UBOT> SELECT 1', event_id: 'EvExt', channel: 'C1', user: 'UEXT', user_team: 'TOTHER' }, sign), context);
    expect(fake.ephemerals.at(-1)).toMatchObject({ user: 'UEXT', text: expect.stringContaining('only the workspaces') });
    await handler(
      blockActionEvent(
        { actionId: 'alert_ack', value: JSON.stringify({ k: 'a'.repeat(40), t: 'gamedb1-1' }), channel: 'C1', user: 'UEXT', team_id: 'TOTHER' },
        sign,
      ),
      context,
    );
    expect(fake.ephemerals.at(-1)!.text).toContain('only the workspaces');
    expect(invokedJobs()).toHaveLength(0);
  });
});

describe('secrets from Secrets Manager', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());

  it('reads the signing secret and bot token once per container, never from plain variables', async () => {
    Object.assign(process.env, {
      SLACK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:dbassist/slack-signing-AbCdEf',
      SLACK_BOT_TOKEN_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:dbassist/slack-bot-AbCdEf',
    });
    delete process.env.SLACK_SIGNING_SECRET;
    delete process.env.SLACK_BOT_TOKEN;
    sm.on(GetSecretValueCommand, { SecretId: process.env.SLACK_SIGNING_SECRET_ARN }).resolves({ SecretString: SIGNING_SECRET });
    sm.on(GetSecretValueCommand, { SecretId: process.env.SLACK_BOT_TOKEN_ARN }).resolves({
      SecretString: JSON.stringify({ SLACK_BOT_TOKEN: 'xoxb-from-secrets-manager' }),
    });
    expect((await handler(slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: 'C1' }, sign), context)).statusCode).toBe(200);
    expect((await handler(slashCommandEvent({ text: 'report gamedb1-1 1h', channel_id: 'C1' }, sign), context)).statusCode).toBe(200);
    expect(fake.callsTo('chat.postMessage').map((c) => c.token)).toEqual(['xoxb-from-secrets-manager', 'xoxb-from-secrets-manager']);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2); // one per secret, not per request
    delete process.env.SLACK_SIGNING_SECRET_ARN;
    delete process.env.SLACK_BOT_TOKEN_ARN;
  });

  it('answers 500 when a secret cannot be read, naming the problem, not the value, and tries again later', async () => {
    Object.assign(process.env, { SLACK_BOT_TOKEN_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:dbassist/slack-bot-AbCdEf' });
    delete process.env.SLACK_BOT_TOKEN;
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/x is not authorized'), { name: 'AccessDeniedException' }),
    );
    const lines: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) =>
      vi.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      }),
    );
    try {
      expect((await handler(slashCommandEvent({ text: 'help' }, sign), context)).statusCode).toBe(500);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const logged = lines.join('');
    expect(logged).toContain('SLACK_BOT_TOKEN could not be read from SLACK_BOT_TOKEN_ARN (AccessDeniedException)');
    expect(logged).not.toContain('123456789012');
    sm.reset();
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'xoxb-fixed-later' });
    expect((await handler(slashCommandEvent({ text: 'help' }, sign), context)).statusCode).toBe(200);
    delete process.env.SLACK_BOT_TOKEN_ARN;
  });
});

describe('configuration at start', () => {
  it('answers 500 and names no secret when the environment is incomplete', async () => {
    delete process.env.SLACK_BOT_TOKEN;
    resetConfigCache();
    const res = await handler(slashCommandEvent({ text: 'help' }, sign), context);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain(SIGNING_SECRET);
  });
});
