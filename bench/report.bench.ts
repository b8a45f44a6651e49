/**
 * Report analysis + rendering for 20 metrics × 10,080 points (7 days at 1 minute, with Performance
 * Insights load, slow-log timelines and the incident/cause analysis): median of 5 runs after a warm-up,
 * target ≤ 1 s for analysis + render together (wall time, and CPU time, which holds on a busy machine). Also the default simulated report
 * (27 metrics, ≤ 1,440 points) end to end, and the sizes of what is published.
 */
import { analyse } from '../src/analysis/analyse';
import { renderReport } from '../src/report/render';
import { simulateInstance } from '../src/collectors/simulated/simulate';
import type { Bench } from './types';

const END = new Date('2026-11-20T12:00:00Z');
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time and CPU time (user + system) of one call; CPU time is what holds on a shared, busy machine. */
function time<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

export const benchmarks: Bench[] = [
  {
    name: 'report: 20 metrics × 10,080 points',
    async run() {
      const data = simulateInstance('gamedb1-1', { ms: 7 * 86_400_000 }, { seed: 1, end: END, periodS: 60 });
      data.metrics = data.metrics.slice(0, 20);
      const points = data.metrics.reduce((a, m) => a + m.values.length, 0);
      if (points !== 20 * 10_080) throw new Error(`expected 201,600 points, got ${points}`);
      const a0 = analyse(data);
      renderReport(data, a0, undefined, { generatedAt: END }); // warm-up
      const analysisMs: number[] = [];
      const renderMs: number[] = [];
      const totalMs: number[] = [];
      const cpuMs: number[] = [];
      let html = '';
      let csv = '';
      let lastAnalysis: ReturnType<typeof analyse> | undefined;
      for (let i = 0; i < RUNS; i++) {
        const a = time(() => analyse(data));
        const r = time(() => renderReport(data, a.value, undefined, { generatedAt: END }));
        analysisMs.push(a.ms);
        renderMs.push(r.ms);
        totalMs.push(a.ms + r.ms);
        cpuMs.push(a.cpuMs + r.cpuMs);
        html = r.value.html;
        lastAnalysis = a.value;
        csv = r.value.artifacts['metrics.csv'];
      }
      const total = median(totalMs);
      return [
        { figure: 'analysis (stats, anomalies, correlations, findings), median of 5', value: median(analysisMs), unit: 'ms' },
        { figure: 'render (HTML + SVG charts + CSV/SQL/JSON artifacts), median of 5', value: median(renderMs), unit: 'ms' },
        { figure: 'analysis + render, median of 5', value: total, unit: 'ms', target: '≤ 1,000 ms', pass: total <= 1000 },
        { figure: 'analysis + render, slowest of 5', value: Math.max(...totalMs), unit: 'ms' },
        { figure: 'analysis + render, CPU time (user+sys), median of 5', value: median(cpuMs), unit: 'ms', target: '≤ 1,000 ms', pass: median(cpuMs) <= 1000 },
        { figure: 'ranked causes found in the benchmarked window', value: lastAnalysis?.causes.length ?? 0, unit: '' },
        { figure: 'report.html size', value: Math.round(html.length / 1024), unit: 'KiB' },
        { figure: 'metrics.csv size', value: Math.round(csv.length / 1024), unit: 'KiB' },
      ];
    },
  },
  {
    name: 'report: default simulated 7d report (33 metrics, ≤ 1,440 points)',
    async run() {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ms.push(
          time(() => {
            const data = simulateInstance('gamedb1-1', { ms: 7 * 86_400_000 }, { seed: 1, end: END });
            return renderReport(data, analyse(data));
          }).ms,
        );
      }
      return [{ figure: 'simulate + analyse + render, median of 5', value: median(ms), unit: 'ms' }];
    },
  },
];
