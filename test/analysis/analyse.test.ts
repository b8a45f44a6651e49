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
    it(`finds the default incident in a ${label} window and names the new query inside it as the cause`, () => {
      const data = simulateInstance('gamedb1-1', { ms }, { seed: 7, end: END });
      // The incident's statement: the slow-log class that ran only in part of the window.
      const slow = data.slowLog!.classes.find((c) => c.firstSeen !== data.slowLog!.classes[0]!.firstSeen || c.fingerprint.startsWith('select * from items'))!;
      const incident = { start: Date.parse(slow.firstSeen!), end: Date.parse(slow.lastSeen!) };
      const a = analyse(data);
      expect(a.verdict.level).not.toBe('healthy');
      const cpu = a.anomalies.find((x) => x.metric === 'CPUUtilization');
      expect(cpu).toBeDefined();
      expect(Date.parse(cpu!.start)).toBeGreaterThanOrEqual(incident.start - data.window.periodS * 1000);
      expect(Date.parse(cpu!.end)).toBeLessThanOrEqual(incident.end + data.window.periodS * 1000);
      // Every anomaly of the key metrics peaks inside the incident (no false alarms elsewhere).
      for (const x of a.anomalies.filter((y) => ['CPUUtilization', 'DBLoad', 'SelectLatency'].includes(y.metric))) {
        expect(Date.parse(x.peak)).toBeGreaterThanOrEqual(incident.start - 5 * 60_000);
        expect(Date.parse(x.peak)).toBeLessThanOrEqual(incident.end + 5 * 60_000);
      }
      expect(a.findings.some((f) => f.id === 'threshold.cpu')).toBe(true);
      expect(a.incidents.length).toBeGreaterThanOrEqual(1);
      const top = a.causes[0]!;
      expect(top.kind).toBe('cpu-query-regression');
      expect(top.sql?.text.replace(/`/g, '').toLowerCase()).toContain('from items where owner_id');
      expect(a.verdict.reason).toBe(top.summary);
      for (const r of a.recommendations) expect(r.evidence.length + r.findingIds.length).toBeGreaterThan(0);
      // RDS's own high-CPU notification is in the incident, as a symptom event, not a cause.
      expect(a.incidents.find((i) => i.id === top.incidentId)!.events.map((e) => e.kind)).toContain('notification');
      expect(a.capacity).toMatchObject({ vcpu: 8, memoryGiB: 64 });
    });
  }

  it('calls a quiet window healthy, with no anomaly at all on a healthy simulated day', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const a = analyse(simulateInstance('gamedb1-1', { ms: 86_400_000 }, { seed, end: END, incident: false }));
      expect(a.verdict.level).toBe('healthy');
      expect(a.causes).toEqual([]);
      expect(a.findings.filter((f) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
      expect(a.anomalies).toEqual([]);
      expect(a.findings.filter((f) => f.kind === 'anomaly')).toEqual([]);
    }
  });

  it('words symptoms for a DBA: against the usual level, never a raw score; anomaly windows carry reasons and the metrics that moved with them', () => {
    const a = analyse(simulateInstance('gamedb1-1', { ms: 86_400_000 }, { seed: 7, end: END }));
    const symptoms = a.findings.filter((f) => f.kind === 'anomaly' || f.kind === 'threshold');
    expect(symptoms.length).toBeGreaterThan(2);
    for (const f of symptoms) expect(`${f.title} ${f.detail}`).not.toMatch(/score|MAD|σ|sigma|z-/i);
    const cpu = symptoms.find((f) => f.evidence.metric === 'CPUUtilization')!;
    expect(cpu.title).toMatch(/^CPU reached \d+ % at [A-Z][a-z]{2} \d{1,2} \d\d:\d\d — [\d.]+× its usual [\d.]+ % in the hour before$/);
    const window = a.anomalies.find((w) => w.metric === 'CPUUtilization')!;
    expect(window.reason).toMatch(/^\d+(\.\d)? % against a usual \d+(\.\d)? % in the hour before$/);
    // One "usual": the symptom's title and the anomaly window's reason give the same figure for the same thing.
    expect(/its usual ([\d.]+ %)/.exec(cpu.title)![1]).toBe(/a usual ([\d.]+ %)/.exec(window.reason)![1]);
    expect(window.related).toContain('DBLoad');
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
