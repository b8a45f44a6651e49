/**
 * headline.json: what a report link's preview shows, published beside report.html. It carries the
 * report's verdict and top cause with at most two lines of evidence, cut to fixed sizes, and reads back
 * only when it has the expected shape.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { simulateInstance } from '../../src/collectors/simulated/simulate';
import { readHeadline, reportHeadline } from '../../src/report/headline';
import { renderReport } from '../../src/report/render';

const END = new Date('2026-11-20T12:00:00Z');
const MADE = new Date('2026-11-20T12:00:30Z');

describe('report headline', () => {
  it('is published beside the report with the verdict, the top cause and its evidence', () => {
    const data = simulateInstance('gamedb1-1', { ms: 6 * 3_600_000 }, { seed: 5, end: END });
    const analysis = analyse(data);
    expect(analysis.causes.length).toBeGreaterThan(0);
    const { artifacts } = renderReport(data, analysis, undefined, { generatedAt: MADE });
    const h = readHeadline(artifacts['headline.json'])!;
    expect(h).toEqual(reportHeadline(data, analysis, MADE));
    expect(h.instance).toBe('gamedb1-1');
    expect(h.generatedAt).toBe(MADE.toISOString());
    expect(h.verdict).toEqual({ level: analysis.verdict.level, reason: analysis.verdict.reason });
    expect(h.cause!.summary).toBe(analysis.causes[0]!.summary);
    expect(h.cause!.evidence.map((e) => e.text)).toEqual(analysis.causes[0]!.evidence.slice(0, 2).map((e) => e.text));
    // No SQL sample text (literals) reaches the preview.
    expect(artifacts['headline.json']).not.toContain(data.perfSchema!.byTotalTime[0]!.sampleText!);
  });

  it('cuts long text and leaves the cause out when there is none', () => {
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    const analysis = analyse(data);
    const long = { ...analysis, verdict: { ...analysis.verdict, reason: 'x'.repeat(5_000) }, causes: [] };
    const h = reportHeadline(data, long, MADE);
    expect(h.verdict.reason).toHaveLength(400);
    expect(h.verdict.reason.endsWith('…')).toBe(true);
    expect(h.cause).toBeUndefined();
    expect(readHeadline(JSON.stringify(h))).toEqual(h);
  });

  it('refuses a file that is not a headline', () => {
    expect(readHeadline('not json')).toBeUndefined();
    expect(readHeadline('{"v":2}')).toBeUndefined();
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    const h = reportHeadline(data, analyse(data), MADE);
    expect(readHeadline(JSON.stringify({ ...h, verdict: { level: 'fine', reason: '' } }))).toBeUndefined();
    expect(readHeadline(JSON.stringify({ ...h, instance: 'x'.repeat(101) }))).toBeUndefined();
  });
});
