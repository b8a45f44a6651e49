/** The metrics CSV read back: timestamps with and without a zone. (The round trip is in render.test.ts.) */
import { describe, expect, it } from 'vitest';
import { parseMetricsCsv } from '../../src/report/csv';

describe('parseMetricsCsv', () => {
  it("reads times without a zone (NAB, many exports) as UTC whatever the machine's zone", () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Seoul';
    try {
      const [m] = parseMetricsCsv('timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00.000000,2\n2014-04-01T00:10:00+09:00,3\n');
      expect(m!.timestamps).toEqual(
        [Date.parse('2014-04-01T00:00:00Z'), Date.parse('2014-04-01T00:05:00Z'), Date.parse('2014-03-31T15:10:00Z')].sort((a, b) => a - b),
      );
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
