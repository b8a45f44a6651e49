/**
 * Why the manifest keeps `chat:write.public` (issue 17's scope review): slash commands work in public
 * channels the bot was never invited to, and alert subscriptions name a channel, not the bot's
 * membership. The Slack stand-in refuses chat.postMessage in such a channel (not_in_channel) unless the
 * token has chat:write.public, as Slack does. With the manifest's scopes a report there gets its
 * placeholder, its progress edits and a thread (for follow-ups), and alerts arrive; without the scope
 * the report falls back to one response_url answer and every alert is dropped.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBot } from '../../scripts/lib/demo-bot';
import { alarmNotification } from '../../scripts/lib/demo-events';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { slashCommandEvent } from '../../scripts/lib/slack-requests';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { SIGNING_SECRET, testEnv } from '../support/env';

const fake = new SlackFake();
const sign = { signingSecret: SIGNING_SECRET };
const PUBLIC = 'CPUB';
const manifestScopes = new Set((load(readFileSync('manifest.yml', 'utf8')) as { oauth_config: { scopes: { bot: string[] } } }).oauth_config.scopes.bot);
const withoutPublic = new Set([...manifestScopes].filter((s) => s !== 'chat:write.public'));
let outDir: string;

beforeAll(async () => {
  await fake.start();
  outDir = mkdtempSync(join(tmpdir(), 'dbassist-public-'));
});
afterAll(async () => {
  await fake.stop();
  rmSync(outDir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.publicNotJoined.add(PUBLIC);
});

// UADMIN may run anything anywhere (test/support/env.ts DBASSIST_ACCESS).
const bot = () => createDemoBot({ config: loadConfig(testEnv(fake.apiUrl)), log: createLogger({}, () => undefined), outDir });
const inPublic = () => fake.messages.filter((m) => m.channel === PUBLIC);

describe('chat:write.public: public channels the bot was not invited to', () => {
  it('the manifest asks for it', () => {
    expect(manifestScopes.has('chat:write.public')).toBe(true);
  });

  it('with it, /dbassist report there gets a placeholder edited into the answer, in a thread of its own', async () => {
    fake.botScopes = manifestScopes;
    const b = bot();
    await b.slack(slashCommandEvent({ text: 'report gamedb1-1 1h', channel_id: PUBLIC, user_id: 'UADMIN', response_url: fake.responseUrl('p') }, sign));
    expect(await b.idle()).toEqual(['done']);
    const [root, ...rest] = inPublic();
    expect(rest).toEqual([]);
    expect(root!.edits[0]!.text).toBe('Working on report for gamedb1-1, last 1 hour…');
    expect(root!.text).toMatch(/^(HEALTHY|DEGRADED|CRITICAL): gamedb1-1/);
    expect(fake.responses).toEqual([]);
  });

  it('without it, the same command can only answer once through response_url: no placeholder, no thread', async () => {
    fake.botScopes = withoutPublic;
    const b = bot();
    await b.slack(slashCommandEvent({ text: 'report gamedb1-1 1h', channel_id: PUBLIC, user_id: 'UADMIN', response_url: fake.responseUrl('p') }, sign));
    expect(await b.idle()).toEqual(['done']);
    expect(inPublic()).toEqual([]);
    expect(fake.responses).toHaveLength(1);
    expect(fake.responses[0]!.body.response_type).toBe('in_channel');
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === PUBLIC).length).toBeGreaterThan(0);
  });

  it.each([
    ['with it, alerts of a subscription there are posted', manifestScopes, 1],
    ['without it, every alert there is dropped', withoutPublic, 0],
  ])('%s', async (_name, scopes, posted) => {
    fake.botScopes = scopes;
    const b = bot();
    await b.slack(
      slashCommandEvent({ text: 'subscribe gamedb1* --severity warning', channel_id: PUBLIC, user_id: 'UADMIN', response_url: fake.responseUrl('s') }, sign),
    );
    await b.idle();
    expect(JSON.stringify(fake.responses.at(-1)!.body)).toContain('gamedb1*');
    await b.alerts(alarmNotification('ALARM', 'gamedb1-1', new Date(Date.now() - 5 * 60_000), 94.2));
    expect(inPublic()).toHaveLength(posted);
  });
});
