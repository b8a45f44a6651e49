/** top-sql.sql: names from the server (schema, database, class id) cannot break out of their comment line. */
import { describe, expect, it } from 'vitest';
import { topSqlArtifact } from '../../src/report/artifacts';
import { simulateInstance } from '../../src/collectors/simulated/simulate';

const END = new Date('2026-11-20T12:00:00Z');

describe('top-sql.sql', () => {
  it('keeps a schema or database name with line breaks inside its comment', () => {
    const data = simulateInstance('gamedb1-1', { ms: 3_600_000 }, { seed: 1, end: END });
    for (const brk of ['\n', '\r\n', '\r', '\u2028', '\u0085', '\v']) {
      data.perfSchema!.byTotalTime[0]!.schema = `game${brk}DROP TABLE users; --`;
      data.slowLog!.classes[0]!.databases = [`db${brk}TRUNCATE items;`];
      const sql = topSqlArtifact(data);
      const lines = sql.split(/\r\n|[\n\r\u2028\u2029\u0085\v\f]/);
      // Every line that mentions the injected statements is a comment.
      for (const l of lines.filter((x) => /DROP TABLE users|TRUNCATE items/.test(x))) expect(l.startsWith('-- '), JSON.stringify(l)).toBe(true);
      expect(sql).toContain('schema game DROP TABLE users; --');
      expect(sql).toContain('databases db TRUNCATE items;');
    }
  });
});
