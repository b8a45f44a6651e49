/**
 * What the simulated instance's own endpoint shows at the end of the window: for `lock-contention`, a
 * batch session idle in an open transaction on a hot guilds row with application sessions queued behind
 * it; for `long-transaction`, a reporting session idle in a transaction open since the incident began;
 * otherwise nothing blocked. With `--db`, the local server's real reading replaces this one.
 */
import { blockingChains } from '../locks';
import type { InstanceState, LockWait, SessionRef } from '../../model/instance-state-model';
import type { ScenarioName } from './scenarios';

const UPDATE = 'UPDATE guilds SET member_count = member_count + ?, updated_at = NOW() WHERE id = ?';

export function simulatedInstanceState(
  scenario: ScenarioName,
  at: number,
  incidentStart: number,
  historyListLength: number,
  tmpDiskTables: number,
): InstanceState {
  const state: InstanceState = {
    at: new Date(at).toISOString(),
    flavor: 'mysql',
    version: '8.0.32 (simulated Aurora MySQL 3.05.2)',
    lockWaits: [],
    chains: [],
    longTransactions: [],
    longQueries: [],
    historyListLength: Math.round(historyListLength),
    tempSort: {
      cumulative: true,
      tmpTables: tmpDiskTables * 6,
      tmpDiskTables,
      sortMergePasses: Math.round(tmpDiskTables / 10),
      sortScans: tmpDiskTables * 3,
      selectFullJoin: 12,
    },
    notes: [],
  };
  const openS = Math.round((at - incidentStart) / 1000) + 120;
  if (scenario === 'lock-contention') {
    const blocker: SessionRef = {
      id: 5123,
      user: 'game_batch',
      host: '10.0.14.22:52114',
      db: 'game',
      command: 'Sleep',
      timeS: openS - 5,
      statement: UPDATE,
      lastStatement: true,
      trxAgeS: openS,
      trxState: 'RUNNING',
      rowsLocked: 1,
      rowsModified: 1,
    };
    const waits: LockWait[] = Array.from({ length: 38 }, (_, i) => ({
      kind: 'row',
      waiting: {
        id: 8801 + i,
        user: 'game_app',
        host: `${i % 2 ? '10.0.13.7' : '10.0.12.41'}:${40000 + i}`,
        db: 'game',
        command: 'Query',
        timeS: 48 - (i % 45),
        statement: UPDATE,
        trxAgeS: 48 - (i % 45),
        trxState: 'LOCK WAIT',
        rowsLocked: 0,
        rowsModified: 0,
      },
      blocking: blocker,
      waitS: 48 - (i % 45),
      object: 'game.guilds (PRIMARY)',
      lockMode: 'X,REC_NOT_GAP',
    }));
    state.lockWaits = waits;
    state.chains = blockingChains(waits);
    state.longTransactions = [blocker];
    state.longQueries = waits.slice(0, 5).map((w) => w.waiting);
  }
  if (scenario === 'long-transaction') {
    state.longTransactions = [
      {
        id: 7781,
        user: 'report_user',
        host: '10.0.20.5:61022',
        db: 'game',
        command: 'Sleep',
        timeS: openS - 30,
        statement: 'SELECT * FROM item_logs WHERE character_id = ? ORDER BY created_at',
        lastStatement: true,
        trxAgeS: openS,
        trxState: 'RUNNING',
        rowsLocked: 0,
        rowsModified: 0,
      },
    ];
  }
  return state;
}
