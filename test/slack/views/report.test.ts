import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse';
import type { ReportAnalysis } from '../../../src/analysis/types';
import { simulateInstance } from '../../../src/collectors/simulated/simulate';
import { renderReportReply } from '../../../src/slack/views/report';

const END = new Date('2026-11-20T12:00:00Z');
const analysis = analyse(simulateInstance('gamedb1-1', { ms: 6 * 3_600_000 }, { seed: 4, end: END }));

type AnyBlock = {
  type: string;
  text?: { text: string };
  elements?: Array<{ type: string; text?: { text: string } | string; action_id?: string; value?: string; url?: string }>;
};
const blocksOf = (r: { blocks: unknown[] }) => r.blocks as AnyBlock[];
const allText = (r: { blocks: unknown[] }) => JSON.stringify(r.blocks);

describe('renderReportReply', () => {
  it('leads with the verdict, lists 3–5 key findings with numbers, and offers Open report and re-runs', () => {
    const r = renderReportReply({ target: 'gamedb1-1', windowLabel: '6h', analysis, reportUrl: 'https://bot.example/r/abc', gaps: [] });
    const blocks = blocksOf(r);
    expect(blocks[0]!.type).toBe('header');
    expect(blocks[0]!.text!.text).toContain(analysis.verdict.level.toUpperCase());
    expect(blocks[0]!.text!.text).toContain('gamedb1-1');
    const findings = blocks.find((b) => b.text?.text.startsWith('*Key findings*'))!;
    const lines = findings.text!.text.split('\n').slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(5);
    for (const l of lines) expect(l).toMatch(/\d/);
    const actions = blocks.find((b) => b.type === 'actions')!;
    const ids = actions.elements!.map((e) => e.action_id);
    expect(ids).toEqual(['report_open', 'report_rerun_1h', 'report_rerun_24h']);
    expect(actions.elements![0]!.url).toBe('https://bot.example/r/abc');
    expect(JSON.parse(actions.elements![1]!.value!)).toEqual({ target: 'gamedb1-1' });
    expect(JSON.parse(actions.elements![2]!.value!)).toEqual({ target: 'gamedb1-1' });
    expect(r.text).toContain(analysis.verdict.level.toUpperCase());
    expect(allText(r)).not.toContain('Missing');
  });

  it('shows AI bullets and a missing line, and omits Open report without a link', () => {
    const r = renderReportReply({
      target: 'gamedb1',
      windowLabel: '1h',
      analysis,
      ai: {
        verdict: 'Degraded by one query class',
        bullets: ['CPU 98 % at 06:47Z', 'items scan: 182,000 rows per call'],
        actions: [],
        citations: [],
        source: 'fallback',
        note: 'Claude was throttled; deterministic summary',
      },
      gaps: [{ source: 'perfschema', what: 'performance_schema digests', reason: 'access denied' }],
    });
    const text = allText(r);
    expect(text).toContain('CPU 98 % at 06:47Z');
    expect(text).toContain('Claude was throttled');
    expect(text).toContain('Missing: performance_schema digests (access denied)');
    const actions = blocksOf(r).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['report_rerun_1h', 'report_rerun_24h']);
  });

  it('escapes &, < and > everywhere and stays within Slack limits', () => {
    const evil: ReportAnalysis = {
      ...analysis,
      verdict: { level: 'degraded', reason: `<!channel> & <@U123> ${'x'.repeat(5000)}` },
      findings: [1, 2, 3].map((i) => ({
        id: `f${i}`,
        kind: 'threshold' as const,
        severity: 'high' as const,
        title: `<https://evil|click> ${i} & more`,
        detail: '',
        evidence: {},
      })),
    };
    const r = renderReportReply({
      target: 'gamedb1-1',
      windowLabel: '6h',
      analysis: evil,
      ai: { verdict: '<b>', bullets: ['a <!here> b'], actions: [], citations: [], source: 'model' },
      gaps: [{ source: 'logs', what: '<x>', reason: '&' }],
      reportUrl: 'javascript:alert(1)',
    });
    const text = allText(r);
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil|<!here>|<x>|<b>/);
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(text).not.toContain('javascript:');
    for (const b of blocksOf(r)) {
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    }
    expect(r.blocks.length).toBeLessThanOrEqual(50);
    expect(r.text.length).toBeLessThanOrEqual(3000);
    expect(r.text).not.toContain('<!channel>');
  });
});
