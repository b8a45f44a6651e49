/**
 * Reads performance_schema statement digests of a local MySQL/MariaDB server (`--db URL` or
 * DBASSIST_DEMO_MYSQL_URL) into the simulated report, through the same read-only collector the bot uses
 * (columns probed: SUM_CPU_TIME and QUERY_SAMPLE_TEXT exist on MySQL 8 only). One cumulative snapshot:
 * the demo should not wait for a second one.
 */
import { collectPerfSchema } from '../perfschema';
import type { CollectionGap, PerfSchemaSnapshot } from '../../model/collected-data';

export interface LocalPerfSchemaResult {
  snapshot?: PerfSchemaSnapshot;
  gap?: CollectionGap;
}

export class DbUrlError extends Error {
  override name = 'DbUrlError';
}

/** mysql://user:pass@host:port/ → endpoint and credentials. */
export function parseDbUrl(url: string): { host: string; port: number; username: string; password: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DbUrlError('the database URL is not a URL (expected mysql://user:password@host:port/)');
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') throw new DbUrlError(`the database URL must start with mysql:// (got ${u.protocol}//)`);
  if (!u.hostname) throw new DbUrlError('the database URL has no host');
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
  };
}

/** Never fails: an unreachable or unusable server becomes a gap (without the URL's password). */
export async function readLocalPerfSchema(url: string, options: { top?: number; timeoutMs?: number } = {}): Promise<LocalPerfSchemaResult> {
  let target;
  try {
    target = parseDbUrl(url);
  } catch (e) {
    return { gap: { source: 'perfschema', what: 'performance_schema of the local server', reason: (e as Error).message } };
  }
  try {
    const { snapshot } = await collectPerfSchema({
      endpoint: { host: target.host, port: target.port },
      credentials: { username: target.username, password: target.password },
      connectTimeoutMs: options.timeoutMs ?? 3_000,
      statementTimeoutMs: options.timeoutMs ?? 3_000,
      // A budget too small for a second snapshot: one cumulative read.
      budgetMs: 1_000,
      top: options.top ?? 10,
    });
    return { snapshot };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const reason = target.password ? raw.split(target.password).join('***') : raw;
    return { gap: { source: 'perfschema', what: `performance_schema of ${target.host}:${target.port}`, reason } };
  }
}
