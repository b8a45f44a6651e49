/**
 * The App Home and the subscribe modal end to end: real signed requests (app_home_opened, slash
 * commands, block actions from the Home, view_submission) into the real Bolt app, the worker
 * in-process with a shared store (demo-bot), the Web API pointed at the Slack stand-in, which checks
 * every view against Slack's limits. Access comes from the test policy: in C1 anyone may do anything
 * on gamedb*; UADMIN may do anything anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alarmNotification } from '../../scripts/lib/demo-events';
import { createDemoBot } from '../../scripts/lib/demo-bot';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { appHomeOpenedEvent, slashCommandEvent, viewBlockActionEvent, viewSubmissionEvent } from '../../scripts/lib/slack-requests';
import { listSubscriptions, subscribe } from '../../src/alerts/subscriptions';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { checkJobPayload, encodeJob, type JobPayload } from '../../src/jobs/payload';
import { createIngress } from '../../src/slack/app';
import { recordRecentReport } from '../../src/jobs/recent-reports';
import { MemoryStateStore } from '../../src/state/store';
import { type ChannelSchedules, schedulesKey } from '../../src/jobs/schedules';
import { viewProblems } from '../../src/slack/message-limits';
import { viewElementProblems, viewErrorsProblems } from '../../src/slack/view-limits';
import { unsubscribeValue } from '../../src/slack/views/home';
import { REPORT_FIELD } from '../../src/slack/views/report-modal';
import { FIELD } from '../../src/slack/views/subscribe-modal';
import { SIGNING_SECRET, testEnv } from '../support/env';

const fake = new SlackFake();
const sign = { signingSecret: SIGNING_SECRET };
let outDir: string;
beforeAll(async () => {
  await fake.start();
  outDir = mkdtempSync(join(tmpdir(), 'dbassist-home-'));
});
afterAll(async () => {
  await fake.stop();
  rmSync(outDir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.members.set('U7', ['C1', 'C2']);
  fake.members.set('UADMIN', ['C1', 'C2']);
});

const bot = () => createDemoBot({ config: loadConfig(testEnv(fake.apiUrl)), log: createLogger({}, () => undefined), outDir });
type Bot = ReturnType<typeof bot>;

/** Every text of a view, for assertions. */
const viewText = (view: any): string => JSON.stringify(view.blocks);

async function openHome(b: Bot, user: string): Promise<any> {
  const before = fake.views.length;
  const res = await b.slack(appHomeOpenedEvent({ user, channel: 'D7' }, sign));
  expect(res.statusCode).toBe(200);
  expect(await b.idle()).toEqual(['done']);
  const published = fake.views.slice(before).filter((v) => v.method === 'views.publish' && v.user === user);
  expect(published).toHaveLength(1);
  const view = published[0]!.view;
  expect(view.type).toBe('home');
  expect([...viewProblems(view), ...viewElementProblems(view)]).toEqual([]);
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  return view;
}

/** The modal as `/dbassist subscribe` opens it. */
async function openModal(b: Bot, channel = 'C1', user = 'U7'): Promise<any> {
  const res = await b.slack(slashCommandEvent({ text: 'subscribe', channel_id: channel, user_id: user, trigger_id: '1.2.3' }, sign));
  expect(res.statusCode).toBe(200);
  expect(res.body ?? '').toBe('');
  const opened = fake.callsTo('views.open').at(-1)!;
  expect(opened.params.trigger_id).toBe('1.2.3');
  return fake.views.filter((v) => v.method === 'views.open').at(-1)!.view;
}

function values(f: { channel?: string; pattern?: string; level?: string; events?: readonly string[]; here?: boolean }) {
  return {
    [FIELD.channel]: { [FIELD.channel]: { type: 'conversations_select', selected_conversation: f.channel ?? null } },
    [FIELD.pattern]: { [FIELD.pattern]: { type: 'plain_text_input', value: f.pattern ?? null } },
    [FIELD.level]: { [FIELD.level]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: f.level ?? 'warning' } } },
    [FIELD.events]: { [FIELD.events]: { type: 'checkboxes', selected_options: (f.events ?? []).map((value) => ({ value })) } },
    [FIELD.here]: { [FIELD.here]: { type: 'checkboxes', selected_options: f.here ? [{ value: 'here' }] : [] } },
  };
}

