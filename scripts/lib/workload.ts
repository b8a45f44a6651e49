/**
 * A varied workload on the game schema, so performance_schema digests and the slow log have
 * something a DBA would recognise: point lookups, range scans, a leading-wildcard LIKE that scans,
 * joins, GROUP BY with filesort, and a few writes. Deterministic for a given seed.
 */
import { mulberry32 as rng } from '../../src/core/random';
import mysql from 'mysql2/promise';

export interface WorkloadOptions {
  database?: string;
  /** Total statements to run. Default 600. */
  statements?: number;
  seed?: number;
}

type Query = (r: () => number) => [string, unknown[]];

const QUERIES: Array<{ weight: number; q: Query }> = [
  { weight: 30, q: (r) => ['SELECT id, nickname, country FROM users WHERE id = ?', [1 + Math.floor(r() * 20000)]] },
  { weight: 20, q: (r) => ['SELECT id, name, level, gold FROM characters WHERE user_id = ?', [1 + Math.floor(r() * 20000)]] },
  {
    weight: 10,
    q: (r) => [
      'SELECT c.name, i.name AS item, v.quantity FROM inventories v JOIN items i ON i.id = v.item_id JOIN characters c ON c.id = v.character_id WHERE v.character_id = ?',
      [1 + Math.floor(r() * 40000)],
    ],
  },
  { weight: 6, q: (r) => ['SELECT id, email FROM users WHERE nickname LIKE ?', [`%${Math.floor(r() * 90) + 10}`]] },
  { weight: 5, q: () => ['SELECT country, COUNT(*) AS n FROM users GROUP BY country ORDER BY n DESC', []] },
  {
    weight: 5,
    q: (r) => [
      'SELECT guild_id, AVG(level) AS avg_level FROM characters WHERE level > ? GROUP BY guild_id ORDER BY avg_level DESC LIMIT 10',
      [Math.floor(r() * 50)],
    ],
  },
  { weight: 4, q: (r) => ['SELECT * FROM characters ORDER BY gold DESC LIMIT ?, 20', [Math.floor(r() * 2000)]] },
  { weight: 4, q: (r) => ['SELECT id FROM users WHERE created_at BETWEEN ? AND ? ORDER BY created_at', ['2024-01-01', `2024-0${1 + Math.floor(r() * 8)}-15`]] },
  {
    weight: 3,
    q: (r) => [
      'SELECT i.rarity, SUM(v.quantity) FROM inventories v JOIN items i ON i.id = v.item_id WHERE v.acquired_at > ? GROUP BY i.rarity',
      [`2024-0${1 + Math.floor(r() * 8)}-01`],
    ],
  },
  { weight: 8, q: (r) => ['UPDATE characters SET gold = gold + ? WHERE id = ?', [Math.floor(r() * 100), 1 + Math.floor(r() * 40000)]] },
  { weight: 3, q: (r) => ['UPDATE users SET last_login_at = NOW() WHERE id = ?', [1 + Math.floor(r() * 20000)]] },
  {
    weight: 2,
    q: (r) => [
      'INSERT INTO inventories (character_id, item_id, quantity, acquired_at) VALUES (?, ?, ?, NOW())',
      [1 + Math.floor(r() * 40000), 1 + Math.floor(r() * 200), 1 + Math.floor(r() * 5)],
    ],
  },
];

/** Runs the workload; returns how many statements ran. Literals are inlined (like most apps' ORMs) so the slow log shows real values. */
export async function runWorkload(url: string, options: WorkloadOptions = {}): Promise<number> {
  const r = rng(options.seed ?? 7);
  const total = QUERIES.reduce((s, q) => s + q.weight, 0);
  const conn = await mysql.createConnection({ uri: url, database: options.database ?? 'game', multipleStatements: false });
  let n = 0;
  try {
    for (let i = 0; i < (options.statements ?? 600); i++) {
      let pick = r() * total;
      const entry = QUERIES.find((q) => (pick -= q.weight) < 0) ?? QUERIES[0]!;
      const [sql, params] = entry.q(r);
      await conn.query(conn.format(sql, params));
      n++;
    }
  } finally {
    await conn.end();
  }
  return n;
}
