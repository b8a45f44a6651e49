/**
 * Vetting without a server: the per-flavour allow-list and the caps that keep constant folding from
 * being a way to run work, on invented variants of the shapes — and on ordinary application
 * SQL, which must still be explained.
 */
import { describe, expect, it } from 'vitest';
import { CAPS, checkBounds } from '../../src/review/bounds';
import { codeTokens, tokenize } from '../../src/review/tokens';
import { vetForExplain } from '../../src/review/vet';

const reason = (sql: string, flavor: 'mariadb' | 'mysql' = 'mariadb') => {
  const v = vetForExplain(sql, { flavor });
  return v.ok ? 'ok' : v.reason;
};

describe('ordinary SQL is still explained on both flavours', () => {
  const ok = [
    "SELECT id, nickname FROM users WHERE email = 'player1@example.com'",
    'SELECT * FROM characters c JOIN guilds g ON g.id = c.guild_id WHERE c.level > 10 ORDER BY c.gold DESC LIMIT 20',
    "SELECT u.country, COUNT(*) FROM users u FORCE INDEX (idx_users_country_status) WHERE u.nickname LIKE '%kim%' GROUP BY u.country",
    "SELECT id FROM users WHERE DATE(created_at) = '2024-01-05' OR status <> 1",
    'SELECT id FROM users WHERE created_at > NOW() - INTERVAL 7 DAY',
    "SELECT CONCAT(first, ' ', last) AS name, LPAD(id, 8, '0') FROM users WHERE name LIKE 'kim%'",
    "SELECT JSON_EXTRACT(payload, '$.a'), CAST(price AS DECIMAL(10, 2)), CONVERT(name USING utf8mb4) FROM items",
    'SELECT id, ROW_NUMBER() OVER (PARTITION BY country ORDER BY id) AS rn, LAG(id, 1) OVER w FROM users WINDOW w AS (ORDER BY id)',
    'WITH RECURSIVE tree (id, parent) AS (SELECT id, parent_id FROM guilds WHERE id = 1 UNION ALL SELECT g.id, g.parent_id FROM guilds g JOIN tree t ON g.parent_id = t.id) SELECT * FROM tree',
    'SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM characters c WHERE c.user_id = u.id) AND id IN (SELECT user_id FROM guild_members)',
    "SELECT SUBSTRING_INDEX(email, '@', -1) AS domain, COUNT(*) FROM users GROUP BY domain",
    "SELECT TRIM(LEADING '0' FROM code), SUBSTRING(name FROM 2 FOR 3), POSITION('a' IN name), EXTRACT(YEAR FROM created_at) FROM users",
    "SELECT GROUP_CONCAT(DISTINCT name ORDER BY name SEPARATOR ', ') FROM items GROUP BY rarity",
    "SELECT * FROM users WHERE nickname SOUNDS LIKE 'kim' AND name NOT LIKE '%bot'",
    'SELECT * FROM (SELECT id, level FROM characters WHERE level > 50) AS strong, guilds g WHERE g.id = strong.id',
  ];
  for (const flavor of ['mariadb', 'mysql'] as const) {
    it(flavor, () => {
      for (const sql of ok) expect(reason(sql, flavor), sql).toBe('ok');
    });
  }
});

describe('names per flavour', () => {
  it('refuses what only the other flavour has, and keywords that are not reserved there', () => {
    expect(reason('SELECT ANY_VALUE(id) FROM t', 'mysql')).toBe('ok');
    expect(reason('SELECT ANY_VALUE(id) FROM t', 'mariadb')).toMatch(/not an allow-listed built-in of MariaDB/);
    expect(reason('SELECT MEDIAN(x) OVER () FROM t', 'mariadb')).toBe('ok');
    expect(reason('SELECT MEDIAN(x) OVER () FROM t', 'mysql')).toMatch(/not an allow-listed built-in of MySQL/);
    expect(reason('SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER (PARTITION BY y) FROM t', 'mariadb')).toBe('ok');
    expect(reason('SELECT * FROM t, LATERAL (SELECT 1) x', 'mysql')).toBe('ok');
    expect(reason('SELECT * FROM t, LATERAL (SELECT 1) x', 'mariadb')).toMatch(/LATERAL\(\)/);
    // Without a known flavour only names both servers have pass.
    expect(vetForExplain('SELECT ANY_VALUE(id) FROM t').ok).toBe(false);
    expect(reason('SELECT REGEXP_LIKE(a, b) FROM t', 'mysql')).toMatch(/REGEXP_LIKE\(\), which can run/);
  });

  it('refuses scalar subqueries on MySQL (which may run them while planning) but not IN, EXISTS or derived tables', () => {
    expect(reason('SELECT * FROM users WHERE id = (SELECT MAX(id) FROM users)', 'mysql')).toMatch(/scalar subquery/);
    expect(reason('SELECT (SELECT secret FROM s WHERE id = 1) = 1', 'mysql')).toMatch(/scalar subquery/);
    expect(reason('SELECT * FROM users WHERE id < (SELECT ASCII(secret) FROM s LIMIT 1)', 'mysql')).toMatch(/scalar subquery/);
    expect(reason('SELECT * FROM users WHERE id = (SELECT MAX(id) FROM users)', 'mariadb')).toBe('ok');
    expect(reason('SELECT * FROM users WHERE id IN (SELECT user_id FROM c) AND EXISTS (SELECT 1 FROM d) AND id > ALL (SELECT 1)', 'mysql')).toBe('ok');
    expect(reason('SELECT * FROM (SELECT 1 AS a) x, (SELECT 2 AS b) y', 'mysql')).toBe('ok');
  });

  it('refuses variables, placeholders, sequences and system schemas', () => {
    for (const [sql, re] of [
      ['SELECT @@version', /variable @@version/],
      ['SELECT * FROM t WHERE a = @`x`', /variable/],
      ["SELECT * FROM t WHERE a = @'x'", /variable/],
      ['SELECT PREVIOUS VALUE FOR s', /sequence/],
      ['SELECT * FROM MySQL.user', /system schema MySQL/],
      ['SELECT * FROM `information_schema`.`TABLES`', /system schema information_schema/],
      ['SELECT * FROM sys.x$processlist', /system schema sys/],
    ] as const)
      expect(reason(sql), sql).toMatch(re);
  });
});

