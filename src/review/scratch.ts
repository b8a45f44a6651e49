/**
 * Verifies index advice on a scratch schema (CLI `--scratch-db`): a writable, throwaway schema that must
 * not be the target. It copies the advised tables' structure (SHOW CREATE TABLE on the target) and, when
 * the user allows it (`--sample-rows N`), the first N rows of each, creates the index there and EXPLAINs
 * the statement before and after. The target is only read (read-only session, the SELECT is vetted).
 * Refused when the scratch URL resolves to the target's server and schema: a marker table created on the
 * scratch side must not be visible from the target connection. The caller (jobs/review.ts) opens the
 * scratch connection; this module only speaks SQL over it, so review/ stays free of the MySQL driver.
 */
import { randomBytes } from 'node:crypto';
import { UserFacingError, userMessage } from '../core/errors';
import { explainStatement, type Queryable } from './explain';
import type { ReviewResult } from './types';

export interface ScratchRequest {
  url: string;
  /** Rows copied from each table of the target (0 = structure only). */
  sampleRows: number;
}

const q = (n: string) => `\`${n.replace(/`/g, '``')}\``;

/** A connection to the scratch schema, opened by the caller and closed here. */
export interface ScratchConnection extends Queryable {
  end(): Promise<void>;
  destroy(): void;
}

/** The scratch URL is unusable for verification (no schema, or it is the target); the message is for the user. */
export class ScratchRefused extends UserFacingError {
  override name = 'ScratchRefused';
}

/** Throws ScratchRefused when both connections reach the same server and schema. */
export async function assertNotTarget(scratch: Queryable, target: Queryable, targetDb: string | undefined): Promise<string> {
  const [[s]] = (await scratch.query('SELECT DATABASE() AS db')) as [{ db: string | null }[], unknown];
  const scratchDb = s?.db;
  if (!scratchDb) throw new ScratchRefused('--scratch-db must name a schema (mysql://user:pass@host:port/scratch_schema)');
  const marker = `dbassist_scratch_marker_${randomBytes(6).toString('hex')}`;
  await scratch.query(`CREATE TABLE ${q(marker)} (id INT PRIMARY KEY)`);
  try {
    const [seen] = (await target.query('SELECT TABLE_SCHEMA AS s FROM information_schema.TABLES WHERE TABLE_NAME = ?', [marker])) as [{ s: string }[], unknown];
    if (seen.some((r) => targetDb !== undefined && r.s.toLowerCase() === targetDb.toLowerCase()))
      throw new ScratchRefused(`--scratch-db resolves to the target itself (schema ${targetDb}); give a throwaway schema`);
  } finally {
    await scratch.query(`DROP TABLE IF EXISTS ${q(marker)}`);
  }
  return scratchDb;
}

/** Copies a table's structure (and up to `rows` rows) from the target into the scratch schema. */
async function copyTable(target: Queryable, scratch: Queryable, db: string, table: string, rows: number): Promise<number> {
  const [[ct]] = (await target.query(`SHOW CREATE TABLE ${q(db)}.${q(table)}`)) as [Record<string, string>[], unknown];
  const ddl = ct?.['Create Table'];
  if (!ddl) throw new Error(`cannot read the definition of ${db}.${table}`);
  await scratch.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await scratch.query('SET SESSION foreign_key_checks = 0');
  // foreign keys stay (the parents need not exist: foreign_key_checks is off in this session)
  await scratch.query(ddl);
  if (rows <= 0) return 0;
  const [data] = (await target.query(`SELECT * FROM ${q(db)}.${q(table)} LIMIT ${Math.floor(rows)}`)) as [Record<string, unknown>[], unknown];
  for (let i = 0; i < data.length; i += 500) {
    const chunk = data.slice(i, i + 500);
    const cols = Object.keys(chunk[0] ?? {});
    if (!cols.length) break;
    await scratch.query(`INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES ?`, [chunk.map((r) => cols.map((c) => r[c]))]);
  }
  await scratch.query(`ANALYZE TABLE ${q(table)}`);
  return data.length;
}

/** Runs the verification for every advised index of the result; notes say what was done or refused. */
export async function withScratch(
  request: ScratchRequest,
  connect: (url: string) => Promise<ScratchConnection>,
  target: { conn: Queryable; database: string | undefined },
  result: ReviewResult,
): Promise<void> {
  const advised = result.statements.filter((s) => s.advice?.length);
  if (!advised.length) {
    result.notes.push('Scratch schema not used: no index advice to verify.');
    return;
  }
  let scratch: ScratchConnection;
  try {
    scratch = await connect(request.url);
  } catch (e) {
    result.notes.push(`Index advice not verified: cannot connect to the scratch schema (${(e as { code?: string }).code ?? userMessage(e)}).`);
    return;
  }
  const conn: Queryable = scratch;
  const copied = new Map<string, number>();
  try {
    await assertNotTarget(conn, target.conn, target.database);
    for (const s of advised) {
      for (const a of s.advice!) {
        const [db, table] = a.table.includes('.') ? (a.table.split('.') as [string, string]) : [target.database ?? '', a.table];
        const key = `${db}.${table}`.toLowerCase();
        if (!copied.has(key)) copied.set(key, await copyTable(target.conn, conn, db, table, request.sampleRows));
        const sql = s.sql.replace(new RegExp(`\\b${db.replace(/[^\w$]/g, '')}\\s*\\.\\s*`, 'g'), '');
        const before = await explainStatement(conn, sql);
        const name = `idx_verify_${randomBytes(3).toString('hex')}`;
        await conn.query(`ALTER TABLE ${q(table)} ADD INDEX ${q(name)} (${a.columns.map(q).join(', ')})`);
        await conn.query(`ANALYZE TABLE ${q(table)}`);
        const after = await explainStatement(conn, sql);
        await conn.query(`ALTER TABLE ${q(table)} DROP INDEX ${q(name)}`);
        const usesIndex = (after.plan ?? []).some((r) => r.key === name);
        a.verified = { sampleRows: copied.get(key)!, before: before.plan ?? [], after: after.plan ?? [], usesIndex };
        if (!before.plan || !after.plan) a.verified.note = before.error ?? after.error ?? 'no plan';
        else if (copied.get(key) === 0) a.verified.note = 'structure only (--sample-rows 0): plans on an empty table say little';
        s.findings.push({
          rule: 'index-advice',
          severity: 'info',
          source: 'explain',
          message: `Verified on the scratch schema with ${copied.get(key)} sample rows: the plan ${usesIndex ? `uses the new index (${describe(before.plan)} → ${describe(after.plan)})` : `does not use the new index (${describe(after.plan)})`}`,
        });
      }
    }
  } catch (e) {
    if (e instanceof ScratchRefused) throw e;
    result.notes.push(`Index advice verification failed: ${userMessage(e)}`);
  } finally {
    for (const key of copied.keys()) await conn.query(`DROP TABLE IF EXISTS ${q(key.split('.')[1]!)}`).catch(() => undefined);
    await scratch.end().catch(() => scratch.destroy());
  }
}

function describe(plan: { table: string | null; type: string | null; key: string | null; rows: number | null }[] | null): string {
  return (plan ?? []).map((r) => `${r.table ?? '?'}: ${r.type ?? '?'}${r.key ? ` via ${r.key}` : ''}, ≈${r.rows ?? '?'} rows`).join('; ') || 'no plan';
}
