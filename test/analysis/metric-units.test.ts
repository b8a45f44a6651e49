/** The known CloudWatch units of RDS and Aurora metrics, for when the collector did not say. */
import { describe, expect, it } from 'vitest';
import { unitOf } from '../../src/analysis/metric-units';

describe('unitOf', () => {
  it('keeps a unit that was given, else takes the known unit of the name, cluster metrics included', () => {
    expect(unitOf('CPUUtilization', 'Count')).toBe('Count');
    expect(unitOf('CPUUtilization')).toBe('Percent');
    expect(unitOf('ReadLatency', 'None')).toBe('Seconds');
    expect(unitOf('cluster.VolumeBytesUsed')).toBe('Bytes');
    expect(unitOf('value')).toBe('None');
    expect(unitOf(undefined)).toBe('None');
  });
});
