import { describe, expect, it } from 'vitest';
import type { AiSummary } from '../../src/ai/types';
import { analyse } from '../../src/analysis/analyse';
import { parseMetricsCsv } from '../../src/report/csv';
import { escapeHtml, safeHref } from '../../src/report/html-escape';
import { fillTemplate, renderReport } from '../../src/report/render';
import { simulateInstance } from '../../src/collectors/simulated/simulate';
import { downsample } from '../../src/report/svg-chart';

const END = new Date('2026-11-20T12:00:00Z');
const EVIL = '<script>alert("x")</script>&<img src=x onerror=alert(1)>';

function hostileData() {
  const data = simulateInstance('gamedb1-1', { ms: 6 * 3_600_000 }, { seed: 5, end: END });
  data.events.push({ time: data.window.end, sourceId: 'gamedb1-1', sourceType: 'db-instance', message: EVIL, categories: ['notification'] });
  data.errorLog.push({ time: data.window.end, message: EVIL });
  data.slowLog!.classes[0]!.fingerprint = `select ${EVIL} from t where a = ?`;
  data.perfSchema!.byTotalTime[0]!.digestText = `SELECT '${EVIL}' FROM t`;
  data.gaps.push({ source: 'logs', what: EVIL, reason: EVIL });
  return data;
}

const ai: AiSummary = {
  verdict: `Degraded ${EVIL}`,
  bullets: [`CPU 95 % ${EVIL}`],
  actions: ['Index items(owner_id)'],
  citations: [
    { title: 'Aurora tuning', uri: 'https://docs.aws.amazon.com/x' },
    { title: 'bad', uri: 'javascript:alert(1)' },
  ],
  source: 'model',
};

