/**
 * The report link preview views: hostile text in a headline (instance, cause, evidence) is escaped and
 * passes Slack's limits at its longest; the bare and invalid previews carry nothing of the report.
 */
import { describe, expect, it } from 'vitest';
import type { ReportHeadline } from '../../../src/report/headline';
import { messageProblems } from '../../../src/slack/message-limits';
import { bareUnfurl, invalidLinkUnfurl, reportUnfurl } from '../../../src/slack/views/unfurl';

const URL_A = 'https://api.example.test/r/abc.def';
const EXPIRES = new Date('2027-01-04T13:00:00Z');
const EVIL = '<!channel> <@U123> <https://evil.example|click> & `tick`';

const headline = (over: Partial<ReportHeadline> = {}): ReportHeadline => ({
  v: 1,
  instance: 'gamedb1-1',
  windowLabel: '6h',
  start: '2026-11-20T06:00:00.000Z',
  end: '2026-11-20T12:00:00.000Z',
  generatedAt: '2026-11-20T12:00:30.000Z',
  verdict: { level: 'critical', reason: 'critical: CPUUtilization 97 %' },
  cause: {
    summary: `Lock contention on game.items ${EVIL}`,
    confidence: 'high',
    evidence: [{ text: `Row lock waits 41 s ${EVIL}`, at: '2026-11-20T11:05:00.000Z' }, { text: 'x'.repeat(300) }],
  },
  ...over,
});

describe('report unfurl views', () => {
  it('shows the headline escaped, with times, expiry and the Open report button', () => {
    const a = reportUnfurl(headline(), URL_A, EXPIRES);
    const shown = JSON.stringify(a.blocks);
    expect(shown).toContain('CRITICAL · gamedb1-1');
    expect(shown).toContain('Nov 20 06:00–Nov 20 12:00 UTC');
    expect(shown).toContain('Lock contention on game.items &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp;');
    expect(shown).toContain('Nov 20 11:05 Row lock waits 41 s');
    expect(shown).toContain('dbassist report made Nov 20 12:00 UTC · link valid until Jan 4 13:00 UTC');
    expect(shown).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    expect(a.color).toBe('#d92d20');
    expect(messageProblems({ blocks: a.blocks })).toEqual([]);
  });

  it('stays within limits at the longest a headline can be', () => {
    const long = headline({
      instance: 'i'.repeat(100),
      verdict: { level: 'degraded', reason: '<'.repeat(400) },
      cause: { summary: '&'.repeat(400), confidence: 'low', evidence: [{ text: '>'.repeat(300) }, { text: '<'.repeat(300) }] },
    });
    expect(messageProblems({ blocks: reportUnfurl(long, URL_A, EXPIRES).blocks })).toEqual([]);
    expect(messageProblems({ blocks: reportUnfurl({ ...long, cause: undefined }, URL_A, EXPIRES).blocks })).toEqual([]);
  });

  it('a report without a cause shows its verdict; a link Slack could not carry gets no button', () => {
    const a = reportUnfurl(
      headline({ cause: undefined, verdict: { level: 'healthy', reason: 'healthy: nothing stood out' } }),
      'https://x.test/r/a|b',
      EXPIRES,
    );
    const shown = JSON.stringify(a.blocks);
    expect(shown).toContain('healthy: nothing stood out');
    expect(shown).not.toContain('Open report');
  });

  it('the bare and invalid previews carry no report content', () => {
    const bare = JSON.stringify(bareUnfurl(URL_A, EXPIRES));
    expect(bare).toContain('open it to view');
    expect(bare).toContain('Open report');
    expect(JSON.stringify(invalidLinkUnfurl('expired'))).toContain('has expired');
    expect(JSON.stringify(invalidLinkUnfurl('invalid'))).toContain('is not valid');
    for (const a of [bareUnfurl(URL_A, EXPIRES), invalidLinkUnfurl('expired'), invalidLinkUnfurl('invalid')])
      expect(messageProblems({ blocks: a.blocks })).toEqual([]);
  });
});
