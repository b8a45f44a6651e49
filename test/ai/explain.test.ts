import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  ValidationException,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockAgentRuntimeClient, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { bedrockClientsCreated, resetBedrockClients } from '../../src/ai/bedrock';
import { explainReview, summarizeReport, triageAlert, type AiDeps } from '../../src/ai/explain';
import { alertFallback, reportFallback, reviewFallback } from '../../src/ai/fallback';
import { loadPrompt } from '../../src/ai/prompts';
import { createLogger } from '../../src/core/log';
import { bedrockConfig, busyReport, cpuAlarm, KB_ID, MODEL_ID, REGION, review } from './fixtures';

const runtime = mockClient(BedrockRuntimeClient);
const agent = mockClient(BedrockAgentRuntimeClient);
const meta = { $metadata: {} };

function answer(json: unknown, fenced = false) {
  const text = fenced ? `\`\`\`json\n${JSON.stringify(json)}\n\`\`\`` : JSON.stringify(json);
  return {
    output: { message: { role: 'assistant' as const, content: [{ text }] } },
    stopReason: 'end_turn' as const,
    usage: { inputTokens: 900, outputTokens: 120, totalTokens: 1020 },
    metrics: { latencyMs: 800 },
  };
}
const GOOD = {
  verdict: 'Degraded: CPU saturated 14:05–14:40 by one query class',
  bullets: ['CPU p95 94%'],
  actions: ['EXPLAIN the characters/guilds join'],
  sources: [],
};

function deps(overrides: Partial<AiDeps> = {}) {
  const clock = { t: 0, sleeps: [] as number[] };
  const d: AiDeps = {
    config: bedrockConfig(),
    now: () => clock.t,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
    ...overrides,
  };
  return { deps: d, clock };
}

function converseInputs(): ConverseCommandInput[] {
  return runtime.commandCalls(ConverseCommand).map((c) => c.args[0].input);
}
function sentJson(i = 0): Record<string, unknown> {
  const text = converseInputs()[i]?.messages?.[0]?.content?.[0]?.text ?? '';
  return JSON.parse(text.slice(text.indexOf('{')));
}

beforeEach(() => {
  runtime.reset();
  agent.reset();
  resetBedrockClients();
});
afterAll(() => {
  runtime.restore();
  agent.restore();
});

describe('AI off', () => {
  test('creates no client, makes no call and returns the deterministic summary with source off', async () => {
    const { deps: d } = deps({ config: bedrockConfig({ enabled: false, knowledgeBaseId: KB_ID }) });
    const summary = await summarizeReport(busyReport(), d);
    expect(summary).toEqual(reportFallback(busyReport(), { source: 'off' }));
    expect(summary.source).toBe('off');
    expect(summary.note).toBeUndefined();
    expect(await explainReview(review(), d)).toEqual(reviewFallback(review(), { source: 'off' }));
    expect(await triageAlert(cpuAlarm(), d)).toEqual(alertFallback(cpuAlarm(), { source: 'off' }));
    expect(bedrockClientsCreated()).toBe(0);
    expect(runtime.calls()).toHaveLength(0);
    expect(agent.calls()).toHaveLength(0);
  });
});

