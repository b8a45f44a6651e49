/**
 * The parser's decoded-string cache (DecodedCache in src/digest/slowlog-parser.ts) remembers a few recent
 * users and hosts: every event still carries exactly the names its own header gave, when hosts of the
 * same length take turns, when more names than the cache holds alternate, and for non-ASCII names.
 */
import { describe, expect, it } from 'vitest';
import type { SlowEvent } from '../../src/digest/event';
import { BlockFeeder, SlowLogParser } from '../../src/digest/index';

function parse(log: string, lineByLine = false): SlowEvent[] {
  const out: SlowEvent[] = [];
  const feeder = new BlockFeeder(new SlowLogParser({ event: (e) => out.push(e), malformed: () => {} }, { lineByLine }));
  feeder.write(Buffer.from(log, 'utf8'));
  feeder.end();
  return out;
}

describe('user and host names', () => {
  it('are each entry’s own, whatever the order in which they repeat', () => {
    // 12 hosts of one length (more than the cache holds), users that share lengths, a Korean user.
    const hosts = Array.from({ length: 12 }, (_, i) => `10.0.${String(i).padStart(2, '0')}.7`);
    const users = ['app', 'bot', 'ops', '사용자', 'app'];
    const expected: { user: string; host: string }[] = [];
    let log = '';
    for (let i = 0; i < 200; i++) {
      // A pattern that revisits old names after others pushed them out.
      const host = hosts[(i * 7 + (i >> 3)) % hosts.length]!;
      const user = users[(i * 3) % users.length]!;
      expected.push({ user, host });
      log += `# Time: 2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000000Z\n`;
      log += `# User@Host: ${user}[${user}] @  [${host}]  Id: ${1000 + i}\n`;
      log += `# Query_time: 0.001  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n`;
      log += `SELECT ${i} FROM t WHERE id = ${i};\n`;
    }
    for (const lineByLine of [false, true]) {
      const events = parse(log, lineByLine);
      expect(events.map((e) => ({ user: e.user, host: e.host }))).toEqual(expected);
    }
  });
});