async function submit(b: Bot, view: any, f: Parameters<typeof values>[0], o: { user?: string; responseUrl?: string } = {}) {
  const responseUrls =
    o.responseUrl && f.channel ? [{ block_id: FIELD.channel, action_id: FIELD.channel, channel_id: f.channel, response_url: o.responseUrl }] : [];
  const res = await b.slack(viewSubmissionEvent({ view, values: values(f), user: o.user ?? 'U7', responseUrls }, sign));
  expect(res.statusCode).toBe(200);
  return res.body ? JSON.parse(res.body) : undefined;
}

describe('App Home', () => {
  it("shows the user's subscriptions, open incidents, schedules and reports, with thread links", async () => {
    const b = bot();
    await b.slack(
      slashCommandEvent({ text: 'subscribe gamedb1* --severity warning', channel_id: 'C1', user_id: 'U7', response_url: fake.responseUrl() }, sign),
    );
    await b.slack(
      slashCommandEvent(
        { text: 'schedule daily 09:00 tz Asia/Seoul report gamedb1-1 1h', channel_id: 'C1', user_id: 'U7', response_url: fake.responseUrl() },
        sign,
      ),
    );
    await b.slack(slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: 'C1', user_id: 'U7', response_url: fake.responseUrl() }, sign));
    expect(await b.idle()).toEqual(['done', 'done', 'done']);
    await b.alerts(alarmNotification('ALARM', 'gamedb1-1', new Date(Date.now() - 20 * 60_000), 94.2));
    const alert = fake.messages.find((m) => m.channel === 'C1' && /cpu/i.test(JSON.stringify(m.blocks)) && !m.thread_ts)!;
    expect(alert).toBeDefined();
    const reportRoot = fake.messages.find((m) => m.channel === 'C1' && /gamedb1-1/.test(m.text ?? '') && /^(DEGRADED|CRITICAL|HEALTHY)/.test(m.text ?? ''))!;
    expect(reportRoot).toBeDefined();

    const view = await openHome(b, 'U7');
    const text = viewText(view);
    // Subscription with its Unsubscribe button.
    expect(text).toContain('<#C1> · `gamedb1*` · warning and above');
    const button = view.blocks.find((x: any) => x.accessory?.action_id === 'home_unsubscribe_0').accessory;
    expect(JSON.parse(button.value)).toEqual({ channel: 'C1', pattern: 'gamedb1*' });
    // The open incident, linked to its thread by permalink.
    expect(text).toContain('*gamedb1-1*');
    expect(text).toContain(`https://example.slack.com/archives/C1/p${alert.ts.replace('.', '')}|thread`);
    // The schedule with its time zone.
    expect(text).toContain('`report gamedb1-1 1h` daily 09:00 Asia/Seoul in <#C1>');
    // The report U7 asked for, linked to its thread.
    expect(text).toContain('*gamedb1-1*, last 6h');
    expect(text).toContain(`https://example.slack.com/archives/C1/p${reportRoot.ts.replace('.', '')}|thread`);
    // One users.conversations and one auth.test, not one call per row.
    expect(fake.callsTo('users.conversations')).toHaveLength(1);
    expect(fake.callsTo('chat.getPermalink')).toHaveLength(0);
  });

  it('empty states are said in words; the Messages tab publishes nothing', async () => {
    const b = bot();
    const text = viewText(await openHome(b, 'U7'));
    expect(text).toContain('No alert subscriptions in your channels');
    expect(text).toContain('No open incidents in your channels');
    expect(text).toContain('No schedules in your channels');
    expect(text).toContain('No reports yet');
    await b.slack(appHomeOpenedEvent({ user: 'U8', tab: 'messages' }, sign));
    expect(await b.idle()).toEqual([]);
    expect(fake.callsTo('views.publish').filter((c) => c.params.user_id === 'U8')).toHaveLength(0);
  });

  it('a user sees nothing of an instance the access policy hides, nor of channels they are not in', async () => {
    const b = bot();
    // UADMIN subscribes C2 to billingdb (only UADMIN may see it there) and C3 to gamedb1* (nobody here is in C3).
    for (const [channel, pattern] of [
      ['C2', 'billingdb'],
      ['C3', 'gamedb1*'],
    ] as const)
      await b.slack(slashCommandEvent({ text: `subscribe ${pattern}`, channel_id: channel, user_id: 'UADMIN', response_url: fake.responseUrl() }, sign));
    await b.idle();
    await b.alerts(alarmNotification('ALARM', 'billingdb-1', new Date(Date.now() - 5 * 60_000), 97));
    expect(fake.messages.some((m) => m.channel === 'C2' && !m.thread_ts)).toBe(true);

    // A schedule on billingdb in C2, and a billingdb report recorded for U7 (the policy no longer lets them see it).
    await b.slack(
      slashCommandEvent({ text: 'schedule daily 08:00 report billingdb 24h', channel_id: 'C2', user_id: 'UADMIN', response_url: fake.responseUrl() }, sign),
    );
    expect(await b.idle()).toEqual(['done']);
    await recordRecentReport(b.store, 'U7', {
      instance: 'billingdb',
      windowLabel: '6h',
      level: 'healthy',
      channel: 'C2',
      threadTs: '1700000000.000100',
      at: '2026-01-01T00:00:00Z',
    });

    const mine = viewText(await openHome(b, 'U7'));
    expect(mine).not.toContain('billingdb');
    expect(mine).toContain('No schedules in your channels');
    expect(mine).toContain('No reports yet');
    expect(mine).not.toContain('C3');
    const admin = viewText(await openHome(b, 'UADMIN'));
    expect(admin).toContain('<#C2> · `billingdb`');
    expect(admin).toContain('*billingdb-1*');
    expect(admin).toContain('`report billingdb 1d` daily 08:00 UTC in <#C2>');
    expect(admin).not.toContain('C3');
  });

  it('a warm worker reads again only the incident records that changed; a resolved incident leaves the Home', async () => {
    const reads: string[] = [];
    const store = new MemoryStateStore();
    const get = store.get.bind(store);
    store.get = async (key) => {
      reads.push(key);
      return get(key);
    };
    const b = createDemoBot({ config: loadConfig(testEnv(fake.apiUrl)), log: createLogger({}, () => undefined), outDir, store });
    await subscribe(store, 'C1', { pattern: 'gamedb1*', level: 'warning', events: [], mentionHere: false, by: 'U7', at: '2026-01-01T00:00:00Z' });
    await b.alerts(alarmNotification('ALARM', 'gamedb1-1', new Date(Date.now() - 10 * 60_000), 95));
    const incidentReads = () => reads.filter((k) => k.startsWith('incidents/')).length;

    let before = incidentReads();
    expect(viewText(await openHome(b, 'U7'))).toContain('*gamedb1-1*');
    expect(incidentReads() - before).toBe(1);
    before = incidentReads();
    expect(viewText(await openHome(b, 'UADMIN'))).toContain('*gamedb1-1*');
    expect(incidentReads() - before).toBe(0);

    await b.alerts(alarmNotification('OK', 'gamedb1-1', new Date(Date.now() - 60_000), 40));
    before = incidentReads();
    fake.members.set('U8', ['C1']);
    expect(viewText(await openHome(b, 'U8'))).toContain('No open incidents in your channels');
    expect(incidentReads() - before).toBe(1);

    // Opening the tab again within a few seconds publishes once.
    await b.slack(appHomeOpenedEvent({ user: 'U8', channel: 'D8' }, sign));
    expect(await b.idle()).toEqual([]);
  });

  it('many rows stay within 100 blocks and say how many more there are', async () => {
    const b = bot();
    for (const channel of ['C1', 'C2'])
      for (let i = 0; i < 50; i++)
        await subscribe(b.store, channel, {
          pattern: `gamedb${i}*`,
          level: 'warning',
          events: [],
          mentionHere: false,
          by: 'UADMIN',
          at: '2026-01-01T00:00:00Z',
        });
    for (const channel of ['C1', 'C2']) {
      const schedules = Array.from({ length: 20 }, (_, i) => ({
        id: `s${String(i).padStart(7, '0')}`,
        name: `dbassist-${channel}-${i}`,
        when: { every: 'day' as const, hour: 9, minute: i, timezone: 'Asia/Seoul' },
        expression: `cron(${i} 9 * * ? *)`,
        command: { verb: 'report' as const, target: 'gamedb1-1', window: { ms: 3_600_000, label: '1h', human: '1 hour' } },
        by: 'UADMIN',
        at: '2026-01-01T00:00:00Z',
      }));
      await b.store.create<ChannelSchedules>(schedulesKey(channel), { schedules });
    }
    for (let i = 0; i < 15; i++)
      await recordRecentReport(b.store, 'UADMIN', {
        instance: 'gamedb1-1',
        windowLabel: '1h',
        level: 'healthy',
        channel: 'C1',
        threadTs: `1700000000.${String(i).padStart(6, '0')}`,
        at: '2026-01-01T00:00:00Z',
      });
    const view = await openHome(b, 'UADMIN');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = viewText(view);
    expect(text).toContain('…and 75 more.');
    expect(text).toContain('…and 10 more.');
    expect((text.match(/\*gamedb1-1\*, last 1h/g) ?? []).length).toBe(10);
  });
});

