/** Live checks on the sakila schema in the harness MariaDB: index advice, existing indexes, DDL against the live table, scratch verification and its refusal. */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSakila } from '../../scripts/lib/sakila';
import { runReview } from '../../src/jobs/review';
import { ScratchRefused } from '../../src/review/scratch';

const base = inject('mysqlUrl');
const sakila = `${base}sakila`;

beforeAll(async () => {
  await loadSakila(base);
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection(base);
  await conn.query('CREATE DATABASE IF NOT EXISTS sakila_scratch');
  await conn.end();
}, 120_000);

async function review(sql: string, scratch?: { url: string; sampleRows: number }) {
  const r = await runReview({ sql, db: { url: sakila }, ...(scratch ? { scratch } : {}) });
  expect(r.live.schema).toBe(true);
  return r;
}
const rules = (r: Awaited<ReturnType<typeof review>>, i = 0) => r.statements[i]!.findings.map((f) => f.rule);

describe('live checks on the sakila schema', () => {
  it('advises a concrete index from the predicates and order, deduplicated against existing indexes', async () => {
    const r = await review('SELECT film_id, title FROM film WHERE length = 86 AND rental_duration = 3 ORDER BY title');
    const a = r.statements[0]!.advice;
    expect(a).toHaveLength(1);
    expect(a![0]!.columns.slice(0, 2).sort()).toEqual(['length', 'rental_duration']);
    expect(a![0]!.ddl).toMatch(
      /^ALTER TABLE `sakila`\.`film` ADD INDEX `idx_film_[a-z_]+` \(`(length|rental_duration)`, `(length|rental_duration)`, `title`\), ALGORITHM=INPLACE, LOCK=NONE;$/,
    );
    expect(rules(r)).toContain('index-advice');
    const covered = await review('SELECT address_id FROM address WHERE city_id = 300');
    expect(covered.statements[0]!.advice ?? []).toEqual([]);
  });

  it('flags string/number and collation mismatches in joins, and a numeric column compared with a string', async () => {
    const r = await review(
      "SELECT a.address FROM address a JOIN city c ON c.city = a.city_id WHERE a.address_id = 5;\nSELECT title FROM film WHERE length >= '60'",
    );
    expect(rules(r, 0)).toContain('schema-join-type-mismatch');
    expect(r.statements[1]!.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'schema-implicit-conversion', severity: 'info' })]));
  });

  it('sees ON UPDATE columns, primary-key updates and existing redundant indexes', async () => {
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection(sakila);
    await conn.query('CREATE INDEX idx_actor_id_last_name ON actor (actor_id, last_name)').catch(() => undefined);
    await conn.query('CREATE INDEX idx_dup_last_name ON actor (last_name)').catch(() => undefined);
    await conn.end();
    const r = await review(
      "UPDATE category SET name = 'ActioN' WHERE category_id = 1;\nUPDATE category SET name = 'ActioN', last_update = last_update WHERE category_id = 1;\nUPDATE actor SET actor_id = 500 WHERE actor_id = 1",
    );
    expect(rules(r, 0)).toContain('schema-update-on-update-column');
    expect(rules(r, 1)).not.toContain('schema-update-on-update-column');
    expect(rules(r, 2)).toEqual(expect.arrayContaining(['schema-update-primary-key', 'schema-existing-duplicate-index']));
    expect(r.statements[2]!.findings.find((f) => f.rule === 'schema-existing-duplicate-index')!.message).toMatch(
      /idx_dup_last_name \(last_name\) duplicates idx_actor_last_name|idx_actor_last_name \(last_name\) duplicates idx_dup_last_name/,
    );
  });

  it('knows which column changes rewrite the table and which attributes a MODIFY drops', async () => {
    const r = await review(
      'ALTER TABLE film MODIFY title VARCHAR(100) NOT NULL;\nALTER TABLE film MODIFY rental_rate FLOAT;\nALTER TABLE actor MODIFY last_name VARCHAR(45) NOT NULL;\nALTER TABLE film MODIFY rental_duration TINYINT UNSIGNED NOT NULL DEFAULT 3',
    );
    expect(rules(r, 0)).toContain('schema-column-type-rewrite');
    expect(rules(r, 1)).toEqual(expect.arrayContaining(['schema-column-type-rewrite', 'schema-modify-drops-attributes']));
    expect(r.statements[1]!.findings.find((f) => f.rule === 'schema-modify-drops-attributes')!.message).toMatch(/DEFAULT 4\.99, NOT NULL/);
    expect(rules(r, 2)).not.toContain('schema-column-type-rewrite');
    expect(rules(r, 3)).not.toContain('schema-modify-drops-attributes');
  });

  it('verifies the advised index on a scratch schema with a row sample, and shows the plan before and after', async () => {
    const r = await review('SELECT film_id, title FROM film WHERE length = 86 AND rental_duration = 3 ORDER BY title', {
      url: `${base}sakila_scratch`,
      sampleRows: 1000,
    });
    const v = r.statements[0]!.advice![0]!.verified!;
    expect(v.sampleRows).toBe(1000);
    expect(v.before[0]).toMatchObject({ table: 'film', type: 'ALL' });
    expect(v.usesIndex).toBe(true);
    expect(r.statements[0]!.findings.some((f) => /Verified on the scratch schema with 1000 sample rows: the plan uses the new index/.test(f.message))).toBe(
      true,
    );
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection(`${base}sakila_scratch`);
    const [left] = (await conn.query('SHOW TABLES')) as [unknown[], unknown];
    await conn.end();
    expect(left).toEqual([]);
  });

  it('refuses a scratch schema that is the target itself', async () => {
    await expect(review('SELECT title FROM film WHERE length = 86', { url: sakila, sampleRows: 10 })).rejects.toBeInstanceOf(ScratchRefused);
  });
});
