/**
 * Verifies index advice on a scratch schema (CLI `--scratch-db` only; docs/safety.md, "--scratch-db"):
 * a writable, throwaway schema that must not be the target. It copies the advised tables' structure
 * and, when the operator allows it (`--sample-rows N`), the first N rows of each, creates the index
 * there and EXPLAINs the statement before and after.
 *
 * The target is reached only through a guarded session (guard.ts) opened for this step: read-only,
 * with its watchdog, and allowed to read sample rows only because the operator asked for them on the
 * command line — the Slack path never gets here. The scratch side has its own connections: one
 * writable (copies, indexes, clean-up) and a guarded session of its own for the EXPLAINs, so the
 * statement is vetted and its plans disclosed as on the target. Refused when the scratch URL resolves
 * to the target's server and schema: a marker table created on the scratch side must not be visible
 * from the target. The caller (jobs/review.ts) supplies the connections; this module only speaks SQL
 * over them, so review/ stays free of the MySQL driver.
 */
import { randomBytes } from 'node:crypto';
import { UserFacingError, userMessage } from '../core/errors';
import type { Queryable } from './explain';
import { DEFAULT_SESSION_LIMITS, type LiveConnection, ReviewSession, SAMPLE_ROWS_MAX } from './guard';
import { TABLE_SCHEMAS_QUERY } from './schema-queries';
import type { PlanRow, ReviewResult } from './types';

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

/** What the verification reads from the target: a guarded session's information_schema reader, definitions and sample rows. */
export interface TargetReads {
  reader(): Queryable;
  tableDefinition(db: string, table: string): Promise<string>;
  sampleRows(db: string, table: string, n: number): Promise<Record<string, unknown>[]>;
}

export interface ScratchConnectors {
  /** Opens a connection to the target (the same as the review's). */
  target: () => Promise<LiveConnection>;
  /** Opens a connection to the scratch schema. */
  scratch: (url: string) => Promise<ScratchConnection & LiveConnection>;
}

/** Deadline of each target read of this step (a sample of 10,000 wide rows takes a moment). */
const TARGET_READ_MS = 10_000;

/** Throws ScratchRefused when both connections reach the same server and schema. */
export async function assertNotTarget(scratch: Queryable, target: Queryable, targetDb: string | undefined): Promise<string> {
  const [[s]] = (await scratch.query('SELECT DATABASE() AS db')) as [{ db: string | null }[], unknown];
  const scratchDb = s?.db;
  if (!scratchDb) throw new ScratchRefused('--scratch-db must name a schema (mysql://user:pass@host:port/scratch_schema)');
  const marker = `dbassist_scratch_marker_${randomBytes(6).toString('hex')}`;
  await scratch.query(`CREATE TABLE ${q(marker)} (id INT PRIMARY KEY)`);
  try {
    const [seen] = (await target.query(TABLE_SCHEMAS_QUERY, [marker])) as [{ s: string }[], unknown];
    if (seen.some((r) => targetDb !== undefined && r.s.toLowerCase() === targetDb.toLowerCase()))
      throw new ScratchRefused(`--scratch-db resolves to the target itself (schema ${targetDb}); give a throwaway schema`);
  } finally {
    await scratch.query(`DROP TABLE IF EXISTS ${q(marker)}`);
  }
  return scratchDb;
}

/** Copies a table's structure (and up to `rows` rows) from the target into the scratch schema. */
async function copyTable(target: TargetReads, scratch: Queryable, db: string, table: string, rows: number): Promise<number> {
  const ddl = await target.tableDefinition(db, table);
  await scratch.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await scratch.query('SET SESSION foreign_key_checks = 0');
  // foreign keys stay (the parents need not exist: foreign_key_checks is off in this session)
  await scratch.query(ddl);
  if (rows <= 0) return 0;
  const data = await target.sampleRows(db, table, rows);
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
export async function withScratch(request: ScratchRequest, connect: ScratchConnectors, targetDb: string | undefined, result: ReviewResult): Promise<void> {
  const advised = result.statements.filter((s) => s.advice?.length);
  if (!advised.length) {
    result.notes.push('Scratch schema not used: no index advice to verify.');
    return;
  }
  const sampleRows = Math.min(request.sampleRows, SAMPLE_ROWS_MAX);
  if (request.sampleRows > SAMPLE_ROWS_MAX)
    result.notes.push(`--sample-rows ${request.sampleRows} is over the limit; ${SAMPLE_ROWS_MAX} rows per table were copied.`);
  const limits = { ...DEFAULT_SESSION_LIMITS, statementTimeoutMs: TARGET_READ_MS };
  let target: ReviewSession;
  try {
    target = await ReviewSession.open(connect.target, limits, { sampleRows });
  } catch (e) {
    result.notes.push(`Index advice not verified: could not open a safe read-only session on the target (${userMessage(e)}).`);
    return;
  }
  let scratch: ScratchConnection | undefined;
  let explainer: ReviewSession | undefined;
  const copied = new Map<string, number>();
  try {
    try {
      scratch = await connect.scratch(request.url);
      explainer = await ReviewSession.open(() => connect.scratch(request.url));
    } catch (e) {
      result.notes.push(`Index advice not verified: cannot connect to the scratch schema (${(e as { code?: string }).code ?? userMessage(e)}).`);
      return;
    }
    const conn: Queryable = scratch;
    await assertNotTarget(conn, target.reader(), targetDb);
    for (const s of advised) {
      for (const a of s.advice!) {
        const [db, table] = a.table.includes('.') ? (a.table.split('.') as [string, string]) : [targetDb ?? '', a.table];
        const key = `${db}.${table}`.toLowerCase();
        if (!copied.has(key)) {
          copied.set(key, 0);
          copied.set(key, await copyTable(target, conn, db, table, sampleRows));
        }
        const sql = s.sql.replace(new RegExp(`\\b${db.replace(/[^\w$]/g, '')}\\s*\\.\\s*`, 'g'), '');
        const before = await explainer.explain(sql);
        const name = `idx_verify_${randomBytes(3).toString('hex')}`;
        await conn.query(`ALTER TABLE ${q(table)} ADD INDEX ${q(name)} (${a.columns.map(q).join(', ')})`);
        await conn.query(`ANALYZE TABLE ${q(table)}`);
        const after = await explainer.explain(sql);
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
    const open = scratch;
    if (open) {
      for (const key of copied.keys()) await open.query(`DROP TABLE IF EXISTS ${q(key.split('.')[1]!)}`).catch(() => undefined);
      await open.end().catch(() => open.destroy());
    }
    await explainer?.close();
    await target.close();
  }
}

/** Access type, key and — where the disclosed plan keeps one (a full scan) — the row estimate of each table. */
function describe(plan: PlanRow[] | null): string {
  return (
    (plan ?? []).map((r) => `${r.table ?? '?'}: ${r.type ?? '?'}${r.key ? ` via ${r.key}` : ''}${r.rows !== null ? `, ≈${r.rows} rows` : ''}`).join('; ') ||
    'no plan'
  );
}