describe('the subscribe modal', () => {
  it('opens on /dbassist subscribe without a pattern, with selects instead of flags', async () => {
    const b = bot();
    const view = await openModal(b);
    expect(view.callback_id).toBe('subscribe_modal');
    const channel = view.blocks.find((x: any) => x.block_id === FIELD.channel).element;
    expect(channel).toMatchObject({ type: 'conversations_select', default_to_current_conversation: true, response_url_enabled: true });
    expect(view.blocks.find((x: any) => x.block_id === FIELD.level).element.initial_option.value).toBe('warning');
    expect(await b.idle()).toEqual([]);
  });

  it('answers bad input with field errors in Slack’s shape, and saves nothing', async () => {
    const b = bot();
    const view = await openModal(b);
    for (const [f, field, message] of [
      [{ channel: 'C1', pattern: 'game db' }, FIELD.pattern, 'without spaces'],
      [{ channel: 'C1', pattern: 'gamedb_1' }, FIELD.pattern, 'is not a valid name or pattern'],
      [{ channel: 'C1', pattern: '--here' }, FIELD.pattern, 'is not a valid name or pattern'],
      [{ channel: 'C1', pattern: '' }, FIELD.pattern, 'Say what to subscribe to'],
      [{ pattern: 'gamedb1' }, FIELD.channel, 'Choose the channel'],
      [{ channel: 'C1', pattern: 'gamedb1', events: ['failover --here'] }, FIELD.events, 'Tick only the kinds listed'],
      [{ channel: 'C2', pattern: 'billingdb' }, FIELD.channel, 'not allowed to run “subscribe” on “billingdb”'],
    ] as const) {
      const answer = await submit(b, view, f);
      expect(answer?.response_action, JSON.stringify(f)).toBe('errors');
      expect(viewErrorsProblems(view, answer)).toEqual([]);
      expect(answer.errors[field]).toContain(message);
    }
    expect(await b.idle()).toEqual([]);
    expect(await listSubscriptions(b.store, 'C1')).toEqual([]);
    expect(await listSubscriptions(b.store, 'C2')).toEqual([]);
  });

  it('a good submission stores the subscription exactly as the slash command does, and confirms it the same way', async () => {
    const typed = bot();
    await typed.slack(
      slashCommandEvent(
        {
          text: 'subscribe gamedb1* --severity critical --events failover,reboot --here',
          channel_id: 'C1',
          user_id: 'U7',
          response_url: fake.responseUrl('typed'),
        },
        sign,
      ),
    );
    expect(await typed.idle()).toEqual(['done']);

    const formed = bot();
    const view = await openModal(formed);
    const answer = await submit(
      formed,
      view,
      { channel: 'C1', pattern: 'gamedb1*', level: 'critical', events: ['failover', 'reboot'], here: true },
      { responseUrl: fake.responseUrl('formed') },
    );
    expect(answer).toBeUndefined(); // an empty ack closes the modal
    expect(await formed.idle()).toEqual(['done']);

    const strip = (subs: Array<{ at: string }>) => subs.map(({ at, ...rest }) => rest);
    const a = await listSubscriptions(typed.store, 'C1');
    const b = await listSubscriptions(formed.store, 'C1');
    expect(a).toHaveLength(1);
    expect(strip(b)).toEqual(strip(a));
    const confirmTyped = fake.responses.find((r) => r.id === 'typed')!.body;
    const confirmFormed = fake.responses.find((r) => r.id === 'formed')!.body;
    expect(confirmFormed.text).toBe(confirmTyped.text);
    expect(confirmFormed.blocks).toEqual(confirmTyped.blocks);
    expect(confirmFormed.response_type).toBe('ephemeral');
  });

  it('`/dbassist subscribe <pattern>` with flags still answers without a modal', async () => {
    const b = bot();
    await b.slack(slashCommandEvent({ text: 'subscribe gamedb1 --severity info', channel_id: 'C1', user_id: 'U7', response_url: fake.responseUrl('x') }, sign));
    expect(await b.idle()).toEqual(['done']);
    expect(fake.callsTo('views.open')).toHaveLength(0);
    expect((await listSubscriptions(b.store, 'C1'))[0]).toMatchObject({ pattern: 'gamedb1', level: 'info' });
  });
});

