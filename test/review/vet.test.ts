import { describe, expect, it } from 'vitest';
import { vetForExplain } from '../../src/review/vet';

describe('vetForExplain', () => {
  it('accepts plain reads and sends exactly the vetted tokens (comments removed)', () => {
    const v = vetForExplain("SELECT id /* note */ FROM users -- trailing\nWHERE nickname = 'a;b' AND created_at > NOW() - INTERVAL 1 DAY");
    expect(v).toMatchObject({ ok: true, sql: "SELECT id FROM users WHERE nickname = 'a;b' AND created_at > NOW() - INTERVAL 1 DAY" });
  });

  it('accepts CTEs, window functions, subqueries and index hints', () => {
    for (const sql of [
      'WITH recent(id) AS (SELECT id FROM users WHERE id > 10) SELECT * FROM recent',
      'SELECT id, ROW_NUMBER() OVER (PARTITION BY country ORDER BY id) FROM users',
      'SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM characters c WHERE c.user_id = u.id)',
      'SELECT id FROM users USE INDEX (idx_users_created_at) WHERE id = 1',
      "SELECT CAST(id AS CHAR(10)), CONCAT(nickname, 'x') FROM users",
    ]) {
      expect(vetForExplain(sql).ok, sql).toBe(true);
    }
  });

  it('rewrites UPDATE and DELETE into the SELECT that finds the same rows', () => {
    expect(vetForExplain('UPDATE LOW_PRIORITY users SET status = 2 WHERE country = "KR" ORDER BY id LIMIT 5')).toMatchObject({
      ok: true,
      sql: 'SELECT * FROM users WHERE country = "KR" ORDER BY id LIMIT 5',
    });
    expect(vetForExplain('DELETE FROM inventories WHERE quantity = 0')).toMatchObject({ ok: true, sql: 'SELECT * FROM inventories WHERE quantity = 0' });
    expect(vetForExplain('DELETE i FROM inventories i JOIN items t ON t.id = i.item_id WHERE t.rarity = "common"')).toMatchObject({
      ok: true,
      sql: 'SELECT * FROM inventories i JOIN items t ON t.id = i.item_id WHERE t.rarity = "common"',
    });
    expect(
      vetForExplain('INSERT INTO items (name, rarity, price) SELECT name, rarity, price FROM items WHERE id < 3 ON DUPLICATE KEY UPDATE price = 1'),
    ).toMatchObject({ ok: true, sql: 'SELECT name, rarity, price FROM items WHERE id < 3' });
  });

  it('refuses anything outside the whitelist, with a reason', () => {
    const refused: [string, RegExp][] = [
      ['SELECT 1; DROP TABLE users', /more than one statement/],
      ['/*!50000 DROP TABLE x */', /version comment/],
      ['SELECT /*!50000 1 */', /version comment/],
      ['SELECT /*+ SET_VAR(sql_mode=ANSI) */ 1', /optimizer hint/],
      ['SELECT my_stored_func()', /not an allow-listed built-in/],
      ['SELECT game.f(1)', /not a built-in \(game\.f\)/],
      ['SELECT `f`(1)', /not a plain built-in name/],
      ['SELECT SLEEP(10)', /SLEEP/],
      ['SELECT BENCHMARK(1e9, MD5(1))', /BENCHMARK/],
      ["SELECT LOAD_FILE('/etc/passwd')", /LOAD_FILE/],
      ["SELECT GET_LOCK('x', 10)", /GET_LOCK/],
      ['SELECT @a := 1', /uses the variable @a/],
      ["SELECT id FROM users INTO OUTFILE '/tmp/x'", /INTO/],
      ['SELECT id INTO @x FROM users LIMIT 1', /INTO/],
      ['SET GLOBAL max_connections = 1', /only SELECT/],
      ["PREPARE s FROM 'DROP TABLE users'", /only SELECT/],
      ['EXECUTE s', /only SELECT/],
      ["LOAD DATA INFILE '/tmp/x' INTO TABLE users", /only SELECT/],
      ['CALL p()', /only SELECT/],
      ['DO SLEEP(1)', /only SELECT/],
      ['HANDLER users OPEN', /only SELECT/],
      ['EXPLAIN ANALYZE SELECT 1', /only SELECT/],
      ['ANALYZE TABLE users', /only SELECT/],
      ["INSERT INTO users (email) VALUES ('x')", /VALUES/],
      ['UPDATE users SET nickname = f() WHERE id = my_func()', /not an allow-listed/],
      ['WITH x AS (SELECT 1) DELETE FROM users', /DELETE/],
      ['SELECT NEXT VALUE FOR s', /sequence/],
      ['SELECT id FROM users WHERE id = ?', /placeholder/],
    ];
    for (const [sql, reason] of refused) {
      const v = vetForExplain(sql);
      expect(v.ok, sql).toBe(false);
      if (!v.ok) expect(v.reason, sql).toMatch(reason);
    }
  });
});