describe('renderReport', () => {
  it('escapes every collected and AI text and loads nothing external', () => {
    const data = hostileData();
    const { html } = renderReport(data, analyse(data), ai, { generatedAt: END });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('href="https://docs.aws.amazon.com/x"');
    expect(html).not.toMatch(/<(link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc=["']?https?:/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/@import|@font-face/);
    expect(html).not.toMatch(/\{\{\w+\}\}/);
    expect(html).toContain("default-src 'none'");
  });

  it('leads with the cause, evidence, actions and timeline, then load by wait and the incident SQL, then the rest', () => {
    const data = simulateInstance('gamedb1-1', { ms: 86_400_000 }, { seed: 2, end: END, scenario: 'replica-restart' });
    const analysis = analyse(data);
    const { html } = renderReport(data, analysis, ai, { generatedAt: END });
    const order = [
      'first-screen',
      'load',
      'instance',
      'symptoms',
      'charts',
      'recommendations',
      'slow-queries',
      'top-sql',
      'events',
      'statistics',
      'correlations',
      'findings',
      'ai-summary',
    ].map((id) => html.indexOf(`<section id="${id}"`));
    for (const i of order) expect(i).toBeGreaterThan(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const first = html.slice(order[0]!, order[1]!);
    expect(first).toContain(`class="verdict ${analysis.verdict.level}"`);
    expect(first).toContain(escapeHtml(analysis.causes[0]!.summary).replace(/`([^`]+)`/g, '<code>$1</code>'));
    expect(first.match(/<ol class="actions">(.*?)<\/ol>/s)![1]!.match(/<li>/g)).toHaveLength(3);
    expect(first).toContain('aria-label="incident timeline"');
    // The reader's shutdown is a labelled marker, not an anonymous line.
    expect(html).toMatch(/<text class="event-label"[^>]*>gamedb1-2 shutdown<\/text>/);
    expect(html).toContain('gamedb1-2: DB instance shutdown</title>');
    // Load by wait with the vCPU line, before the small multiples.
    const load = html.slice(order[1]!, order[2]!);
    expect(load).toContain('aria-label="database load by wait class"');
    expect(load).toContain('class="vcpu"');
    expect(load).toContain('8 vCPUs');
    // Small multiples: every non-flat metric charted with 3–6 value gridlines, the flat ones in a table.
    const charts = html.slice(order[4]!, order[5]!);
    const figures = charts.match(/<figure id="chart-/g)!.length;
    const flatRows = (charts.match(/<tr id="chart-/g) ?? []).length;
    expect(figures + flatRows).toBe(data.metrics.length);
    expect(flatRows).toBeGreaterThan(0);
    for (const svg of charts.match(/<svg[\s\S]*?<\/svg>/g)!) {
      const grid = (svg.match(/class="grid"/g) ?? []).length;
      expect(grid).toBeGreaterThanOrEqual(3);
      expect(grid).toBeLessThanOrEqual(6);
      expect(svg).not.toContain('score');
    }
    // One time format: no ISO timestamps or bare "HH:MMZ" in the page.
    expect(html.replace(/<[^>]+>/g, '')).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d|\b\d\d:\d\dZ\b/);
    // Symptoms about a charted metric link to its chart.
    const linked = analysis.findings.find((f) => f.evidence.metric === 'ConnectionAttempts')!;
    expect(html).toContain(`<a href="#chart-ConnectionAttempts">${escapeHtml(linked.title)}</a>`);
  });

  it('never puts MySQL 8 sample texts (literals) in the page or the .sql artifact', () => {
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    const sample = data.perfSchema!.byTotalTime[0]!.sampleText!;
    expect(sample).toMatch(/\d{3,}/); // the sample carries a literal
    const { html, artifacts } = renderReport(data, analyse(data), ai);
    expect(html).not.toContain(escapeHtml(sample));
    expect(artifacts['top-sql.sql']).not.toContain(sample);
    expect(artifacts['top-sql.sql']).not.toContain('918273');
    for (const s of data.perfSchema!.byTotalTime) expect(artifacts['top-sql.sql']).toContain(`${s.digestText};`);
    expect(artifacts['top-sql.sql']).toContain(`${data.slowLog!.classes[0]!.fingerprint};`);
    // digest.json is the digest as `dbassist digest --format json` writes it: no per-class timelines.
    expect(JSON.parse(artifacts['digest.json'])).toEqual({ ...data.slowLog, classes: data.slowLog!.classes.map(({ timeline: _t, ...c }) => c) });
    expect(artifacts['digest.json']).not.toContain('timeline');
  });

  it('writes a metrics CSV that parses back to the same series', () => {
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    const { artifacts } = renderReport(data, analyse(data));
    const csv = artifacts['metrics.csv'];
    const header = csv.slice(0, csv.indexOf('\n')).split(',');
    expect(header[0]).toBe('timestamp');
    expect(header).toContain('cluster.VolumeBytesUsed');
    expect(csv.split('\n')[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    const back = parseMetricsCsv(csv);
    expect(back).toHaveLength(data.metrics.length);
    for (const m of data.metrics) {
      const b = back.find((x) => x.name === m.name && x.scope === m.scope)!;
      expect(b.timestamps).toEqual(m.timestamps);
      expect(b.values).toEqual(m.values);
    }
  });

  it('renders empty sections plainly when data is missing', () => {
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    data.metrics = [];
    data.events = [];
    delete data.slowLog;
    delete data.perfSchema;
    delete data.pi;
    delete data.instanceState;
    data.missingMetrics = ['CPUUtilization'];
    const { html, artifacts } = renderReport(data, analyse(data));
    expect(html).toContain('No metrics were collected.');
    expect(html).toContain('No slow-log digest for this window.');
    expect(html).toContain('No database load by wait');
    expect(html).toContain('The instance was not read');
    expect(html).toContain('performance_schema was not read');
    expect(html).toContain('metrics without data: CPUUtilization');
    expect(html).toContain('No AI summary');
    expect(artifacts['top-sql.sql']).toContain('No statement data');
    expect(artifacts['metrics.csv']).toBe('timestamp\n');
  });
});

describe('helpers', () => {
  it('fills slots once and rejects unknown ones', () => {
    expect(fillTemplate('<p>{{a}}</p>', { a: '{{b}}' })).toBe('<p>{{b}}</p>');
    expect(() => fillTemplate('{{nope}}', {})).toThrow(/unknown slot/);
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('https://a.example/?q="x"')).toBe('https://a.example/?q=&quot;x&quot;');
  });

  it('downsamples to at most two points per pixel column and keeps the extremes', () => {
    const n = 10_080;
    const t = Array.from({ length: n }, (_, i) => i * 60_000);
    const v = t.map((_, i) => (i === 5000 ? 1000 : i === 7000 ? -1000 : Math.sin(i / 100)));
    const cols = downsample(t, v, 0, n * 60_000, 700);
    expect(cols.length).toBeLessThanOrEqual(700);
    expect(cols.reduce((a, c) => a + c.values.length, 0)).toBeLessThanOrEqual(1400);
    const all = cols.flatMap((c) => c.values);
    expect(Math.max(...all)).toBe(1000);
    expect(Math.min(...all)).toBe(-1000);
  });
});
