/**
 * The Slack stand-in's chat.unfurl, through the real WebClient: the arguments Slack checks (`channel` +
 * `ts`, or `unfurl_id` + `source`; `unfurls` a map of URL → attachment), only URLs announced in a
 * link_shared event, and each attachment's blocks within Slack's message limits.
 */
import type { KnownBlock } from '@slack/types';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { linkSharedFields } from '../../scripts/lib/slack-requests';

const fake = new SlackFake();
let web: WebClient;
beforeAll(async () => {
  await fake.start();
  web = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const URL_A = 'https://api.example.test/r/abc.def';
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const unfurl = (args: Record<string, unknown>) =>
  web.chat.unfurl(args as never).then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error ?? 'threw',
  );

describe('chat.unfurl in the stand-in', () => {
  it('accepts channel+ts or unfurl_id+source for links Slack announced, and records them', async () => {
    const e = linkSharedFields({ urls: [URL_A], channel: 'C1' });
    fake.shareLinks(e);
    const unfurls = { [URL_A]: { blocks: [section('a report')] } };
    expect(await unfurl({ channel: 'C1', ts: e.message_ts, unfurls })).toBe('ok');
    expect(await unfurl({ unfurl_id: e.unfurl_id, source: 'conversations_history', unfurls })).toBe('ok');
    expect(fake.unfurls).toEqual([
      { channel: 'C1', ts: e.message_ts, unfurls },
      { unfurl_id: e.unfurl_id, source: 'conversations_history', unfurls },
    ]);
  });

  it('refuses unpaired or unknown targets, a bad source, a malformed map and a URL Slack did not announce', async () => {
    const e = linkSharedFields({ urls: [URL_A], channel: 'C1' });
    fake.shareLinks(e);
    const unfurls = { [URL_A]: { blocks: [section('a report')] } };
    expect(await unfurl({ channel: 'C1', unfurls })).toBe('missing_ts');
    expect(await unfurl({ ts: e.message_ts, unfurls })).toBe('missing_channel');
    expect(await unfurl({ unfurl_id: e.unfurl_id, unfurls })).toBe('invalid_arguments');
    expect(await unfurl({ unfurl_id: e.unfurl_id, source: 'somewhere', unfurls })).toBe('invalid_arguments');
    expect(await unfurl({ channel: 'C1', ts: e.message_ts })).toBe('missing_unfurls');
    expect(await unfurl({ channel: 'C1', ts: e.message_ts, unfurls: [section('x')] })).toBe('invalid_unfurls_format');
    expect(await unfurl({ channel: 'C1', ts: e.message_ts, unfurls: { [URL_A]: 'text' } })).toBe('invalid_unfurls_format');
    expect(await unfurl({ channel: 'C1', ts: '1.2', unfurls })).toBe('cannot_unfurl_url');
    expect(await unfurl({ channel: 'C1', ts: e.message_ts, unfurls: { 'https://other.test/x': { blocks: [section('x')] } } })).toBe('cannot_unfurl_url');
    expect(fake.unfurls).toEqual([]);
  });

  it("checks each attachment's blocks like a message (invalid_blocks, msg_blocks_too_long)", async () => {
    const e = linkSharedFields({ urls: [URL_A], channel: 'C1' });
    fake.shareLinks(e);
    const target = { channel: 'C1', ts: e.message_ts };
    expect(await unfurl({ ...target, unfurls: { [URL_A]: { blocks: [section('x'.repeat(3_001))] } } })).toBe('invalid_blocks');
    expect(await unfurl({ ...target, unfurls: { [URL_A]: { blocks: Array.from({ length: 5 }, () => section('y'.repeat(2_600))) } } })).toBe(
      'msg_blocks_too_long',
    );
    expect(fake.unfurls).toEqual([]);
  });
});
