/**
 * Reads the locks, sessions and counters of a local MySQL/MariaDB server (`--db URL`,
 * DBASSIST_DEMO_MYSQL_URL, DBASSIST_DEV_MYSQL_URL) into the simulated report, through the same read-only
 * collector the bot uses on an instance endpoint: a real blocking chain on that server appears in the
 * report and its JSON. Never fails: an unusable server becomes a gap (without the URL's password).
 */
import { collectInstanceState } from '../instance-state';
import type { InstanceState } from '../../model/instance-state-model';
import { parseDbUrl } from './local-perfschema';
import type { CollectionGap } from '../../model/collected-data';

export interface LocalInstanceStateResult {
  state?: InstanceState;
  gap?: CollectionGap;
}

export async function readLocalInstanceState(url: string, options: { timeoutMs?: number; intervalS?: number } = {}): Promise<LocalInstanceStateResult> {
  let target;
  try {
    target = parseDbUrl(url);
  } catch (e) {
    return { gap: { source: 'instance', what: 'locks and sessions of the local server', reason: (e as Error).message } };
  }
  try {
    const state = await collectInstanceState({
      endpoint: { host: target.host, port: target.port },
      credentials: { username: target.username, password: target.password },
      connectTimeoutMs: options.timeoutMs ?? 3_000,
      statementTimeoutMs: options.timeoutMs ?? 3_000,
      // One short interval: the demo and the CLI should not wait long for counters.
      budgetMs: 6_000,
      intervalS: options.intervalS ?? 1,
    });
    return { state };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const reason = target.password ? raw.split(target.password).join('***') : raw;
    return { gap: { source: 'instance', what: `locks and sessions of ${target.host}:${target.port}`, reason } };
  }
}
