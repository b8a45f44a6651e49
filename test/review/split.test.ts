import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/review/split';
import { tokenize } from '../../src/review/tokens';

const sqls = (s: string) => splitStatements(s).map((x) => x.sql);

describe('splitStatements', () => {
  it('splits on ; but not inside quotes, backticks, escapes or comments', () => {
    const script = [
      'SELECT \'a;b\', "c;d", `e;f` FROM t;',
      "SELECT 'it\\'s; fine', 'doubled '';' FROM t;",
      '-- a comment; with a semicolon',
      '# hash comment; too',
      'SELECT 1 /* block; comment */ FROM t;',
      'SELECT 2',
    ].join('\n');
    expect(sqls(script)).toEqual([
      'SELECT \'a;b\', "c;d", `e;f` FROM t',
      "SELECT 'it\\'s; fine', 'doubled '';' FROM t",
      '-- a comment; with a semicolon\n# hash comment; too\nSELECT 1 /* block; comment */ FROM t',
      'SELECT 2',
    ]);
  });

  it('keeps Korean text and reports the starting line of each statement', () => {
    const script = "-- 사용자 조회; 세미콜론 포함\nSELECT nickname FROM users WHERE nickname = '용사;1';\n\nUPDATE users SET nickname = '한글' WHERE id = 1;";
    const parts = splitStatements(script);
    expect(parts.map((p) => p.sql)).toEqual([
      "-- 사용자 조회; 세미콜론 포함\nSELECT nickname FROM users WHERE nickname = '용사;1'",
      "UPDATE users SET nickname = '한글' WHERE id = 1",
    ]);
    expect(parts.map((p) => p.line)).toEqual([1, 4]);
  });

  it('honours DELIMITER blocks for routines', () => {
    const script = 'DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND$$\nDELIMITER ;\nSELECT 3;';
    expect(sqls(script)).toEqual(['CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND', 'SELECT 3']);
  });

  it('treats -- without a following space as minus, not a comment', () => {
    expect(sqls('SELECT 1--1;SELECT 2')).toEqual(['SELECT 1--1', 'SELECT 2']);
  });

  it('drops comment-only statements and keeps version comments as statements', () => {
    expect(sqls('/* only a comment */;\n-- nothing\n;/*!40101 SET NAMES utf8mb4 */;')).toEqual(['/*!40101 SET NAMES utf8mb4 */']);
  });

  it('does not lose text after an unterminated quote', () => {
    expect(sqls("SELECT 'unterminated; SELECT 2")).toEqual(["SELECT 'unterminated; SELECT 2"]);
  });
});

describe('tokenize', () => {
  it('classifies comments, hints, version comments, strings and variables', () => {
    const t = tokenize("SELECT /*+ X */ /*! Y */ /* z */ @a, @@global.b, N'x', _utf8mb4'y', `q``q`, 1.5e3 -- c");
    expect(t.map((x) => x.type)).toEqual([
      'word',
      'hint',
      'version',
      'comment',
      'variable',
      'op',
      'variable',
      'op',
      'string',
      'op',
      'string',
      'op',
      'qident',
      'op',
      'number',
      'comment',
    ]);
  });

  it('tracks parenthesis depth', () => {
    const t = tokenize('SELECT (a + (b)) FROM t');
    expect(t.map((x) => x.depth)).toEqual([0, 0, 1, 1, 1, 2, 1, 0, 0, 0]);
  });
});
