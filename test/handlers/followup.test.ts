/**
 * Follow-up questions in a report's thread, end to end: signed slash command and mentions into the
 * real Bolt app, the worker in-process (demo-bot: the real report runner on the simulated fleet), the
 * Web API pointed at the Slack stand-in. The report's context is stored under its channel and thread;
 * `@dbassist why is CPU high?` there is answered from it — deterministically with AI off, by the model
 * (Bedrock transport mocked) with AI on — and a question it cannot answer says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBot } from '../../scripts/lib/demo-bot';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { appMentionEvent, slashCommandEvent } from '../../scripts/lib/slack-requests';
import { resetBedrockClients } from '../../src/ai/bedrock';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { followUpKey } from '../../src/jobs/report-context';
import { isFollowUpQuestion } from '../../src/slack/listeners/mention';
import { SIGNING_SECRET, testEnv } from '../support/env';

const fake = new SlackFake();
const bedrock = mockClient(BedrockRuntimeClient);
const sign = { signingSecret: SIGNING_SECRET };
let outDir: string;
beforeAll(async () => {
  await fake.start();
  outDir = mkdtempSync(join(tmpdir(), 'dbassist-followup-'));
});
afterAll(async () => {
  await fake.stop();
  rmSync(outDir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  bedrock.reset();
  resetBedrockClients();
});

function bot(ai: 'on' | 'off') {
  return createDemoBot({ config: loadConfig(testEnv(fake.apiUrl, { DBASSIST_AI: ai })), log: createLogger({}, () => undefined), outDir });
}

/** Runs a report in C1 and returns the thread it was posted in. */
async function report(b: ReturnType<typeof bot>): Promise<string> {
  await b.slack(slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: 'C1', user_id: 'U7', response_url: fake.responseUrl() }, sign));
  expect(await b.idle()).toEqual(['done']);
  const root = fake.messages.find((m) => m.channel === 'C1' && !m.thread_ts)!;
  expect(root.text).toMatch(/^(DEGRADED|CRITICAL): gamedb1-1/);
  return root.ts;
}

async function ask(b: ReturnType<typeof bot>, thread: string, question: string) {
  const before = fake.thread('C1', thread).length;
  await b.slack(appMentionEvent({ text: `<@UBOT> ${question}`, channel: 'C1', thread_ts: thread, ts: `${thread.split('.')[0]}.9${before}0000` }, sign));
  await b.idle();
  return fake.thread('C1', thread).at(-1)!;
}

describe('what is a follow-up question', () => {
  it('questions are; SQL, commands and SQL after a question are not', () => {
    for (const q of ['why is CPU high?', 'what ran at 03:05?', 'how many connections were there', 'Was there a failover?'])
      expect(isFollowUpQuestion(q), q).toBe(true);
    for (const q of [
      'SELECT * FROM users WHERE id = 1',
      'report gamedb1-1 6h',
      'is this ok? SELECT id FROM users WHERE a = 1',
      '```sql\nDELETE FROM t\n```',
      'help',
    ])
      expect(isFollowUpQuestion(q), q).toBe(false);
  });
});

describe('follow-up questions in a report thread', () => {
  it('answers "why is CPU high?" from the stored report with figures and times, without AI', async () => {
    const b = bot('off');
    const thread = await report(b);
    expect(await b.store.get(followUpKey('C1', thread))).toBeDefined();
    const answer = await ask(b, thread, 'why is CPU high?');
    const body = JSON.stringify(answer.blocks);
    expect(answer.text).toContain('From the report on gamedb1-1 (last 6h');
    expect(body).toMatch(/CPU/);
    expect(body).toMatch(/\b\d{2}:\d{2}\b/); // a time
    expect(body).toMatch(/\d+(\.\d+)? ?%|\d+(\.\d+)? (Percent|s)\b/); // a figure
    expect(body).toContain('Matched from the report');
  });

  it('says when the report cannot answer, and what it covers', async () => {
    const b = bot('off');
    const thread = await report(b);
    const answer = await ask(b, thread, 'how big is the binlog on the standby?');
    expect(answer.text).toContain('cannot answer that');
    expect(JSON.stringify(answer.blocks)).toMatch(/It covers \d+ metrics/);
  });

  it('a question in a thread without a report is told so; SQL in a thread is still a review', async () => {
    const b = bot('off');
    await b.slack(appMentionEvent({ text: '<@UBOT> why is CPU high?', channel: 'C1', thread_ts: '1700000000.000100', ts: '1700000001.000100' }, sign));
    await b.idle();
    expect(fake.thread('C1', '1700000000.000100').at(-1)!.text).toContain('There is no report in this thread');
  });

  it('with Bedrock on, Claude answers with the report as context', async () => {
    bedrock.on(ConverseCommand).resolves({
      output: {
        message: {
          role: 'assistant',
          content: [
            {
              text: JSON.stringify({
                verdict: 'CPU peaked at 97 % at 03:05 because of one query class',
                bullets: ['CPUUtilization max 97 % at 03:05'],
                actions: [],
                sources: [],
              }),
            },
          ],
        },
      },
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    });
    const b = bot('on');
    const thread = await report(b);
    const answer = await ask(b, thread, 'why is CPU high?');
    expect(answer.text).toBe('CPU peaked at 97 % at 03:05 because of one query class');
    expect(JSON.stringify(answer.blocks)).toContain('Answer by Claude from the report');
    const calls = bedrock.commandCalls(ConverseCommand);
    const followUp = calls.at(-1)!.args[0].input;
    expect(followUp.system![0]!.text).toContain('follow-up question');
    const sent = followUp.messages![0]!.content![0]!.text!;
    expect(sent).toContain('"question":"why is CPU high?"');
    expect(sent).toContain('"instance":"gamedb1-1"');
  });
});