describe('Converse', () => {
  test('sends the exact request: configured model, region, versioned system prompt, findings as JSON', async () => {
    runtime.on(ConverseCommand).resolves(answer(GOOD));
    const { deps: d } = deps({ config: bedrockConfig({ region: 'eu-central-1' }) });
    const summary = await triageAlert(cpuAlarm(), d);

    expect(runtime.commandCalls(ConverseCommand)).toHaveLength(1);
    const input = converseInputs()[0];
    expect(input).toEqual({
      modelId: MODEL_ID,
      system: [{ text: loadPrompt('alert-triage').text }],
      messages: [
        {
          role: 'user',
          content: [
            {
              text:
                'The structured findings follow as JSON. Answer with the JSON object described in your instructions, and nothing else.\n\n' +
                JSON.stringify({
                  source: 'cloudwatch-alarm',
                  name: 'gamedb1-1-cpu-high',
                  state: 'ALARM',
                  target: 'gamedb1-1',
                  metric: 'CPUUtilization',
                  threshold: 90,
                  value: 97.35,
                  reason: 'Threshold Crossed: 3 datapoints [97.35, 96.1, 95.8] were greater than the threshold (90.0).',
                  recentEvents: [
                    { time: '14:41', message: 'Completed failover' },
                    { time: '14:05', message: 'Backtrack started' },
                  ],
                }),
            },
          ],
        },
      ],
      inferenceConfig: { maxTokens: 900, temperature: 0.2 },
    });
    const client = runtime.commandCalls(ConverseCommand)[0]?.thisValue as BedrockRuntimeClient;
    expect(await client.config.region()).toBe('eu-central-1');
    expect(summary).toEqual({ verdict: GOOD.verdict, bullets: GOOD.bullets, actions: GOOD.actions, citations: [], source: 'model' });
    expect(agent.calls()).toHaveLength(0); // no knowledge base configured
  });

  test('report input: hostnames, IPs and literals never leave; findings most severe first', async () => {
    runtime.on(ConverseCommand).resolves(answer(GOOD, true));
    const { deps: d } = deps();
    const summary = await summarizeReport(busyReport(), d);
    expect(summary.source).toBe('model');

    const text = converseInputs()[0]?.messages?.[0]?.content?.[0]?.text ?? '';
    expect(text).not.toMatch(/rds\.amazonaws\.com|10\.0\.3\.17|Knights|'/);
    const sent = sentJson();
    expect((sent.findings as { id: string }[]).map((f) => f.id)).toEqual(['cpu-saturation', 'connections-high', 'tmp-disk-tables']);
    expect((sent.topQueries as { fingerprint: string }[]).map((q) => q.fingerprint)).toEqual([
      'SELECT c.id, c.name FROM characters c JOIN guilds g ON g.id = c.guild_id WHERE g.name = ? AND c.level > ?',
      'SELECT * FROM items WHERE owner_id = ? ORDER BY created_at DESC',
    ]);
    expect((sent.events as { message: string }[])[0]?.message).toBe('Completed failover to DB instance gamedb1-2 ([host], [ip])');
    expect(sent.instance).toEqual({ instanceClass: 'db.r6g.2xlarge', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0', role: 'writer' });
    expect(sent.omitted).toBeUndefined();
  });

  test('review: SQL literals masked, identifiers kept, worst statement first', async () => {
    runtime.on(ConverseCommand).resolves(answer(GOOD));
    const { deps: d } = deps();
    await explainReview(review(), d);
    const statements = sentJson().statements as { index: number; sql: string }[];
    expect(statements.map((s) => [s.index, s.sql])).toEqual([
      [3, 'DELETE FROM sessions'],
      [2, 'UPDATE items SET price = price * ? WHERE name LIKE ? AND id IN (?+)'],
      [1, 'SELECT * FROM users WHERE email = ? AND created_at > ?'],
    ]);
    expect(JSON.stringify(converseInputs()[0])).not.toContain('kim@example.com');
    expect(converseInputs()[0]?.system).toEqual([{ text: loadPrompt('review-explain').text }]);
  });

  test('logs the prompt version and token estimate, never the SQL', async () => {
    runtime.on(ConverseCommand).resolves(answer(GOOD));
    const lines: string[] = [];
    const { deps: d } = deps({ log: createLogger({}, (line) => lines.push(line), 'debug') });
    await explainReview(review(), d);
    const answered = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'model answered');
    expect(answered).toMatchObject({ prompt: 'review-explain.v1', kbHits: 0, stopReason: 'end_turn', usageIn: 900, usageOut: 120 });
    expect(answered?.estimatedInput).toBeGreaterThan(50);
    expect(lines.join('\n')).not.toMatch(/sessions|kim@example|sword/);
  });

  test('model text is cleaned of Slack and HTML markup', async () => {
    runtime
      .on(ConverseCommand)
      .resolves(
        answer({ verdict: '<!channel> CPU <b>high</b>', bullets: ['see <https://x.example|here> <@U1>'], actions: ['<script>x()</script>run EXPLAIN'] }),
      );
    const { deps: d } = deps();
    const summary = await triageAlert(cpuAlarm(), d);
    expect(summary).toEqual({ verdict: 'CPU high', bullets: ['see here'], actions: ['run EXPLAIN'], citations: [], source: 'model' });
  });

  test('long inputs are cut whole items at a time, lowest priority first, and the model is told', async () => {
    runtime.on(ConverseCommand).resolves(answer(GOOD));
    const input = busyReport();
    input.events = Array.from({ length: 200 }, (_, i) => ({
      time: `2026-11-20T10:${String(i % 60).padStart(2, '0')}:00Z`,
      message: `Event number ${i} with some words to take space`,
    }));
    const { deps: d } = deps({ maxInputTokens: 1_000, maxOutputTokens: 500 });
    await summarizeReport(input, d);
    const sent = sentJson();
    const events = sent.events as { message: string }[] | undefined;
    const kept = events?.length ?? 0;
    expect(kept).toBeLessThan(200);
    expect(sent.omitted).toEqual(kept > 0 ? { events: 200 - kept } : { events: -1 });
    expect(events?.[0]?.message).toBe('Event number 199 with some words to take space'); // most recent kept first
    expect((sent.findings as unknown[]).length).toBe(3);
    expect(converseInputs()[0]?.inferenceConfig).toEqual({ maxTokens: 500, temperature: 0.2 });
    const text = converseInputs()[0]?.messages?.[0]?.content?.[0]?.text ?? '';
    expect(Math.ceil(text.length / 4)).toBeLessThanOrEqual(1_000 + 40); // the lead line is outside the budget
  });
});

describe('Knowledge Base', () => {
  const results = [
    {
      content: { text: 'High CPU on Aurora MySQL writers is usually caused by  inefficient queries.' },
      location: { type: 'S3' as const, s3Location: { uri: 's3://dba-kb/aurora/cpu-troubleshooting.md' } },
      metadata: { 'x-amz-bedrock-kb-source-uri': 's3://dba-kb/aurora/cpu-troubleshooting.md', title: 'Troubleshooting CPU on Aurora MySQL' },
      score: 0.81,
    },
    {
      content: { text: 'Failover promotes a reader; connections drop.' },
      location: { type: 'WEB' as const, webLocation: { url: 'https://docs.example.org/aurora/failover.html' } },
      score: 0.7,
    },
    { content: { text: 'Unrelated passage.' }, location: { type: 'S3' as const, s3Location: { uri: 's3://dba-kb/misc/backtrack.md' } }, score: 0.4 },
  ];

  test('sends the exact Retrieve request, passes passages to Claude and cites the ones used', async () => {
    agent.on(RetrieveCommand).resolves({ retrievalResults: results });
    runtime.on(ConverseCommand).resolves(answer({ ...GOOD, sources: [1, 2] }));
    const { deps: d } = deps({ config: bedrockConfig({ knowledgeBaseId: KB_ID }) });
    const summary = await triageAlert(cpuAlarm(), d);

    expect(agent.commandCalls(RetrieveCommand).map((c) => c.args[0].input)).toEqual([
      {
        knowledgeBaseId: KB_ID,
        retrievalQuery: {
          text: 'Aurora MySQL alert triage: CPUUtilization gamedb1-1-cpu-high ALARM Threshold Crossed: 3 datapoints [97.35, 96.1, 95.8] were greater than the threshold (90.0).',
        },
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 4 } },
      },
    ]);
    const client = agent.commandCalls(RetrieveCommand)[0]?.thisValue as BedrockAgentRuntimeClient;
    expect(await client.config.region()).toBe(REGION);
    expect(sentJson().passages).toEqual([
      { n: 1, title: 'Troubleshooting CPU on Aurora MySQL', text: 'High CPU on Aurora MySQL writers is usually caused by inefficient queries.' },
      { n: 2, title: 'failover.html', text: 'Failover promotes a reader; connections drop.' },
      { n: 3, title: 'backtrack.md', text: 'Unrelated passage.' },
    ]);
    expect(summary.citations).toEqual([
      { title: 'Troubleshooting CPU on Aurora MySQL', uri: 's3://dba-kb/aurora/cpu-troubleshooting.md' },
      { title: 'failover.html', uri: 'https://docs.example.org/aurora/failover.html' },
    ]);
    expect(summary.source).toBe('model');
  });

  test('cites every passage given when the model does not say which it used', async () => {
    agent.on(RetrieveCommand).resolves({ retrievalResults: results.slice(0, 1) });
    runtime.on(ConverseCommand).resolves(answer({ verdict: 'ok', bullets: [], actions: [] }));
    const { deps: d } = deps({ config: bedrockConfig({ knowledgeBaseId: KB_ID }) });
    expect((await triageAlert(cpuAlarm(), d)).citations).toEqual([
      { title: 'Troubleshooting CPU on Aurora MySQL', uri: 's3://dba-kb/aurora/cpu-troubleshooting.md' },
    ]);
  });

  test('a failing Retrieve is retried once, then Claude answers without guidance', async () => {
    agent.on(RetrieveCommand).rejects(new ThrottlingException({ message: 'slow down', ...meta }));
    runtime.on(ConverseCommand).resolves(answer(GOOD));
    const { deps: d } = deps({ config: bedrockConfig({ knowledgeBaseId: KB_ID }) });
    const summary = await summarizeReport(busyReport(), d);
    expect(agent.commandCalls(RetrieveCommand)).toHaveLength(2);
    expect(agent.commandCalls(RetrieveCommand)[0]?.args[0].input.retrievalQuery).toEqual({
      text: 'Aurora MySQL writer performance: CPU saturated; Connections near max_connections; Temporary tables on disk; CPUUtilization spike',
    });
    expect(sentJson().passages).toBeUndefined();
    expect(summary).toMatchObject({ source: 'model', citations: [] });
  });
});

