/**
 * Incidents and ranked causes: every planted scenario's top cause is the planted one, `healthy` is quiet,
 * and the ranking follows the evidence (remove it and the cause goes), never the scenario's name.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { CAUSE_KINDS } from '../../src/analysis/cause-types';
import { incidentSql } from '../../src/analysis/load-attribution';
import type { CollectedData } from '../../src/model/collected-data';
import { simulateInstance } from '../../src/collectors/simulated/simulate';
import { SCENARIOS } from '../../src/collectors/simulated/scenarios';

const END = new Date('2026-11-20T12:00:00Z');
const sim = (scenario: (typeof SCENARIOS)[number], hours = 6, seed = 3): CollectedData =>
  simulateInstance('gamedb1-1', { ms: hours * 3_600_000 }, { seed, end: END, scenario });

describe('planted scenarios', () => {
  for (const scenario of SCENARIOS.filter((s) => s !== 'healthy')) {
    for (const hours of [1, 24, 168]) {
      it(`${scenario} (${hours} h): the top cause is ${scenario}, with timed evidence and actions`, () => {
        const a = analyse(sim(scenario, hours));
        const top = a.causes[0]!;
        expect(top.kind).toBe(scenario);
        expect(CAUSE_KINDS).toContain(top.kind);
        expect(top.summary.length).toBeLessThanOrEqual(400);
        expect(top.summary).not.toMatch(/score|MAD|σ/);
        expect(top.evidence.length).toBeGreaterThan(0);
        expect(top.evidence.some((e) => e.at || e.window)).toBe(true);
        expect(top.actions.length).toBeGreaterThan(0);
        expect(a.incidents.map((i) => i.id)).toContain(top.incidentId);
        expect(a.verdict.level).not.toBe('healthy');
      });
    }
  }

  it('healthy: no incident, no cause, nothing high or critical, over a day and a week', () => {
    for (const hours of [24, 168]) {
      for (const seed of [1, 2, 3]) {
        const a = analyse(sim('healthy', hours, seed));
        expect(a.causes).toEqual([]);
        expect(a.incidents).toEqual([]);
        expect(a.verdict.level).toBe('healthy');
        expect(a.findings.filter((f) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
      }
    }
  });

  it('the lock-contention cause names both sessions of the blocking chain', () => {
    const top = analyse(sim('lock-contention')).causes[0]!;
    expect(top.chain?.root).toMatchObject({ id: 5123, user: 'game_batch' });
    expect(top.summary).toContain('session 5123 (game_batch@10.0.14.22)');
    expect(top.summary).toMatch(/blocks 38 sessions/);
    expect(top.actions[0]).toContain('KILL 5123');
  });

  it('the replica-restart cause is the reader restart, ahead of the connection rise it caused', () => {
    const a = analyse(sim('replica-restart'));
    expect(a.causes[0]!.summary).toMatch(/^Reader gamedb1-2 restarted at Nov 20 \d\d:\d\d and its reads moved to this instance/);
    expect(a.causes.find((c) => c.kind === 'connection-storm')?.score ?? 0).toBeLessThan(a.causes[0]!.score);
  });
});

describe('the ranking follows the evidence', () => {
  it('lock contention without its lock evidence is not called lock contention', () => {
    const d = sim('lock-contention');
    // Remove what points at locks: PI lock waits, blocked transactions, row-lock time, deadlocks, the chain.
    for (const w of d.pi!.byWait) if (/row_lock/.test(w.id)) w.values = w.values.map(() => 0);
    d.metrics = d.metrics.filter((m) => !['BlockedTransactions', 'RowLockTime', 'Deadlocks'].includes(m.name));
    d.instanceState!.lockWaits = [];
    d.instanceState!.chains = [];
    expect(analyse(d).causes.some((c) => c.kind === 'lock-contention')).toBe(false);
  });

  it('without Performance Insights the causes still come from CloudWatch, the slow log and the events', () => {
    for (const scenario of ['cpu-query-regression', 'io-full-scan', 'replica-restart', 'connection-storm', 'memory-pressure', 'long-transaction'] as const) {
      const d = sim(scenario);
      delete d.pi;
      expect(analyse(d).causes[0]?.kind).toBe(scenario);
    }
  });

  it('a reader restart with nothing moving on this instance is not a cause', () => {
    const d = sim('healthy');
    d.events.push({
      time: '2026-11-20T10:00:00.000Z',
      sourceId: 'gamedb1-2',
      sourceType: 'db-instance',
      message: 'DB instance restarted',
      categories: ['availability'],
    });
    expect(analyse(d).causes).toEqual([]);
  });
});

describe('SQL of an incident', () => {
  it('never takes a slow-log class that ran only outside the incident window', () => {
    const d = sim('cpu-query-regression');
    delete d.pi;
    const a = analyse(d);
    const inc = a.incidents[0]!;
    // A heavy class that ran only two hours before the incident.
    const before = Date.parse(inc.start) - 2 * 3_600_000;
    d.slowLog!.classes.unshift({
      ...d.slowLog!.classes[0]!,
      id: 'OUTSIDE0000000001',
      fingerprint: 'select * from audit_log where ts < ?',
      totalTime: 1e6,
      calls: 1000,
      firstSeen: new Date(before).toISOString(),
      lastSeen: new Date(before + 600_000).toISOString(),
      timeline: { bucketMs: 60_000, points: [[before, 1000, 1e6]] },
    });
    const { sql } = incidentSql(d, inc);
    expect(sql.map((q) => q.id)).not.toContain('OUTSIDE0000000001');
    expect(sql[0]!.text).toContain('from items where owner_id');
    // Without timelines the spanning classes are left out too; only a class seen inside the window counts.
    for (const c of d.slowLog!.classes) delete c.timeline;
    const untimed = incidentSql(d, inc).sql;
    expect(untimed.map((q) => q.id)).not.toContain('OUTSIDE0000000001');
    expect(untimed.every((q) => q.text.includes('from items'))).toBe(true);
  });
});

describe('findings', () => {
  it("one finding per symptom, in a DBA's words, never a statistical score", () => {
    for (const scenario of SCENARIOS) {
      const a = analyse(sim(scenario, 24));
      const symptomIds = a.findings.filter((f) => f.kind === 'threshold' || f.kind === 'anomaly').map((f) => f.evidence.metric);
      const groups = a.findings.filter((f) => f.id.startsWith('symptom.') || f.id.startsWith('threshold.')).map((f) => f.id);
      expect(new Set(groups).size).toBe(groups.length);
      expect(symptomIds.length).toBe(groups.length);
      for (const f of a.findings) expect(`${f.title} ${f.detail}`).not.toMatch(/robust score|MAD|1\.4826/);
    }
  });

  it('calibrates: a replica lag of a few hundred ms is a note, a CPU spike at 96 % is high', () => {
    const d = sim('cpu-query-regression');
    const lag = d.metrics.find((m) => m.name === 'AuroraReplicaLagMaximum')!;
    const i = Math.floor(lag.values.length * 0.7);
    for (let k = i; k < i + 10; k++) lag.values[k] = 185;
    const a = analyse(d);
    const lagFinding = a.findings.find((f) => f.evidence.metric === 'cluster.AuroraReplicaLagMaximum');
    if (lagFinding) expect(lagFinding.severity).toBe('low');
    const cpu = a.findings.find((f) => f.id === 'threshold.cpu')!;
    expect(cpu.severity).toBe('high');
    expect(cpu.title).toMatch(/^CPU reached 9\d(\.\d+)? % at Nov 20 \d\d:\d\d — [\d.]+× its usual/);
  });
});
