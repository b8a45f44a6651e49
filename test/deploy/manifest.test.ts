/**
 * manifest.yml against Slack's own manifest schema (test/fixtures/slack-manifest-schema, from
 * slackapi/manifest-schema), and its scopes and events against what the code calls and listens to:
 * every Web API method the bot calls needs its scope in the manifest, and the manifest asks for
 * nothing the code does not use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const FIXTURE = 'test/fixtures/slack-manifest-schema';
const schema = (name: string) => JSON.parse(readFileSync(join(FIXTURE, name), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // manifest.schema.json refers to the versioned schemas by URL; register the local copies under it.
  for (const v of ['1.0.0', '2.0.0'])
    ajv.addSchema(schema(`manifest.schema.${v}.json`), `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${v}.json`);
  return ajv.compile(schema('manifest.schema.json'));
}

type Manifest = {
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions?: { bot_events?: string[] } };
  features: Record<string, unknown>;
};
const manifest = load(readFileSync('manifest.yml', 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.as.ts') ? [p] : [];
  });
}
const code = sources('src')
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n');

/**
 * The bot scopes each Web API method the code calls needs (api.slack.com/methods). chat.postMessage
 * also needs chat:write.public: alerts and placeholders go to public channels the bot may not have
 * been invited to (a subscription names a channel, not the bot's membership).
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.unfurl': ['links:write'],
  'views.publish': [],
  'views.open': [],
  // The App Home lists the user's channels: public ones need channels:read, private ones groups:read.
  'users.conversations': ['channels:read', 'groups:read'],
};
/** The scope each Events API event needs. */
const EVENT_SCOPES: Record<string, string> = { app_mention: 'app_mentions:read', link_shared: 'links:read', app_home_opened: '' };

describe('manifest.yml', () => {
  it("is valid against Slack's manifest schema", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema refuses a broken manifest (the check can fail)', () => {
    const validate = validator();
    expect(validate({ ...manifest, display_information: {} })).toBe(false);
    expect(validate({ ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'dbassist', description: 'no slash' }] } })).toBe(false);
    expect(validate({ ...manifest, oauth_config: { scopes: { bot: ['x'.repeat(51)] } } })).toBe(false);
  });

  it('asks for exactly the scopes the code needs', () => {
    const methods = new Set(
      [...code.matchAll(/\b(?:client|slack)\.(chat|views|reactions|users|conversations|files|links)\.([a-zA-Z]+)\(/g)].map((m) => `${m[1]}.${m[2]}`),
    );
    for (const m of methods) expect(METHOD_SCOPES, `scope of ${m}`).toHaveProperty([m]);
    const events = new Set([...code.matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => m[1]!));
    const needed = new Set([
      ...[...methods].flatMap((m) => METHOD_SCOPES[m] ?? []),
      ...[...events].map((e) => EVENT_SCOPES[e] ?? `unknown event ${e}`).filter((s) => s !== ''),
    ]);
    if (/app\.(command|shortcut)\(/.test(code)) needed.add('commands');
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
    expect(new Set(manifest.settings.event_subscriptions?.bot_events ?? [])).toEqual(events);
  });
});
