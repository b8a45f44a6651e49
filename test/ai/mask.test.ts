import { describe, expect, test } from 'vitest';
import { maskSql } from '../../src/ai/mask';

describe('maskSql', () => {
  test.each([
    ["SELECT * FROM users WHERE email = 'kim@example.com'", 'SELECT * FROM users WHERE email = ?'],
    ["SELECT a FROM t WHERE s = 'O''Brien' AND u = 'a\\'b'", 'SELECT a FROM t WHERE s = ? AND u = ?'],
    ['SELECT a FROM t WHERE s = "double"', 'SELECT a FROM t WHERE s = ?'],
    ['SELECT id FROM t1 WHERE c2 > 10 AND c3 < 2.5 AND c4 = 1e5 AND c5 = .5', 'SELECT id FROM t1 WHERE c2 > ? AND c3 < ? AND c4 = ? AND c5 = ?'],
    ['SELECT x FROM t WHERE a = -5 AND b = gold - 10', 'SELECT x FROM t WHERE a = ? AND b = gold - ?'],
    ["SELECT 0xFF, X'0a', b'01', _utf8mb4'abc' FROM t", 'SELECT ?, ?, ?, ? FROM t'],
    ['SELECT a FROM t WHERE id IN (1, 2, 3)', 'SELECT a FROM t WHERE id IN (?+)'],
    ["INSERT INTO `items` (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')", 'INSERT INTO `items` (a, b) VALUES (?+)'],
    ['SELECT a -- note with 10.0.0.1\nFROM t /* secret 42 */ WHERE b = 1', 'SELECT a FROM t WHERE b = ?'],
    ['SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t LIMIT 10, 20', 'SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t LIMIT ?, ?'],
    ["/*!40101 SET character_set_client = 'utf8' */", 'SET character_set_client = ?'],
    ['SELECT `order`.`id`, db1.t2.col3 FROM db1.t2 `order`', 'SELECT `order`.`id`, db1.t2.col3 FROM db1.t2 `order`'],
  ])('%s', (sql, masked) => {
    expect(maskSql(sql)).toBe(masked);
  });

  test('keeps multibyte identifiers and masks multibyte literals', () => {
    expect(maskSql("SELECT 이름 FROM 사용자 WHERE 별명 = '용사'")).toBe('SELECT 이름 FROM 사용자 WHERE 별명 = ?');
  });
});
