/**
 * `npm run demo`: dbassist end to end on this machine — no AWS account, no Slack workspace.
 *
 * 1. a throwaway MariaDB/MySQL (when installed) with the game schema and a workload that fills
 *    performance_schema and the slow log;
 * 2. the real Bolt app and worker in-process, against a local Slack stand-in;
 * 3. replays `/dbassist report gamedb1-1 6h` (simulated instance with its default incident + the local
 *    server's performance_schema and slow log), then, with a real row-lock wait held on the local server,
 *    `/dbassist report gamedb1-1 1h` on the lock-contention scenario (the report names both sessions of
 *    the real chain), an `@dbassist` with a migration script, and a CloudWatch alarm followed by its OK;
 *    then a cluster report (`/dbassist report gamedb1 6h`), the fleet view (`/dbassist health`) with a
 *    row's Report button clicked, a schedule that the stand-in for EventBridge Scheduler fires, and
 *    the demo user's App Home; prints every Slack reply as text and writes the HTML reports under ./out.
 *
 * Exits non-zero when any step fails. Options: --out DIR, --no-db.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { blocksToText } from './lib/blocks-to-text';
import { createDemoBot } from './lib/demo-bot';
import { alarmNotification } from './lib/demo-events';
import { seedGameSchema } from './lib/game-schema';
import { holdRowLock } from './lib/lock-wait';
import { findServerBinaries, INSTALL_HINT, type MysqlServer, startMysqlServer } from './lib/mysql-server';
import { SlackFake, type FakeMessage } from './lib/slack-fake';
import { appHomeOpenedEvent, appMentionEvent, blockActionEvent, linkSharedEvent, linkSharedFields, slashCommandEvent } from './lib/slack-requests';
import { runWorkload } from './lib/workload';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/core/log';
import { reportLink } from '../src/publish/link';

const SIGNING_SECRET = 'demo-signing-secret-0123456789abcdef';
const CHANNEL = 'CDEMO01';
const PUBLIC_URL = 'https://dbassist.example.test';
const LINK_SECRET = 'demo-link-secret-0123456789abcdef0123';
const USER = 'UDBA0001';
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[0m` : s);
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[0m` : s);

const MIGRATION = `-- 2026-11 길드 랭킹 기능 (guild ranking)
CREATE TABLE guild_rankings (
  guild_id INT UNSIGNED NOT NULL,
  season SMALLINT NOT NULL,
  score FLOAT NOT NULL,
  updated_at TIMESTAMP
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

ALTER TABLE characters ADD INDEX idx_characters_guild (guild_id);
ALTER TABLE inventories ADD CONSTRAINT fk_inv_item FOREIGN KEY (item_id) REFERENCES items (id);

UPDATE characters SET gold = gold * 2 WHERE guild_id IN (SELECT id FROM guilds WHERE level > 10) LIMIT 1000;
DELETE FROM inventories WHERE acquired_at < '2024-01-01';
SELECT * FROM users WHERE nickname LIKE '%dragon%' ORDER BY RAND() LIMIT 10;`;

let failures = 0;
const started = Date.now();

function step(n: number | string, total: number, title: string): void {
  console.log(`\n${bold(`[${n}/${total}] ${title}`)}`);
}

function progress(msg: string): void {
  console.log(`  ${dim('…')} ${msg}`);
}

function fail(msg: string): void {
  failures++;
  console.log(`  ✗ ${msg}`);
}

function show(label: string, m: FakeMessage | undefined): void {
  if (!m) {
    fail(`${label}: no message`);
    return;
  }
  console.log(`  ${bold(label)}${m.thread_ts ? dim(` (thread ${m.thread_ts})`) : ''}${m.edits.length ? dim(` (edited ${m.edits.length}×)`) : ''}`);
  for (const line of blocksToText(m.blocks, m.text ?? '').split('\n')) console.log(`    │ ${line}`);
}

/** The placeholder's versions before the answer: one line per edit with its stages and elapsed time. */
async function showProgress(fake: SlackFake, placeholder: FakeMessage): Promise<void> {
  const edits = fake.calls.filter((c) => c.method === 'chat.update' && c.params.ts === placeholder.ts);
  const stageEdits = edits.slice(0, -1);
  stageEdits.forEach((e, i) => {
    const gap = i === 0 ? '' : dim(` +${((e.at - stageEdits[i - 1]!.at) / 1000).toFixed(1)} s`);
    const lines = blocksToText(JSON.parse(String(e.params.blocks)), String(e.params.text)).split('\n');
    console.log(`    │ ${lines.join(' ⏐ ')}${gap}`);
  });
  const minGap = Math.min(...stageEdits.slice(1).map((e, i) => e.at - stageEdits[i]!.at));
  if (stageEdits.length >= 3) console.log(`  ✓ ${stageEdits.length} progress edits, at least ${(minGap / 1000).toFixed(1)} s apart, then the answer`);
  else fail(`only ${stageEdits.length} progress edit(s) of the placeholder`);
}

