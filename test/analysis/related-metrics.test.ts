import { describe, expect, it } from 'vitest';
import { areRelated, areTwins, familiesOf } from '../../src/analysis/related-metrics';

describe('areRelated', () => {
  it('relates load to everything known, and other metrics within their family', () => {
    expect(areRelated('CPUUtilization', 'ReadIOPS')).toBe(true);
    expect(areRelated('SelectLatency', 'CommitLatency')).toBe(true);
    expect(areRelated('ReadLatency', 'ReadIOPS')).toBe(true);
    expect(areRelated('SelectLatency', 'FreeableMemory')).toBe(false);
    expect(areRelated('AuroraReplicaLag', 'cluster.AuroraReplicaLagMaximum')).toBe(true);
  });

  it('relates a cluster metric to its instance twin, never a metric to itself, and nothing unknown', () => {
    expect(areRelated('cluster.VolumeReadIOPs', 'VolumeReadIOPs')).toBe(true);
    expect(areRelated('CPUUtilization', 'CPUUtilization')).toBe(false);
    expect(areRelated('value', 'CPUUtilization')).toBe(false);
    expect(familiesOf('mystery')).toEqual([]);
  });
});

describe('areTwins', () => {
  it('knows two views of one measurement, which do not corroborate each other', () => {
    expect(areTwins('AuroraReplicaLag', 'cluster.AuroraReplicaLagMaximum')).toBe(true);
    expect(areTwins('DBLoad', 'DBLoadCPU')).toBe(true);
    expect(areTwins('cluster.VolumeReadIOPs', 'VolumeReadIOPs')).toBe(true);
    expect(areTwins('CPUUtilization', 'DBLoad')).toBe(false);
    expect(areTwins('DBLoad', 'DBLoad')).toBe(false);
  });
});