describe('changes from the Home', () => {
  it('Subscribe… opens the modal; its submission subscribes and republishes the Home', async () => {
    const b = bot();
    await b.slack(viewBlockActionEvent({ actionId: 'home_subscribe', user: 'U7' }, sign));
    const view = fake.views.filter((v) => v.method === 'views.open').at(-1)!.view;
    expect(JSON.parse(view.private_metadata)).toEqual({ from: 'home' });
    expect(view.blocks[0].element.default_to_current_conversation).toBeUndefined();
    await submit(b, view, { channel: 'C1', pattern: 'gamedb1-2' }, { responseUrl: fake.responseUrl('home-sub') });
    expect(await b.idle()).toEqual(['done']);
    expect((await listSubscriptions(b.store, 'C1')).map((s) => s.pattern)).toEqual(['gamedb1-2']);
    expect(fake.responses.find((r) => r.id === 'home-sub')!.body.text).toContain('Subscribed');
    const home = fake.views.filter((v) => v.method === 'views.publish').at(-1)!;
    expect(home.user).toBe('U7');
    expect(viewText(home.view)).toContain('`gamedb1-2`');
  });

  it('Unsubscribe removes the subscription, confirms in the channel and republishes; a crafted button for another channel is refused', async () => {
    const b = bot();
    await subscribe(b.store, 'C1', { pattern: 'gamedb1*', level: 'warning', events: [], mentionHere: false, by: 'U7', at: '2026-01-01T00:00:00Z' });
    await subscribe(b.store, 'C2', { pattern: 'billingdb', level: 'warning', events: [], mentionHere: false, by: 'UADMIN', at: '2026-01-01T00:00:00Z' });
    await b.slack(viewBlockActionEvent({ actionId: 'home_unsubscribe_0', value: unsubscribeValue('C1', 'gamedb1*'), user: 'U7' }, sign));
    expect(await b.idle()).toEqual(['done']);
    expect(await listSubscriptions(b.store, 'C1')).toEqual([]);
    expect(fake.ephemerals.find((e) => e.channel === 'C1' && e.user === 'U7')!.text).toContain('gamedb1*');
    expect(viewText(fake.views.filter((v) => v.method === 'views.publish').at(-1)!.view)).toContain('No alert subscriptions in your channels');

    await b.slack(viewBlockActionEvent({ actionId: 'home_unsubscribe_3', value: unsubscribeValue('C2', 'billingdb'), user: 'U7' }, sign));
    expect(await b.idle()).toEqual([]);
    expect(await listSubscriptions(b.store, 'C2')).toHaveLength(1);
    const notice = fake.views.filter((v) => v.method === 'views.open').at(-1)!.view;
    expect(viewText(notice)).toContain('not allowed to run `unsubscribe` on `billingdb`');
  });
});

