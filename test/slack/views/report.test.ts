import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse';
import { changeLines } from '../../../src/analysis/changes';
import { findingCounts } from '../../../src/analysis/report-lines';
import { simulatedCollect } from '../../../src/collectors/simulated/collect';
import type { ReportAnalysis } from '../../../src/analysis/types';
import { simulateInstance } from '../../../src/collectors/simulated/simulate';
import { renderReport } from '../../../src/report/render';
import { renderReportReply } from '../../../src/slack/views/report';

const END = new Date('2026-11-20T12:00:00Z');
const data = simulateInstance('gamedb1-1', { ms: 6 * 3_600_000 }, { seed: 4, end: END, scenario: 'lock-contention' });
const analysis = analyse(data);

type AnyBlock = {
  type: string;
  text?: { text: string };
  elements?: Array<{ type: string; text?: { text: string } | string; action_id?: string; value?: string; url?: string }>;
};
const blocksOf = (r: { blocks: unknown[] }) => r.blocks as AnyBlock[];
const allText = (r: { blocks: unknown[] }) => JSON.stringify(r.blocks);
/** Every number in a text, as written. */
const numbers = (t: string) => [...t.matchAll(/\d[\d,.]*/g)].map((m) => m[0].replace(/[.,]$/, ''));

describe('renderReportReply', () => {
  it('answers with the cause in one line, three bullets (evidence, action, what else) and the link', () => {
    const r = renderReportReply({ target: 'gamedb1-1', windowLabel: '6h', analysis, reportUrl: 'https://bot.example/r/abc', gaps: [] });
    const blocks = blocksOf(r);
    expect(blocks[0]!.type).toBe('header');
    expect(blocks[0]!.text!.text).toContain(analysis.verdict.level.toUpperCase());
    expect(blocks[0]!.text!.text).toContain('gamedb1-1');
    const cause = analysis.causes[0]!;
    expect(blocks[1]!.text!.text).toBe(`*Likely cause* (${cause.confidence} confidence): ${cause.summary}`);
    const bullets = blocks[2]!.text!.text.split('\n');
    expect(bullets).toHaveLength(3);
    expect(bullets[0]).toMatch(/^• \*Evidence:\* .*\d\d:\d\d/);
    expect(bullets[1]).toMatch(/^• \*Do:\* If it is safe, end the blocker: `KILL 5123`/);
    expect(bullets[2]).toMatch(/^• \*Also:\* /);
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['report_open', 'report_rerun_1h', 'report_rerun_24h']);
    expect(actions.elements![0]!.url).toBe('https://bot.example/r/abc');
    expect(JSON.parse(actions.elements![1]!.value!)).toEqual({ target: 'gamedb1-1' });
    expect(r.text).toContain(cause.summary);
    expect(allText(r)).not.toContain('Missing');
  });

  it('every count in the answer is one the report shows, for every scenario', () => {
    for (const scenario of ['lock-contention', 'replica-restart', 'healthy', 'io-full-scan'] as const) {
      const d = simulateInstance('gamedb1-1', { ms: 6 * 3_600_000 }, { seed: 4, end: END, scenario });
      const a = analyse(d);
      const r = renderReportReply({ target: 'gamedb1-1', windowLabel: '6h', analysis: a, gaps: [] });
      const { html } = renderReport(d, a, undefined, { generatedAt: END });
      const text = blocksOf(r)
        .slice(1, 3)
        .map((b) => b.text!.text)
        .join('\n');
      expect(text).toContain(findingCounts(a));
      expect(html).toContain(findingCounts(a));
      const page = html
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
      for (const n of numbers(text)) expect(page, `${scenario}: the report shows ${n}`).toContain(n);
    }
  });

  it('a healthy window says so, with figures, and a missing line; no Open report without a link', () => {
    const healthy = analyse(simulateInstance('gamedb1-1', { ms: 6 * 3_600_000 }, { seed: 4, end: END, scenario: 'healthy' }));
    const r = renderReportReply({
      target: 'gamedb1',
      windowLabel: '1h',
      analysis: healthy,
      gaps: [{ source: 'perfschema', what: 'performance_schema digests', reason: 'access denied' }],
    });
    const text = allText(r);
    expect(blocksOf(r)[1]!.text!.text).toBe('*No incident* in the last 1h.');
    expect(text).toMatch(/CPU p95 \d+(\.\d+)? %/);
    expect(text).toContain('Missing: performance_schema digests (access denied)');
    const actions = blocksOf(r).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['report_rerun_1h', 'report_rerun_24h']);
  });

  it('shows "what changed" lines when given, one per line', () => {
    const r = renderReportReply({
      target: 'gamedb1-1',
      windowLabel: '6h',
      analysis,
      gaps: [],
      changes: ['CPU p95 +40 % vs the same hours yesterday', '• <b> & c'],
    });
    const block = blocksOf(r).find((b) => b.type === 'context' && JSON.stringify(b).includes('CPU p95'))!;
    expect(block.elements![0]!.text).toBe('CPU p95 +40 % vs the same hours yesterday\n• &lt;b&gt; &amp; c');
  });

  it('says what changed against a week earlier on a simulated report, or that nothing unusual did', async () => {
    const window = { start: new Date(END.getTime() - 6 * 3_600_000), end: END, label: '6h' };
    const regression = analyse(await simulatedCollect({ seed: 4, scenario: 'cpu-query-regression' })({ instance: 'gamedb1-1', window, vs: '1w' }));
    let r = renderReportReply({ target: 'gamedb1-1', windowLabel: '6h', analysis: regression, gaps: [], changes: changeLines(regression.changes!) });
    expect(allText(r)).toMatch(/Changed since the same window a week earlier: [^"]*query class/);
    expect(allText(r)).toContain('• new query class `select * from items where owner_id = ?');
    const healthy = analyse(await simulatedCollect({ seed: 4, scenario: 'healthy' })({ instance: 'gamedb1-1', window, vs: '1w' }));
    r = renderReportReply({ target: 'gamedb1-1', windowLabel: '6h', analysis: healthy, gaps: [], changes: changeLines(healthy.changes!) });
    expect(allText(r)).toContain('Nothing unusual changed since the same window a week earlier.');
  });

  it('escapes &, < and > everywhere and stays within Slack limits', () => {
    const evil: ReportAnalysis = {
      ...analysis,
      verdict: { level: 'degraded', reason: `<!channel> & <@U123> ${'x'.repeat(5000)}` },
      causes: [
        {
          ...analysis.causes[0]!,
          summary: `<https://evil|click> & <!here> ${'y'.repeat(4000)}`,
          actions: ['<!channel> now'],
          evidence: [{ text: '<@U999> & more' }],
        },
      ],
    };
    const r = renderReportReply({
      target: 'gamedb1-1',
      windowLabel: '6h',
      analysis: evil,
      gaps: [{ source: 'logs', what: '<x>', reason: '&' }],
      reportUrl: 'javascript:alert(1)',
    });
    const text = allText(r);
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil|<!here>|<x>|<@U999>/);
    expect(text).toContain('&lt;https://evil|click&gt; &amp; &lt;!here&gt;');
    expect(text).not.toContain('javascript:');
    for (const b of blocksOf(r)) {
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    }
    expect(text.length).toBeLessThan(11_000);
    expect(r.blocks.length).toBeLessThanOrEqual(50);
    expect(r.text.length).toBeLessThanOrEqual(3000);
    expect(r.text).not.toContain('<!channel>');
  });
});