describe('the caps', () => {
  it('bound what string functions can build, directly and through nesting', () => {
    expect(reason("SELECT REPEAT('ab', 30000)")).toBe('ok');
    expect(reason("SELECT REPEAT('ab', 40000)")).toMatch(/REPEAT\(\) can build a value of up to 79 KB \(limit 64 KB\)/);
    expect(reason("SELECT REPEAT(REPEAT('a', 1000), 1000)")).toMatch(/REPEAT\(\) can build/);
    expect(reason("SELECT REPEAT('a', 0x7fffffff)")).toMatch(/REPEAT\(\) can build/);
    expect(reason("SELECT REPEAT('a', -1)")).toMatch(/count that is not a literal/);
    expect(reason("SELECT LPAD('a', 70000, 'b')")).toMatch(/LPAD\(\) can build/);
    expect(reason('SELECT SPACE(65537)')).toMatch(/SPACE\(\) can build/);
    expect(reason(`SELECT CONCAT(${Array.from({ length: 40 }, () => "REPEAT('x', 2000)").join(', ')})`)).toMatch(/CONCAT\(\) can build/);
    expect(reason("SELECT REPLACE(REPEAT('a', 10000), 'a', 'aaaaaaaaaa')")).toMatch(/REPLACE\(\) can build/);
    expect(reason("SELECT TO_BASE64(TO_BASE64(TO_BASE64(TO_BASE64(REPEAT('a', 10000)))))")).toMatch(/TO_BASE64\(\) can build/);
    expect(reason("SELECT EXPORT_SET(5, REPEAT('y', 2000), 'n')")).toMatch(/EXPORT_SET\(\) can build/);
    expect(reason("SELECT CAST('a' AS CHAR(1000))")).toBe('ok');
    expect(reason("SELECT CONVERT('a', BINARY(100000))")).toMatch(/CONVERT\(\) can build/);
    expect(reason("SELECT DATE_FORMAT(NOW(), REPEAT('%W', 3000))")).toMatch(/DATE_FORMAT\(\) can build/);
    expect(reason("SELECT X'" + 'ab'.repeat(70_000) + "'")).toMatch(/a literal can build/);
  });

  it('bound the work of search-like functions and the total per statement', () => {
    expect(reason("SELECT LOCATE(REPEAT('a', 30000), REPEAT('a', 60000))")).toMatch(/million operations/);
    expect(reason("SELECT INSTR(name, 'x') FROM t")).toBe('ok');
    expect(reason(`SELECT ${Array.from({ length: 300 }, () => "SHA2(REPEAT('x', 60000), 512)").join(', ')}`)).toMatch(/million operations/);
  });

  it('bound nesting', () => {
    expect(reason(`SELECT ${'LOWER('.repeat(6)}'a'${')'.repeat(6)}`)).toBe('ok');
    expect(reason(`SELECT ${'LOWER('.repeat(7)}'a'${')'.repeat(7)}`)).toMatch(/nests string and hash functions more than 6 deep/);
    expect(reason(`SELECT ${'ABS('.repeat(12)}1${')'.repeat(12)}`)).toBe('ok');
    expect(reason(`SELECT ${'ABS('.repeat(13)}1${')'.repeat(13)}`)).toMatch(/nests function calls more than 12 deep/);
  });

  it('keep LIKE patterns to literals whose matching stays linear', () => {
    for (const p of ['%kim%', 'kim%', '%kim', 'k_m%', '%a\\%b%', '100%%']) expect(reason(`SELECT * FROM t WHERE a LIKE '${p}'`), p).toBe('ok');
    for (const p of ['%a%b', 'a%b%c', '%a%b%c%d%', '%_%_%']) expect(reason(`SELECT * FROM t WHERE a LIKE '${p}'`), p).toMatch(/% wildcards/);
    expect(reason('SELECT * FROM t WHERE a LIKE b')).toMatch(/pattern is not a literal/);
    expect(reason("SELECT * FROM t WHERE a NOT LIKE BINARY 'x%'")).toBe('ok');
  });

  it('are what checkBounds applies, with the documented defaults', () => {
    expect(CAPS).toEqual({ valueBytes: 64 * 1024, work: 16_000_000, stringNesting: 6, callNesting: 12, likeWildcards: 1 });
    expect(checkBounds(codeTokens(tokenize("SELECT REPEAT('a', 100)")), 'mariadb', { ...CAPS, valueBytes: 50 })).toMatch(/limit 1 KB/);
  });
});
