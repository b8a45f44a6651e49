/**
 * The Home and subscribe-modal views: within Slack's view limits however many rows there are, user and
 * server text escaped, and the modal's choices exactly what the alert path honours.
 */
import { describe, expect, it } from 'vitest';
import { rdsEventCategories } from '../../../src/alerts/rds-events';
import { escapingProblem, viewProblems } from '../../../src/slack/message-limits';
import { viewElementProblems } from '../../../src/slack/view-limits';
import { HOME_CAPS, type HomeData, homeView } from '../../../src/slack/views/home';
import { REPORT_FIELD, reportModal } from '../../../src/slack/views/report-modal';
import { EVENT_CHOICES, noticeModal, subscribeModal } from '../../../src/slack/views/subscribe-modal';

const problems = (view: unknown) => [...viewProblems(view), ...viewElementProblems(view)];

function rows(n: number): HomeData {
  return {
    subscriptions: Array.from({ length: n }, (_, i) => ({
      channel: `C${i}`,
      subscription: { pattern: `gamedb${i}*`, level: 'warning' as const, events: ['failover'], mentionHere: true, by: 'U1', at: '2026-01-01T00:00:00Z' },
    })),
    incidents: Array.from({ length: n }, (_, i) => ({
      channel: `C${i}`,
      target: `gamedb${i}-1`,
      level: 'critical' as const,
      state: 'alarm' as const,
      // Server text (an alarm's description) that would be a broadcast unescaped.
      title: `CPU <!channel> & <https://evil.example|click> ${'x'.repeat(300)}`,
      since: 1_700_000_000_000 + i,
      link: `https://example.slack.com/archives/C${i}/p1700000000000100`,
    })),
    schedules: Array.from({ length: n }, (_, i) => ({
      channel: `C${i}`,
      schedule: {
        id: `s${String(i % 1e7).padStart(7, '0')}`,
        name: 'n',
        when: { every: 'week' as const, day: 'mon' as const, hour: 9, minute: 0, timezone: 'Asia/Seoul' },
        expression: 'cron(0 9 ? * MON *)',
        command: { verb: 'health' as const, pattern: 'gamedb*' },
        by: 'U1',
        at: '2026-01-01T00:00:00Z',
      },
    })),
    reports: Array.from({ length: Math.min(n, 10) }, (_, i) => ({
      instance: 'gamedb1-1',
      windowLabel: '6h',
      level: 'critical',
      channel: 'C1',
      threadTs: `1700000000.00010${i}`,
      at: '2026-01-01T00:00:00Z',
      reportUrl: 'https://api.example.test/r/abc',
    })),
    notes: ['Only 500 of 900 incident records were read; <!here> some open incidents may be missing.'],
  };
}

describe('homeView', () => {
  it('stays within 100 blocks and Slack’s limits with 500 rows of everything, counting what is left out', () => {
    const view = homeView(rows(500));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(problems(view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(`…and ${500 - HOME_CAPS.subscriptions} more.`);
    expect(text).toContain(`…and ${500 - HOME_CAPS.incidents} more.`);
    expect(text).toContain(`…and ${500 - HOME_CAPS.schedules} more.`);
    expect(view.blocks.filter((b) => (b as { accessory?: unknown }).accessory)).toHaveLength(HOME_CAPS.subscriptions);
  });

  it('escapes alarm text and notes: no broadcast, no forged link', () => {
    const text = JSON.stringify(homeView(rows(3)).blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    for (const b of homeView(rows(3)).blocks) {
      const t = (b as { text?: { text: string } }).text?.text;
      if (t) expect(escapingProblem(t), t).toBeUndefined();
    }
  });

  it('a row count that fits shows no "more" line', () => {
    const text = JSON.stringify(homeView(rows(2)).blocks);
    expect(text).not.toContain('more.');
    expect(text).toContain('`health gamedb*` weekly mon 09:00 Asia/Seoul');
  });
});

describe('subscribeModal', () => {
  it('is a valid modal from a command and from the Home; a notice modal too', () => {
    for (const from of ['command', 'home'] as const) expect(problems(subscribeModal({ from, knownTargets: ['gamedb1', 'gamedb1-1'] }))).toEqual([]);
    expect(problems(subscribeModal({ from: 'command', knownTargets: Array.from({ length: 500 }, (_, i) => `gamedb${i}`) }))).toEqual([]);
    expect(problems(noticeModal('Not unsubscribed because of a very long title', 'You are not allowed <!channel> & co.'))).toEqual([]);
  });

  it('the report modal selects among up to 100 targets, and takes typed names beyond that', () => {
    const targetElement = (n: number) => {
      const view = reportModal(Array.from({ length: n }, (_, i) => `gamedb${i}`));
      expect(problems(view)).toEqual([]);
      return (view.blocks.find((b) => b.block_id === REPORT_FIELD.target) as { element: { type: string } }).element.type;
    };
    expect(targetElement(4)).toBe('static_select');
    expect(targetElement(100)).toBe('static_select');
    expect(targetElement(101)).toBe('plain_text_input');
    expect(targetElement(0)).toBe('plain_text_input');
  });

  it('offers only event categories the alert path gives notifications', () => {
    const produced = new Set(['alarm']);
    for (let i = 1; i <= 400; i++) for (const c of rdsEventCategories(`RDS-EVENT-${String(i).padStart(4, '0')}`, '')) produced.add(c);
    for (const c of EVENT_CHOICES) expect(produced.has(c.value), c.value).toBe(true);
    expect(EVENT_CHOICES.length).toBeLessThanOrEqual(10);
  });
});