describe('degradation', () => {
  const throttle = () => new ThrottlingException({ message: 'Too many requests, please wait before trying again.', ...meta });

  test('throttling is retried with jittered backoff and the answer still comes from Claude', async () => {
    runtime.on(ConverseCommand).rejectsOnce(throttle()).rejectsOnce(new Error('model stream error: throttlingexception')).resolves(answer(GOOD));
    const { deps: d, clock } = deps();
    const summary = await summarizeReport(busyReport(), d);
    expect(runtime.commandCalls(ConverseCommand)).toHaveLength(3);
    expect(converseInputs()[2]).toEqual(converseInputs()[0]); // the same request each time
    expect(clock.sleeps).toEqual([250, 500]);
    expect(summary.source).toBe('model');
  });

  test('persistent throttling → bounded retries, then the deterministic summary with a note', async () => {
    runtime.on(ConverseCommand).rejects(throttle());
    const { deps: d, clock } = deps();
    const summary = await summarizeReport(busyReport(), d);
    expect(runtime.commandCalls(ConverseCommand)).toHaveLength(4);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(summary).toEqual(reportFallback(busyReport(), { note: 'Claude was unavailable (throttled); this summary was built from the findings.' }));
    expect(summary.source).toBe('fallback');
  });

  test('the time budget ends retries early', async () => {
    const { deps: d, clock } = deps({ budgetMs: 5_000 });
    runtime.on(ConverseCommand).callsFake(() => {
      clock.t += 4_900; // a slow attempt that still fails
      throw throttle();
    });
    const summary = await triageAlert(cpuAlarm(), d);
    expect(runtime.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(summary.note).toBe('Claude was unavailable (throttled); this summary was built from the findings.');
  });

  test.each([
    [
      new AccessDeniedException({
        message: 'User arn:aws:sts::123456789012:assumed-role/dbassist/x is not authorized to perform bedrock:InvokeModel',
        ...meta,
      }),
      'Claude was unavailable (access denied: check the bedrock:InvokeModel permission); this summary was built from the findings.',
    ],
    [
      new AccessDeniedException({ message: "You don't have access to the model with the specified model ID.", ...meta }),
      'Claude was unavailable (model access is not enabled for this account and region); this summary was built from the findings.',
    ],
    [
      new ValidationException({ message: 'The provided model identifier is invalid.', ...meta }),
      'Claude was unavailable (the configured model id was not accepted: check BEDROCK_MODEL_ID); this summary was built from the findings.',
    ],
  ])('%s is not retried; the note says what to fix without the raw error', async (error, note) => {
    runtime.on(ConverseCommand).rejects(error);
    const { deps: d, clock } = deps();
    const summary = await explainReview(review(), d);
    expect(runtime.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(summary).toEqual(reviewFallback(review(), { note }));
    expect(JSON.stringify(summary)).not.toMatch(/123456789012|arn:aws/);
  });

  test('an answer that is not the JSON asked for → deterministic summary', async () => {
    runtime.on(ConverseCommand).resolves(answer('Sure! The CPU is high.'));
    const { deps: d } = deps();
    const summary = await triageAlert(cpuAlarm(), d);
    expect(runtime.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(summary).toEqual(
      alertFallback(cpuAlarm(), { note: "Claude's answer could not be used (not the JSON asked for); this summary was built from the findings." }),
    );
  });
});