describe('Report… from the Home', () => {
  const reportValues = (channel: string | null, target: string, window = '6h') => ({
    [REPORT_FIELD.channel]: { [REPORT_FIELD.channel]: { type: 'conversations_select', selected_conversation: channel } },
    [REPORT_FIELD.target]: { [REPORT_FIELD.target]: { type: 'static_select', selected_option: { value: target } } },
    [REPORT_FIELD.window]: { [REPORT_FIELD.window]: { type: 'static_select', selected_option: { value: window } } },
  });

  it('opens a modal of the known targets; a refused target gets a field error; a good one posts the report in a thread of the channel', async () => {
    const b = bot();
    await b.slack(viewBlockActionEvent({ actionId: 'home_report', user: 'U7' }, sign));
    const view = fake.views.filter((v) => v.method === 'views.open').at(-1)!.view;
    expect(view.callback_id).toBe('report_modal');
    const options = view.blocks.find((x: any) => x.block_id === REPORT_FIELD.target).element.options.map((o: any) => o.value);
    expect(options).toEqual(['gamedb1', 'gamedb1-1', 'gamedb1-2', 'billingdb']);

    const refused = await b.slack(viewSubmissionEvent({ view, values: reportValues('C1', 'billingdb'), user: 'U7' }, sign));
    const answer = JSON.parse(refused.body!);
    expect(viewErrorsProblems(view, answer)).toEqual([]);
    expect(answer.errors[REPORT_FIELD.target]).toContain('not allowed to run “report” on “billingdb”');
    const noChannel = JSON.parse((await b.slack(viewSubmissionEvent({ view, values: reportValues(null, 'gamedb1-1'), user: 'U7' }, sign))).body!);
    expect(Object.keys(noChannel.errors)).toEqual([REPORT_FIELD.channel]);
    expect(await b.idle()).toEqual([]);

    const ok = await b.slack(viewSubmissionEvent({ view, values: reportValues('C1', 'gamedb1-1', '6h'), user: 'U7' }, sign));
    expect(ok.body ?? '').toBe('');
    expect(await b.idle()).toEqual(['done']);
    const root = fake.messages.find((m) => m.channel === 'C1' && !m.thread_ts)!;
    expect(root.edits[0]!.text).toBe('Working on report for gamedb1-1, last 6 hours…');
    expect(root.text).toMatch(/^(DEGRADED|CRITICAL|HEALTHY): gamedb1-1/);
  });
});

