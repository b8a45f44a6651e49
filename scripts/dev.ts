/**
 * `npm run dev`: the same Bolt listeners and worker against a real Slack workspace, from a laptop with
 * no public URL (Socket Mode). Needs SLACK_APP_TOKEN (xapp-…, connections:write) and SLACK_BOT_TOKEN.
 *
 * Reports come from the simulated fleet unless DBASSIST_LIVE=1, in which case the worker uses the real
 * collectors with the local AWS profile and DBASSIST_TARGETS. DBASSIST_DEV_MYSQL_URL (optional) points
 * reviews and the simulated report's performance_schema, locks and sessions at a local server;
 * DBASSIST_DEV_SLOW_LOG at its slow log; DBASSIST_DEV_SCENARIO picks the simulated fleet's planted
 * scenario (default cpu-query-regression).
 */
import { App, LogLevel } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from '../src/config/env';
import { createLogger } from '../src/core/log';
import { registerListeners } from '../src/slack/app';
import { MemoryStateStore } from '../src/state/store';
import { processJob } from '../src/worker/process';
import { isScenario, SCENARIOS } from '../src/collectors/simulated/scenarios';
import { createLocalWorker } from './lib/demo-bot';

async function main(): Promise<void> {
  const env = process.env;
  const missing = ['SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN'].filter((v) => !env[v]);
  if (missing.length > 0) {
    console.error(`npm run dev needs ${missing.join(' and ')}.
  SLACK_APP_TOKEN: an app-level token (xapp-…) with connections:write (Basic Information → App-Level Tokens)
  SLACK_BOT_TOKEN: the bot token (xoxb-…) after installing the app from manifest.yml with socket_mode_enabled: true
Without a Slack workspace, \`npm run demo\` runs everything against a local Slack stand-in.`);
    process.exitCode = 2;
    return;
  }
  const log = createLogger({ fn: 'dev' }, undefined, 'info');
  const app = new App({ token: env.SLACK_BOT_TOKEN!, appToken: env.SLACK_APP_TOKEN!, socketMode: true, logLevel: LogLevel.WARN });
  const auth = await app.client.auth.test();
  const live = env.DBASSIST_LIVE === '1';
  let config;
  try {
    config = loadConfig({
      // Lambda-only settings get local defaults; everything else comes from the environment.
      SLACK_SIGNING_SECRET: 'socket-mode-does-not-sign-requests',
      SLACK_BOT_ID: String(auth.bot_id ?? 'BDEV'),
      SLACK_BOT_USER_ID: String(auth.user_id ?? 'UDEV'),
      DBASSIST_REGION: 'ap-northeast-2',
      DBASSIST_REPORTS_BUCKET: 'dbassist-dev',
      BEDROCK_MODEL_ID: 'set-BEDROCK_MODEL_ID',
      DBASSIST_AI: env.BEDROCK_MODEL_ID ? 'on' : 'off',
      DBASSIST_WORKER_FUNCTION: 'in-process',
      DBASSIST_PUBLIC_URL: 'http://localhost',
      DBASSIST_LINK_SECRET: randomBytes(24).toString('hex'),
      DBASSIST_TARGETS: JSON.stringify({
        gamedb1: { cluster: 'gamedb1', secret: 'dbassist/gamedb1', database: 'game', instances: ['gamedb1-1', 'gamedb1-2'] },
      }),
      // A laptop against your own workspace: every team (set DBASSIST_ACCESS to narrow it).
      DBASSIST_ACCESS: JSON.stringify({ teams: ['*'], rules: [{ channels: ['*'], users: ['*'], actions: ['*'], targets: ['*'] }] }),
      ...Object.fromEntries(Object.entries(env).filter(([k]) => /^(SLACK_BOT_TOKEN|DBASSIST_|BEDROCK_)/.test(k))),
    });
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exitCode = 2;
    return;
  }
  const scenario = env.DBASSIST_DEV_SCENARIO;
  if (scenario !== undefined && !isScenario(scenario)) {
    console.error(`DBASSIST_DEV_SCENARIO must be one of ${SCENARIOS.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const worker = createLocalWorker({
    ...(scenario ? { scenario } : {}),
    config,
    log,
    outDir: resolve('out'),
    store: new MemoryStateStore(),
    ...(env.DBASSIST_DEV_MYSQL_URL ? { mysqlUrl: env.DBASSIST_DEV_MYSQL_URL } : {}),
    ...(env.DBASSIST_DEV_SLOW_LOG ? { slowLog: env.DBASSIST_DEV_SLOW_LOG } : {}),
  });
  const handoff = live
    ? async (job: Parameters<typeof worker.handoff>[0]) => {
        void processJob(job, { config, slack: worker.slack, store: worker.store, log }, () => 300_000);
      }
    : worker.handoff;
  registerListeners(app, { config, log, handoff });
  await app.start();
  console.log(
    `dbassist is connected to ${auth.team} as @${auth.user} (Socket Mode, ${live ? 'live AWS collectors' : 'simulated fleet'}). Try /dbassist help. Ctrl-C to stop.`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
