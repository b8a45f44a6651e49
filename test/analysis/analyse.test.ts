import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { simulateInstance, simulationPeriodS } from '../../src/collectors/simulated/simulate';

const END = new Date('2026-11-20T12:00:00Z');

describe('simulateInstance', () => {
  it('is deterministic by seed and keeps ≤ 1,440 points', () => {
    const a = simulateInstance('gamedb1-1', { ms: 7 * 86_400_000 }, { seed: 3, end: END });
    const b = simulateInstance('gamedb1-1', { ms: 7 * 86_400_000 }, { seed: 3, end: END });
    const c = simulateInstance('gamedb1-1', { ms: 7 * 86_400_000 }, { seed: 4, end: END });
    expect(a).toEqual(b);
    expect(a.metrics[0]!.values).not.toEqual(c.metrics[0]!.values);
    expect(a.window.periodS).toBe(simulationPeriodS(7 * 86_400_000));
    for (const m of a.metrics) expect(m.values.length).toBeLessThanOrEqual(1440);
    expect(a.simulated).toBe(true);
    expect(a.instance).toMatchObject({ instanceClass: 'db.r6g.2xlarge', engine: 'aurora-mysql', role: 'writer', cluster: 'gamedb1' });
    expect(a.instance.members).toHaveLength(2);
    const names = a.metrics.map((m) => (m.scope === 'cluster' ? `cluster.${m.name}` : m.name));
    for (const n of ['CPUUtilization', 'DBLoad', 'ReadLatency', 'SelectLatency', 'Deadlocks', 'cluster.VolumeBytesUsed', 'cluster.AuroraReplicaLagMaximum'])
      expect(names).toContain(n);
  });
});

describe('analyse on the simulated instance', () => {
  for (const [label, ms] of [
    ['1h', 3_600_000],
    ['24h', 86_400_000],
    ['7d', 7 * 86_400_000],
  ] as const) {
    it(`finds the injected incident in a ${label} window and explains it`, () => {
      const data = simulateInstance('gamedb1-1', { ms }, { seed: 7, end: END });
      // The incident's query class: the one seen only during the incident, not across the window.
      const slow = data.slowLog!.classes.find((c) => c.firstSeen !== data.window.start)!;
      const incident = { start: Date.parse(slow.firstSeen!), end: Date.parse(slow.lastSeen!) };
      const a = analyse(data);
      expect(a.verdict.level).not.toBe('healthy');
      const cpu = a.anomalies.find((x) => x.metric === 'CPUUtilization');
      expect(cpu).toBeDefined();
      expect(Date.parse(cpu!.start)).toBeGreaterThanOrEqual(incident.start - data.window.periodS * 1000);
      expect(Date.parse(cpu!.end)).toBeLessThanOrEqual(incident.end + data.window.periodS * 1000);
      expect(a.anomalies.find((x) => x.metric === 'BufferCacheHitRatio')?.direction).toBe('low');
      // Every anomaly is inside the incident (no false alarms elsewhere) for the key metrics.
      for (const x of a.anomalies.filter((y) => ['CPUUtilization', 'DBLoad', 'DatabaseConnections', 'SelectLatency'].includes(y.metric))) {
        expect(Date.parse(x.peak)).toBeGreaterThanOrEqual(incident.start - 5 * 60_000);
        expect(Date.parse(x.peak)).toBeLessThanOrEqual(incident.end + 5 * 60_000);
      }
      expect(a.findings.some((f) => f.id === 'threshold.cpu')).toBe(true);
      const rec = a.recommendations.find((r) => r.id === 'rec.tune-top-class');
      expect(rec?.detail).toContain(slow.id);
      expect(rec?.evidence.some((e) => e.at || e.window)).toBe(true);
      for (const r of a.recommendations) expect(r.evidence.length + r.findingIds.length).toBeGreaterThan(0);
      expect(a.findings.some((f) => f.kind === 'event')).toBe(true);
      expect(a.findings.some((f) => f.kind === 'query' && f.id.startsWith('query.perfschema'))).toBe(true);
      expect(a.capacity).toMatchObject({ vcpu: 8, memoryGiB: 64 });
    });
  }

  it('calls a quiet window healthy', () => {
    for (const seed of [1, 2, 3]) {
      const a = analyse(simulateInstance('gamedb1-1', { ms: 86_400_000 }, { seed, end: END, incident: false }));
      expect(a.verdict.level).toBe('healthy');
      expect(a.findings.filter((f) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
    }
  });

  it('reports collection gaps as info findings and still analyses the rest', () => {
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    data.gaps.push({ source: 'perfschema', what: 'performance_schema digests', reason: 'access denied' });
    data.missingMetrics.push('DBLoad');
    data.metrics = data.metrics.filter((m) => m.name !== 'DBLoad');
    const a = analyse(data);
    expect(a.findings.filter((f) => f.kind === 'collection').map((f) => f.severity)).toEqual(['info', 'info']);
    expect(a.stats.some((s) => s.metric === 'DBLoad')).toBe(false);
  });
});
