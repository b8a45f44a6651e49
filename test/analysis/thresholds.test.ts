import { describe, expect, it } from 'vitest';
import { classSpec } from '../../src/analysis/instance-classes';
import { thresholdFindings } from '../../src/analysis/thresholds';
import { inject, series } from './series';

const GiB = 1024 ** 3;
const r6g2x = classSpec('db.r6g.2xlarge');

describe('classSpec', () => {
  it('knows vCPU, memory and default max_connections per class', () => {
    expect(r6g2x).toMatchObject({ vcpu: 8, memoryGiB: 64, defaultMaxConnections: 3000, burstable: false });
    expect(classSpec('db.r5.large')).toMatchObject({ vcpu: 2, memoryGiB: 16, defaultMaxConnections: 1000 });
    expect(classSpec('db.r8g.48xlarge')).toMatchObject({ vcpu: 192, memoryGiB: 1536 });
    expect(classSpec('db.r6i.32xlarge')).toMatchObject({ vcpu: 128, memoryGiB: 1024 });
    expect(classSpec('db.r7g.16xlarge')).toMatchObject({ vcpu: 64, memoryGiB: 512 });
    expect(classSpec('db.x2g.4xlarge')).toMatchObject({ vcpu: 16, memoryGiB: 256 });
    expect(classSpec('db.t4g.medium')).toMatchObject({ vcpu: 2, memoryGiB: 4, burstable: true, defaultMaxConnections: 90 });
    expect(classSpec('db.t3.large')).toMatchObject({ vcpu: 2, memoryGiB: 8, defaultMaxConnections: 135 });
    expect(classSpec('db.serverless', { maxAcu: 16 })).toMatchObject({ serverless: true, memoryGiB: 32 });
    expect(classSpec('db.serverless')?.vcpu).toBeUndefined();
    expect(classSpec('db.r6g.3xlarge')).toBeUndefined();
    expect(classSpec('db.m9.large')).toBeUndefined();
  });
});

const flat = (v: number, n = 60) => new Array<number>(n).fill(v);

describe('thresholdFindings', () => {
  it('needs a sustained breach: one CPU sample at 99 % is not a finding, 10 minutes at 95 % is', () => {
    expect(thresholdFindings([series('CPUUtilization', inject(flat(40), 30, 1, 59), undefined, 'Percent')], r6g2x, 60)).toEqual([]);
    const [f] = thresholdFindings([series('CPUUtilization', inject(flat(40), 30, 10, 55), undefined, 'Percent')], r6g2x, 60);
    expect(f).toMatchObject({ id: 'threshold.cpu', severity: 'high', evidence: { metric: 'CPUUtilization', value: 95, unit: 'Percent' } });
    expect(f!.evidence.window!.start < f!.evidence.window!.end).toBe(true);
    expect(f!.title).toContain('95 %');
  });

  it('reads ReadLatency in Seconds and SelectLatency in Milliseconds', () => {
    const read = thresholdFindings([series('ReadLatency', inject(flat(0.001), 10, 10, 0.049), undefined, 'Seconds')], r6g2x, 60);
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ id: 'threshold.read-latency', severity: 'medium' });
    expect(read[0]!.title).toContain('50 ms');
    // 0.05 ms of SELECT latency is fast, not a finding; 60 ms is.
    expect(thresholdFindings([series('SelectLatency', flat(0.05), undefined, 'Milliseconds')], r6g2x, 60)).toEqual([]);
    const sel = thresholdFindings([series('SelectLatency', inject(flat(1), 0, 10, 59), undefined, 'Milliseconds')], r6g2x, 60);
    expect(sel[0]).toMatchObject({ id: 'threshold.select-latency', severity: 'medium' });
    expect(sel[0]!.title).toContain('60 ms');
  });

  it('compares FreeableMemory and DBLoad with the class', () => {
    const mem = thresholdFindings([series('FreeableMemory', inject(flat(20 * GiB), 20, 6, -17 * GiB), undefined, 'Bytes')], r6g2x, 60);
    expect(mem[0]).toMatchObject({ id: 'threshold.memory', severity: 'high' }); // 3 GiB < 5 % of 64 GiB
    expect(mem[0]!.title).toContain('3 GiB');
    // The same 3 GiB on a 16 GiB class is 19 %: no finding.
    expect(thresholdFindings([series('FreeableMemory', inject(flat(6 * GiB), 20, 6, -3 * GiB), undefined, 'Bytes')], classSpec('db.r5.large'), 60)).toEqual([]);
    const load = thresholdFindings([series('DBLoad', inject(flat(2), 20, 6, 8), undefined, 'None')], r6g2x, 60);
    expect(load[0]).toMatchObject({ id: 'threshold.dbload', severity: 'medium' }); // 10 > 8 vCPU, < 12
    expect(thresholdFindings([series('DBLoad', inject(flat(2), 20, 6, 8))], classSpec('db.r6g.4xlarge'), 60)).toEqual([]);
  });

  it('counts deadlocks as rate × period, checks replica lag in ms, buffer cache and connections', () => {
    const dl = thresholdFindings([series('Deadlocks', inject(flat(0), 10, 5, 0.1), undefined, 'Count/Second')], r6g2x, 60);
    expect(dl[0]).toMatchObject({ id: 'threshold.deadlocks', severity: 'medium' });
    expect(dl[0]!.title).toMatch(/^30 deadlocks/);
    const lag = thresholdFindings([series('AuroraReplicaLag', inject(flat(20), 5, 6, 2000), undefined, 'Milliseconds')], r6g2x, 60);
    expect(lag[0]).toMatchObject({ id: 'threshold.replica-lag', severity: 'medium' });
    expect(lag[0]!.title).toContain('2.02 s');
    const bc = thresholdFindings([series('BufferCacheHitRatio', inject(flat(99.5), 5, 6, -12), undefined, 'Percent')], r6g2x, 60);
    expect(bc[0]).toMatchObject({ id: 'threshold.buffer-cache', severity: 'high' });
    const conn = thresholdFindings([series('DatabaseConnections', inject(flat(300), 5, 6, 2500), undefined, 'Count')], r6g2x, 60);
    expect(conn[0]).toMatchObject({ id: 'threshold.connections', severity: 'high' }); // 2,800 ≥ 90 % of 3,000
  });
});
