/**
 * View rules beyond the block limits (src/slack/view-limits.ts), and the Slack stand-in refusing
 * views the way Slack does: 100 blocks, a 24-character title, 3,000 characters of private_metadata,
 * selects that work only in modals.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../../scripts/lib/slack-fake';
import { viewElementProblems, viewErrorsProblems } from '../../src/slack/view-limits';
import { subscribeModal } from '../../src/slack/views/subscribe-modal';

const fake = new SlackFake();
let slack: WebClient;
beforeAll(async () => {
  await fake.start();
  slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => fake.stop());

const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
const modal = (o: Record<string, unknown> = {}) => ({ type: 'modal', title: { type: 'plain_text', text: 'Subscribe' }, blocks: [section], ...o });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error,
  );

describe('the Slack stand-in and views', () => {
  it('refuses what Slack refuses', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['101 blocks on the Home', { type: 'home', blocks: Array.from({ length: 101 }, () => section) }],
      ['a 25-character title', modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } })],
      ['3,001 characters of private_metadata', modal({ private_metadata: 'x'.repeat(3001) })],
      ['a submit button on the Home', { type: 'home', blocks: [section], submit: { type: 'plain_text', text: 'Go' } }],
      [
        'response_url_enabled outside a modal input',
        { type: 'home', blocks: [{ type: 'actions', elements: [{ type: 'conversations_select', action_id: 'c', response_url_enabled: true }] }] },
      ],
      [
        'an input label in mrkdwn',
        modal({
          submit: { type: 'plain_text', text: 'Go' },
          blocks: [{ type: 'input', block_id: 'p', label: { type: 'mrkdwn', text: '*x*' }, element: { type: 'plain_text_input', action_id: 'p' } }],
        }),
      ],
      [
        'a select option in mrkdwn',
        modal({
          submit: { type: 'plain_text', text: 'Go' },
          blocks: [
            {
              type: 'input',
              block_id: 's',
              label: { type: 'plain_text', text: 'x' },
              element: { type: 'static_select', action_id: 's', options: [{ text: { type: 'mrkdwn', text: '*a*' }, value: 'a' }] },
            },
          ],
        }),
      ],
    ];
    for (const [what, view] of cases) {
      const method =
        view.type === 'home' ? slack.views.publish({ user_id: 'U1', view: view as never }) : slack.views.open({ trigger_id: '1.2.3', view: view as never });
      expect(await refusal(method), what).toBe('invalid_arguments');
    }
    expect(await refusal(slack.views.open({ trigger_id: '1.2.3', view: subscribeModal({ from: 'command', knownTargets: ['gamedb1'] }) }))).toBe('ok');
    expect(await refusal(slack.views.open({ trigger_id: '', view: subscribeModal({ from: 'command', knownTargets: [] }) }))).toBe('invalid_arguments');
  });

  it('checks an errors answer against the view’s input blocks', () => {
    const view = subscribeModal({ from: 'command', knownTargets: [] });
    expect(viewErrorsProblems(view, { response_action: 'errors', errors: { pattern: 'Bad.' } })).toEqual([]);
    expect(viewErrorsProblems(view, { response_action: 'errors', errors: { nowhere: 'Bad.' } })).toHaveLength(1);
    expect(viewErrorsProblems(view, { response_action: 'errors', errors: { pattern: '' } })).toHaveLength(1);
    expect(viewErrorsProblems(view, { response_action: 'clear' })).toHaveLength(1);
    expect(viewElementProblems(view)).toEqual([]);
  });
});
