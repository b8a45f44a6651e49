/**
 * SQL review benchmarks: static review of a 1,000-statement migration-like script (target ≤ 1.5 s),
 * and the live path (schema + EXPLAIN) against a throwaway seeded server when one can be started.
 */
import { performance } from 'node:perf_hooks';
import { seedGameSchema } from '../scripts/lib/game-schema';
import { startMysqlServer } from '../scripts/lib/mysql-server';
import { runReview } from '../src/jobs/review';
import { reviewScript } from '../src/review/review';
import type { Bench } from './types';

const TEMPLATES = [
  (i: number) => `-- 사용자 조회 ${i}\nSELECT id, nickname FROM users WHERE email = 'player${i}@example.com'`,
  (i: number) => `SELECT * FROM characters c JOIN guilds g ON g.id = c.guild_id WHERE c.level > ${i % 99} ORDER BY c.gold DESC LIMIT 20`,
  (i: number) => `UPDATE characters SET gold = gold + ${i} WHERE id = ${i}`,
  (i: number) => `DELETE FROM inventories WHERE character_id = ${i} AND quantity = 0 LIMIT 100`,
  (i: number) => `INSERT INTO items (name, rarity, price) VALUES ('item-${i}', 'common', ${i}), ('item-${i}b', 'rare', ${i * 2})`,
  (i: number) => `SELECT u.country, COUNT(*) FROM users u FORCE INDEX (idx_users_country_status) WHERE u.nickname LIKE '%${i}' GROUP BY u.country`,
  (i: number) => `ALTER TABLE characters ADD COLUMN extra_${i} INT NULL COMMENT '추가 컬럼', ADD INDEX idx_extra_${i} (extra_${i})`,
  (i: number) =>
    `CREATE TABLE IF NOT EXISTS log_${i} (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL, body TEXT, created_at DATETIME NOT NULL, KEY idx_user (user_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  (i: number) => `SELECT id FROM users WHERE DATE(created_at) = '2024-01-${String((i % 28) + 1).padStart(2, '0')}' OR status <> 1`,
  (i: number) =>
    `INSERT INTO guild_members (guild_id, character_id, role, joined_at) VALUES (${i}, ${i}, 'member', NOW()) AS new ON DUPLICATE KEY UPDATE role = new.role`,
];

export function migrationScript(n: number): string {
  return Array.from({ length: n }, (_, i) => `${TEMPLATES[i % TEMPLATES.length]!(i)};`).join('\n');
}

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export const benchmarks: Bench[] = [
  {
    name: 'review: static, 1,000 statements',
    run: async () => {
      const script = migrationScript(1_000);
      const limits = { maxStatements: 1_000, maxBytes: 1024 * 1024 };
      const cold = await timeIt(() => reviewScript(script, { limits }));
      const warm: number[] = [];
      for (let k = 0; k < 3; k++) warm.push(await timeIt(() => reviewScript(script, { limits })));
      warm.sort((a, b) => a - b);
      const median = warm[1]!;
      const r = await reviewScript(script, { limits });
      return [
        {
          figure: 'static review of a 1,000-statement script, first run (parser load included)',
          value: cold / 1000,
          unit: 's',
          target: '≤ 1.5 s',
          pass: cold <= 1_500,
        },
        {
          figure: 'static review of a 1,000-statement script, median of 3 warm runs',
          value: median / 1000,
          unit: 's',
          target: '≤ 1.5 s',
          pass: median <= 1_500,
        },
        { figure: 'statements reviewed', value: r.summary.statements, unit: 'statements' },
        { figure: 'findings', value: r.summary.findings, unit: 'findings' },
        { figure: 'statements the parser could not read (token-level rules only)', value: r.statements.filter((s) => !s.parsed).length, unit: 'statements' },
      ];
    },
  },
  {
    name: 'review: live (schema + EXPLAIN), 100 statements',
    run: async () => {
      const server = await startMysqlServer();
      try {
        await seedGameSchema(server.url, { users: 20_000 });
        const script = migrationScript(100);
        const ms = await timeIt(() => runReview({ sql: script, db: { url: `${server.url}game` } }));
        const r = await runReview({ sql: script, db: { url: `${server.url}game` } });
        const explained = r.statements.filter((s) => s.plan !== null).length;
        return [
          { figure: 'review with schema checks and EXPLAIN, 100 statements', value: ms / 1000, unit: 's' },
          { figure: 'statements explained (of 100)', value: explained, unit: 'statements' },
          { figure: 'time per statement, live', value: ms / 100, unit: 'ms' },
        ];
      } finally {
        await server.stop();
      }
    },
  },
];