/** Questions in the report's thread, answered from the stored report (deterministic: AI is off here). */
async function showFollowUps(fake: SlackFake, bot: ReturnType<typeof createDemoBot>, placeholder: FakeMessage, sign: { signingSecret: string }): Promise<void> {
  const peak = /at (?:[A-Z][a-z]{2} \d{1,2} )?(\d{2}:\d{2})/.exec(blocksToText(placeholder.blocks, placeholder.text ?? ''))?.[1] ?? '09:00';
  let n = 0;
  for (const question of ['why is CPU high?', `what ran at ${peak}?`]) {
    const ts = `${placeholder.ts.split('.')[0]}.8${String(++n).padStart(5, '0')}`;
    await bot.slack(appMentionEvent({ text: `<@UDBASSIST> ${question}`, channel: CHANNEL, user: USER, thread_ts: placeholder.ts, ts }, sign));
    const outcomes = await bot.idle();
    console.log(`  ${bold(`@dbassist ${question}`)}`);
    show('answer in the thread', fake.thread(CHANNEL, placeholder.ts).at(-1));
    if (outcomes[0] !== 'done') fail(`follow-up job ended ${outcomes[0]}`);
  }
}

/**
 * Deployed, the report's answer carries its /r/ link; the demo writes reports to a directory, so it signs
 * a link to that report's prefix (`reports/<instance>/<stamp>/` is `<out>/<instance>/<stamp>/`), pastes it
 * in the channel and shows the preview the worker attaches.
 */
async function showUnfurl(fake: SlackFake, bot: ReturnType<typeof createDemoBot>, reportDir: string, sign: { signingSecret: string }): Promise<void> {
  const t = Date.now();
  const prefix = `reports/${basename(resolve(reportDir, '..'))}/${basename(reportDir)}/`;
  const { url } = reportLink({ publicUrl: PUBLIC_URL, prefix, secret: LINK_SECRET, ttlDays: 30 });
  const event = linkSharedFields({ urls: [url], channel: CHANNEL, user: USER });
  fake.shareLinks(event);
  await bot.slack(linkSharedEvent(event, sign));
  const outcomes = await bot.idle();
  const preview = fake.unfurls.at(-1)?.unfurls?.[url] as { blocks?: Parameters<typeof blocksToText>[0] } | undefined;
  console.log(`  ${bold(url.length > 90 ? `${url.slice(0, 87)}…` : url)}`);
  for (const line of blocksToText(preview?.blocks, '').split('\n')) console.log(`    │ ${line}`);
  if (outcomes[0] !== 'done' || !preview) fail(`the link was not previewed (${outcomes[0] ?? 'no job'})`);
  if (!JSON.stringify(preview?.blocks).includes('Likely cause')) fail('the preview does not show the report');
  console.log(`  ✓ previewed in ${seconds(t)}`);
}