describe('the hand-off', () => {
  it('every job the Home and the modal hand off is one the worker accepts, and a Home job is only a Home', async () => {
    const jobs: JobPayload[] = [];
    const config = loadConfig(testEnv(fake.apiUrl));
    const { receiver } = createIngress({
      config,
      log: createLogger({}, () => undefined),
      handoff: async (job) => {
        // What lambdaHandoff sends and the worker handler checks.
        const checked = checkJobPayload(JSON.parse(encodeJob(job)));
        if (!checked.ok) throw new Error(checked.problems.join('; '));
        jobs.push(checked.job);
      },
    });
    const handle = (await receiver.start()) as unknown as (e: unknown, c: unknown) => Promise<{ statusCode: number; body?: string }>;
    const ctx = { getRemainingTimeInMillis: () => 3000 };
    await handle(appHomeOpenedEvent({ user: 'U7', channel: 'D7' }, sign), ctx);
    await handle(viewBlockActionEvent({ actionId: 'home_unsubscribe_0', value: unsubscribeValue('C1', 'gamedb1*'), user: 'U7' }, sign), ctx);
    await handle(viewBlockActionEvent({ actionId: 'home_subscribe', user: 'U7' }, sign), ctx);
    const view = fake.views.filter((v) => v.method === 'views.open').at(-1)!.view;
    await handle(viewSubmissionEvent({ view, values: values({ channel: 'C1', pattern: 'gamedb1-1', level: 'critical' }), user: 'U7' }, sign), ctx);
    expect(jobs.map((j) => j.kind)).toEqual(['home', 'home', 'home']);
    expect(jobs[0]).toMatchObject({ origin: { team: 'T1', channel: 'D7', user: 'U7', reply: 'ephemeral' } });
    expect(jobs[0]).not.toHaveProperty('change');
    expect(jobs[1]).toMatchObject({ origin: { channel: 'C1', user: 'U7' }, change: { verb: 'unsubscribe', pattern: 'gamedb1*' } });
    expect(jobs[2]).toMatchObject({
      origin: { channel: 'C1', user: 'U7' },
      change: { verb: 'subscribe', pattern: 'gamedb1-1', level: 'critical', events: [], mentionHere: false },
    });
  });
});
