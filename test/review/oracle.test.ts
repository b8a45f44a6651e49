/**
 * No row oracle: a TRUE and a FALSE guess about a secret get byte-identical answers — the Slack reply
 * and the CLI's JSON — as root and as the README's recommended user. Each pair differs only in the
 * guess; before the fix most of them differed ("Impossible WHERE noticed after reading const tables",
 * row estimates, min/max notes, errors from evaluating the row).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reviewJson } from '../../src/cli/commands/review';
import { reviewScript } from '../../src/review/review';
import { reviewReply } from '../../src/slack/views/review';
import { createReviewUser, recordingConnect, type Recorder } from './live-support';

const root = inject('mysqlUrl');
const DB = 'oracle_t';
const USER = 'dbassist_ro_oracle';
const SECRET = 'hunter2';
let admin: mysql.Connection;
let roUrl = '';

/** [what is guessed, statement with `?` where the guess goes, the TRUE guess, the FALSE guess]. */
const PAIRS: [string, string, string, string][] = [
  ['a column of a row looked up by primary key', `SELECT * FROM ${DB}.secrets WHERE id = 1 AND secret = '?'`, SECRET, 'letmein'],
  ['a prefix, by LIKE', `SELECT id FROM ${DB}.secrets WHERE id = 1 AND secret LIKE '?%'`, 'hunt', 'qqqq'],
  ['a character, by ASCII()', `SELECT id FROM ${DB}.secrets WHERE id = 1 AND ASCII(secret) = ?`, '104', '105'],
  ['a row, by unique key', `SELECT id FROM ${DB}.secrets WHERE token = '?'`, 'tok-AAA', 'tok-ZZZ'],
  [
    'a join driven by the looked-up row',
    `SELECT u.id FROM ${DB}.secrets s JOIN ${DB}.people u ON u.id < ASCII(s.secret) * ? WHERE s.id = 1`,
    '1.0000',
    '0.5000',
  ],
  ['a scalar subquery over the row', `SELECT id FROM ${DB}.people WHERE id = (SELECT LENGTH(secret) * ? FROM ${DB}.secrets WHERE id = 1)`, '1.0000', '1.5000'],
  ['a scalar subquery feeding a range', `SELECT id FROM ${DB}.people WHERE id < (SELECT ASCII(secret) * ? FROM ${DB}.secrets LIMIT 1)`, '1.0000', '0.5000'],
  ['EXISTS over the row', `SELECT id FROM ${DB}.people WHERE EXISTS (SELECT 1 FROM ${DB}.secrets WHERE id = 1 AND secret LIKE '?%')`, 'hunt', 'qqqq'],
  ['an indexed value, by MIN/MAX', `SELECT MIN(secret) FROM ${DB}.secrets WHERE secret > '?' AND secret < 'i'`, 'hhhh', 'hzzz'],
  ['how many rows a range holds', `SELECT id FROM ${DB}.secrets WHERE token > '?'`, 'tok-A', 'tok-Y'],
  [
    'a value, by an error evaluating the row',
    `SELECT id FROM ${DB}.secrets WHERE id = 1 AND (SELECT p.id FROM ${DB}.people p WHERE (SELECT secret FROM ${DB}.secrets WHERE id = 1) LIKE '?%') > 0`,
    'hunt',
    'qqqq',
  ],
  ['an UPDATE of the row', `UPDATE ${DB}.secrets SET secret = 'x' WHERE id = 1 AND secret = '?'`, SECRET, 'nope'],
  ['another account’s password hash', "SELECT 1 FROM mysql.global_priv WHERE User = 'root' AND Priv LIKE '%?%'", 'mysql_native_password', 'ed25519'],
];

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: root, multipleStatements: false });
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(
    `CREATE TABLE ${DB}.secrets (id INT PRIMARY KEY, secret VARCHAR(64) NOT NULL, token VARCHAR(64) NOT NULL, UNIQUE KEY uk_token (token), KEY idx_secret (secret))`,
  );
  await admin.query(`INSERT INTO ${DB}.secrets VALUES (1, '${SECRET}', 'tok-AAA'), (2, 'swordfish', 'tok-BBB'), (3, 'letmein', 'tok-CCC')`);
  await admin.query(`CREATE TABLE ${DB}.people (id INT PRIMARY KEY, name VARCHAR(32))`);
  await admin.query(`INSERT INTO ${DB}.people VALUES ${Array.from({ length: 300 }, (_, i) => `(${i + 1}, 'p${i + 1}')`).join(', ')}`);
  await admin.query(`ANALYZE TABLE ${DB}.secrets, ${DB}.people`);
  roUrl = await createReviewUser(admin, root, USER, [DB]);
});

afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin?.query(`DROP USER IF EXISTS '${USER}'@'%'`);
  await admin?.end();
});

/** The review's Slack reply and CLI JSON for the template with `guess`, the guess itself masked (the paste is echoed). */
async function answer(template: string, guess: string, url: string): Promise<string> {
  const recorder: Recorder = { sent: [], blocked: [], threads: [] };
  const r = await reviewScript(template.replace('?', guess), { live: { connect: recordingConnect(url, recorder), database: DB, target: 'oracle' } });
  expect(recorder.blocked).toEqual([]);
  return `${JSON.stringify(reviewReply(r))}\n${JSON.stringify(reviewJson(r))}`.replaceAll(guess, '<guess>');
}

describe.each([
  ['root', () => `${root}${DB}`],
  ['the recommended user', () => `${roUrl.replace(/\/$/, '')}/${DB}`],
])('guesses about a secret, as %s', (_who, url) => {
  it.each(PAIRS)('%s: TRUE and FALSE get the same answer', async (_what, template, yes, no) => {
    const a = await answer(template, yes, url());
    const b = await answer(template, no, url());
    expect(a).toBe(b);
    expect(b).not.toContain(SECRET);
  });
});

describe('the oracle the fix closes', () => {
  it('is real: raw EXPLAIN answers the first guess differently', async () => {
    const c = await mysql.createConnection({ uri: `${root}${DB}`, multipleStatements: false });
    try {
      const extra = async (sql: string) =>
        JSON.stringify(((await c.query(`EXPLAIN ${sql}`))[0] as Record<string, unknown>[]).map((r) => [r.type, r.rows, r.Extra]));
      for (const k of [0, 6, 8, 9]) {
        const [, template, yes, no] = PAIRS[k]!;
        expect(await extra(template.replace('?', yes)), template).not.toBe(await extra(template.replace('?', no)));
      }
    } finally {
      await c.end();
    }
  });
});