function seconds(t: number): string {
  return `${((Date.now() - t) / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outDir = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'out');
  const total = 9;
  console.log(bold('dbassist demo') + dim(' — the real Bolt app and worker, a local Slack stand-in, a simulated Aurora instance'));

  step(1, total, 'Database');
  let server: MysqlServer | undefined;
  if (args.includes('--no-db')) {
    progress('skipped (--no-db): reviews get static checks only; reports use simulated query data');
  } else if (!findServerBinaries()) {
    console.log(`  skipped: ${INSTALL_HINT}`);
    console.log('  The demo goes on: reviews get static checks only; reports use simulated query data.');
  } else {
    let t = Date.now();
    progress('starting a throwaway server (performance_schema and the slow log on)');
    server = await startMysqlServer();
    console.log(`  ✓ ${server.flavor} on 127.0.0.1:${server.port} in ${seconds(t)}`);
    t = Date.now();
    progress('seeding the game schema (users, guilds, characters, items, inventories)');
    const counts = await seedGameSchema(server.url);
    console.log(
      `  ✓ seeded ${Object.entries(counts)
        .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
        .join(', ')} in ${seconds(t)}`,
    );
    t = Date.now();
    progress('running a workload of 800 statements');
    await runWorkload(server.url, { statements: 800 });
    console.log(`  ✓ workload done in ${seconds(t)}`);
  }

  try {
    const fake = await new SlackFake().start();
    const config = loadConfig({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-demo-token',
      SLACK_BOT_ID: 'BDEMO',
      SLACK_BOT_USER_ID: 'UDBASSIST',
      SLACK_API_URL: fake.apiUrl,
      DBASSIST_REGION: 'ap-northeast-2',
      DBASSIST_REPORTS_BUCKET: 'dbassist-demo',
      BEDROCK_MODEL_ID: 'demo-model',
      DBASSIST_AI: 'off',
      DBASSIST_WORKER_FUNCTION: 'in-process',
      DBASSIST_PUBLIC_URL: PUBLIC_URL,
      DBASSIST_LINK_SECRET: LINK_SECRET,
      DBASSIST_TARGETS: JSON.stringify({
        gamedb1: { cluster: 'gamedb1', secret: 'dbassist/gamedb1', database: 'game', instances: ['gamedb1-1', 'gamedb1-2', 'gamedb1-3'] },
        gamedb2: { cluster: 'gamedb2', secret: 'dbassist/gamedb2', database: 'game', instances: ['gamedb2-1', 'gamedb2-2'] },
        billingdb: { cluster: 'billingdb', secret: 'dbassist/billingdb', instances: ['billingdb-1', 'billingdb-2'] },
      }),
      DBASSIST_ACCESS: JSON.stringify({
        teams: ['T1'],
        rules: [{ channels: [CHANNEL], users: ['*'], actions: ['*'], targets: ['gamedb*'] }],
        channelDefaults: { [CHANNEL]: 'gamedb1' },
      }),
    });
    const log = createLogger({}, () => undefined);
    // Each simulated collector takes 1.3 s, as live ones do, so the placeholder shows the report's stages.
    const bot = createDemoBot({
      config,
      log,
      outDir,
      collectorMs: 1_300,
      // The fleet view's planted problems (the channel may see gamedb*, not billingdb).
      fleetScenarios: { 'gamedb1-1': 'cpu-query-regression', 'gamedb2-1': 'lock-contention', 'gamedb2-2': 'long-transaction' },
      ...(server ? { mysqlUrl: server.url, slowLog: server.slowLog } : {}),
    });
    const sign = { signingSecret: SIGNING_SECRET };

    step(2, total, '/dbassist report gamedb1-1 6h');
    let t = Date.now();
    const ack = await bot.slack(slashCommandEvent({ text: 'report gamedb1-1 6h', channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl() }, sign));
    console.log(`  ✓ acked with HTTP ${ack.statusCode} in ${Date.now() - t} ms; the worker takes over`);
    if (ack.statusCode !== 200) fail('the slash command was not acked');
    progress('collecting (simulated fleet), analysing, rendering the HTML report');
    const reportOutcomes = await bot.idle();
    const placeholder = fake.messages.find((m) => m.channel === CHANNEL && !m.thread_ts);
    show('answer (the placeholder, edited)', placeholder);
    if (reportOutcomes[0] !== 'done') fail(`report job ended ${reportOutcomes[0]}`);
    const reportDir = bot.reports.at(-1);
    if (reportDir && existsSync(resolve(reportDir, 'report.html'))) console.log(`  ✓ HTML report: ${resolve(reportDir, 'report.html')} (${seconds(t)})`);
    else fail('no HTML report was written');

    step('2a', total, 'Progress: the placeholder was edited at each stage while the report ran');
    if (placeholder) await showProgress(fake, placeholder);

    step('2b', total, 'A follow-up in the report thread: @dbassist why is CPU high? / what ran at HH:MM?');
    if (placeholder) await showFollowUps(fake, bot, placeholder, sign);

    step('2c', total, "The report's link pasted in the channel: its preview (link_shared → worker → chat.unfurl)");
    if (reportDir) await showUnfurl(fake, bot, reportDir, sign);

    step(3, total, 'A real lock wait on the local server: /dbassist report gamedb1-1 1h (lock-contention scenario)');
    if (!server) {
      console.log('  skipped: no local database server to hold a lock on');
    } else {
      t = Date.now();
      progress('session A updates guilds row 1 in an open transaction and goes idle; session B waits on the same row');
      const lock = await holdRowLock(`${server.url}game`, { table: 'game.guilds', column: 'level', id: 1, create: false });
      try {
        bot.setScenario('lock-contention');
        await bot.slack(slashCommandEvent({ text: 'report gamedb1-1 1h', channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl('lock') }, sign));
        const outcomes = await bot.idle();
        const answer = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts).at(-1);
        show('answer', answer);
        if (outcomes[0] !== 'done') fail(`report job ended ${outcomes[0]}`);
        const dir = bot.reports.at(-1);
        const html = dir && existsSync(resolve(dir, 'report.html')) ? readFileSync(resolve(dir, 'report.html'), 'utf8') : '';
        if (html.includes(`Blocking chain: session ${lock.holderId} `))
          console.log(
            `  ✓ the report names the real chain: session ${lock.holderId} blocks session ${lock.waiterId} (${seconds(t)}): ${resolve(dir!, 'report.html')}`,
          );
        else {
          // Say why: the report lists what it could not read (a gap) when the local server did not answer.
          const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
          const gap = /locks and sessions of[^.;]*[.;]?[^.;]*/.exec(text)?.[0];
          fail(`the report does not show the blocking chain held on the local server${gap ? ` (report says: ${gap.trim()})` : ''}`);
        }
      } finally {
        bot.setScenario(undefined);
        await lock.release();
      }
    }

    step(4, total, '@dbassist with a pasted migration script');
    t = Date.now();
    const mentionTs = `${Math.floor(Date.now() / 1000)}.000100`;
    await bot.slack(
      appMentionEvent(
        { text: `<@UDBASSIST> \`\`\`sql\n${MIGRATION}\n\`\`\``, channel: CHANNEL, user: USER, ts: mentionTs, event_id: 'EvDEMO1', botUserId: 'UDBASSIST' },
        sign,
      ),
    );
    // Slack retries a delivery it thinks was slow; the bot must answer once.
    await bot.slack(
      appMentionEvent(
        { text: `<@UDBASSIST> \`\`\`sql\n${MIGRATION}\n\`\`\``, channel: CHANNEL, user: USER, ts: mentionTs, event_id: 'EvDEMO1', botUserId: 'UDBASSIST' },
        { ...sign, retryNum: 1 },
      ),
    );
    progress(
      server
        ? 'splitting, linting, checking DDL against the live schema, EXPLAIN in a read-only session'
        : 'splitting and linting (static checks: no database)',
    );
    const reviewOutcomes = await bot.idle();
    const thread = fake.thread(CHANNEL, mentionTs);
    show('answer in the thread', thread.at(-1));
    if (thread.length !== 1) fail(`expected one answer in the thread, saw ${thread.length}`);
    if (reviewOutcomes[0] !== 'done') fail(`review job ended ${reviewOutcomes[0]}`);
    console.log(`  ✓ reviewed in ${seconds(t)}; the Slack retry of the same event was ignored`);

    step(5, total, 'Alerts: subscribe, then a CloudWatch alarm and its OK through SNS');
    await bot.slack(
      slashCommandEvent({ text: 'subscribe gamedb1* --severity warning', channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl('sub') }, sign),
    );
    await bot.idle();
    const sub = fake.responses.find((r) => r.id === 'sub');
    console.log(`  ${bold('ephemeral reply')}`);
    for (const line of blocksToText(sub?.body.blocks, String(sub?.body.text ?? '')).split('\n')) console.log(`    │ ${line}`);
    if (!sub) fail('no answer to subscribe');
    const alarmAt = new Date(Date.now() - 25 * 60_000);
    await bot.alerts(alarmNotification('ALARM', 'gamedb1-1', alarmAt, 94.2));
    await bot.alerts(alarmNotification('OK', 'gamedb1-1', new Date(), 41.7));
    const parent = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts).at(-1);
    show('alert (parent, edited when resolved)', parent);
    const replies = parent ? fake.thread(CHANNEL, parent.ts) : [];
    show('resolution in the thread', replies.at(-1));
    if (!parent || parent.edits.length === 0) fail('the alert was not edited on OK');

    step(6, total, '/dbassist report gamedb1 6h — a cluster: every member reported and compared');
    t = Date.now();
    const reportsBefore = bot.reports.length;
    await bot.slack(slashCommandEvent({ text: 'report gamedb1 6h', channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl('cluster') }, sign));
    progress('three members, three reports (writer with the incident, two readers), then the comparison');
    const clusterOutcomes = await bot.idle();
    const clusterAnswer = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts).at(-1);
    show('answer', clusterAnswer);
    if (clusterOutcomes[0] !== 'done') fail(`cluster report job ended ${clusterOutcomes[0]}`);
    if (!JSON.stringify(clusterAnswer?.blocks ?? []).includes('cluster gamedb1 · 3 members')) fail('the answer is not a cluster report of three members');
    console.log(`  ✓ ${bot.reports.length - reportsBefore} member reports written (${seconds(t)}): ${bot.reports.slice(reportsBefore).join(', ')}`);

    step(7, total, "/dbassist health — the fleet ranked worst first, then a row's Report button");
    t = Date.now();
    await bot.slack(slashCommandEvent({ text: 'health', channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl('health') }, sign));
    await bot.idle();
    const fleet = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts).at(-1);
    show('fleet view', fleet);
    const rows = ((fleet?.blocks ?? []) as Array<{ accessory?: { action_id?: string; value?: string } }>).filter((b) => b.accessory?.action_id);
    if (rows.length === 0 || !fleet) fail('the fleet view has no rows');
    else {
      const first = rows[0]!.accessory!;
      await bot.slack(
        blockActionEvent(
          { actionId: first.action_id!, value: first.value!, channel: CHANNEL, user: USER, messageTs: fleet.ts, response_url: fake.responseUrl('row') },
          sign,
        ),
      );
      const rowOutcomes = await bot.idle();
      show(`after clicking "Report 1h" on ${JSON.parse(first.value!).target} (in the thread)`, fake.thread(CHANNEL, fleet.ts).at(-1));
      if (rowOutcomes[0] !== 'done') fail(`the row's report ended ${rowOutcomes[0]}`);
      console.log(`  ✓ ranked ${rows.length} instances the channel may see; the button ran the report (${seconds(t)})`);
    }

    step(8, total, '/dbassist schedule daily 09:00 tz Asia/Seoul report gamedb1-1 1h — and Scheduler fires it');
    await bot.slack(
      slashCommandEvent(
        { text: 'schedule daily 09:00 tz Asia/Seoul report gamedb1-1 1h', channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl('sched') },
        sign,
      ),
    );
    await bot.idle();
    const made = fake.responses.find((r) => r.id === 'sched');
    console.log(`  ${bold('ephemeral reply')}`);
    for (const line of blocksToText(made?.body.blocks, String(made?.body.text ?? '')).split('\n')) console.log(`    │ ${line}`);
    const schedule = [...bot.schedules.values()][0];
    if (!schedule) fail('no schedule was made');
    else {
      console.log(`  ✓ Scheduler holds ${schedule.name}: ${schedule.expression} in ${schedule.timezone}`);
      progress('Scheduler invokes the worker with the stored input (its execution id and time filled in)');
      const outcome = await bot.fireSchedule(schedule.name, new Date());
      show('the scheduled run (a new message in the channel, edited)', fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts).at(-1));
      if (outcome !== 'done') fail(`the scheduled run ended ${outcome}`);
      const id = schedule.name.split('-').at(-1)!;
      await bot.slack(slashCommandEvent({ text: `unschedule ${id}`, channel_id: CHANNEL, user_id: USER, response_url: fake.responseUrl('unsched') }, sign));
      await bot.idle();
      const gone = fake.responses.find((r) => r.id === 'unsched');
      console.log(`  ${bold('ephemeral reply')} ${String(gone?.body.text ?? '')}`);
      if (bot.schedules.size !== 0) fail('the schedule is still in Scheduler after unschedule');
    }

    step('8a', total, 'The App Home of the demo user (app_home_opened → views.publish)');
    fake.members.set(USER, [CHANNEL]);
    t = Date.now();
    await bot.slack(appHomeOpenedEvent({ user: USER, channel: 'DDEMO01' }, sign));
    await bot.idle();
    const home = fake.views.filter((v) => v.method === 'views.publish' && v.user === USER).at(-1)?.view;
    for (const line of blocksToText(home?.blocks, '').split('\n')) console.log(`    │ ${line}`);
    if (!home) fail('the Home was not published');
    else if (!JSON.stringify(home.blocks).includes('`gamedb1*`') || !JSON.stringify(home.blocks).includes('*gamedb1-1*, last'))
      fail('the Home does not show the subscription and the reports of this demo');
    else console.log(`  ✓ published in ${seconds(t)}: ${home.blocks.length} blocks (Slack allows 100), the stand-in checked them`);

    step(9, total, 'Summary');
    console.log(`  Slack calls: ${fake.calls.length} (${[...new Set(fake.calls.map((c) => c.method))].join(', ')})`);
    if (reportDir) console.log(`  Report: ${resolve(reportDir, 'report.html')}`);
    if (!server) console.log(`  Skipped: the live database parts. ${INSTALL_HINT}`);
    console.log(`  Done in ${seconds(started)} with ${failures === 0 ? 'no failures' : `${failures} failure(s)`}.`);
    await fake.stop();
  } finally {
    await server?.stop();
  }
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(`demo failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exitCode = 1;
});
