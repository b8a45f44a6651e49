/**
 * Probable causes of an incident, ranked by the evidence, never by a name: where the added load went
 * (CPU, I/O, row or metadata locks, commit, connections), which statement carried it inside the window
 * and whether it is new, events in or just before it (a member's restart, a failover, a change), the
 * blocking chains and long transactions of an ongoing incident, and the symptoms (memory, history list,
 * connections). Each candidate scores 0…1 from its own evidence; causes below MIN_SCORE are dropped.
 * Pure: docs/causes.md lists the kinds and what each rests on.
 */
import type { CollectedData } from '../model/collected-data';
import type { SessionRef } from '../model/instance-state-model';
import type { Cause, CauseEvidence, CauseKind, Incident, IncidentEvent, IncidentSql, IncidentSymptom } from './cause-types';
import { metricLabel, type SymptomWindow } from './symptoms';
import { formatBytes, formatCount, formatDuration, formatLevel, formatTime, formatValue } from '../core/format';
import { WAIT_CLASS_LABEL, type WaitClass } from './wait-classes';

export const MIN_SCORE = 0.3;
const GiB = 1024 ** 3;

interface Ctx {
  data: CollectedData;
  inc: Incident;
  /** Every symptom window overlapping the incident (the incident keeps only the worst per group). */
  windows: SymptomWindow[];
  vcpu?: number;
  memoryGiB?: number;
}

type Candidate = Omit<Cause, 'confidence' | 'incidentId'>;

const sym = (c: Ctx, group: string): IncidentSymptom | undefined => c.inc.symptoms.find((s) => s.group === group);
const win = (c: Ctx, metric: string): SymptomWindow | undefined =>
  c.windows.filter((w) => w.metric === metric).sort((a, b) => (b.ratio ?? 1) - (a.ratio ?? 1))[0];
const clamp = (x: number) => Math.max(0, Math.min(1, x));
const when = (c: Ctx) => `${formatTime(c.inc.start)}–${formatTime(c.inc.end).slice(-5)}`;

/** A statement in one line for a summary, in backticks. */
export function sqlShort(text: string, max = 80): string {
  // Identifier quotes would end the code span: PI and performance_schema quote every identifier.
  const one = text.replace(/`/g, '').replace(/\s+/g, ' ').trim();
  return `\`${one.length > max ? `${one.slice(0, max - 1)}…` : one}\``;
}

function added(c: Ctx, cls: WaitClass): number {
  const x = c.inc.load?.byClass.find((b) => b.cls === cls);
  return x ? Math.max(0, x.aas - x.baseline) : 0;
}

function addedTotal(c: Ctx): number {
  return (c.inc.load?.byClass ?? []).reduce((a, b) => a + Math.max(0, b.aas - b.baseline), 0);
}

/** Share of the load added in the incident that went to `cls` (0 when nothing was added). */
function addedShare(c: Ctx, cls: WaitClass): number {
  const t = addedTotal(c);
  return t > 0.05 ? added(c, cls) / t : 0;
}

function piLoad(c: Ctx): boolean {
  return c.inc.load?.source === 'pi';
}

function sessionName(s: SessionRef): string {
  return `session ${s.id} (${s.user}@${s.host.replace(/:\d+$/, '')})`;
}

/** A session's age in words: "under a second", "48 s", "27 min", "2.4 h". */
export function age(s: number | undefined): string {
  if (s === undefined) return 'an unknown time';
  return s < 1 ? 'under a second' : formatDuration(s * 1000);
}

/** "13.6 active sessions on 8 vCPUs (usually 3.2): +9.1 on CPU, +0.5 on I/O" */
function loadLine(c: Ctx): CauseEvidence | undefined {
  const l = c.inc.load;
  if (!l || l.aas <= 0) return undefined;
  const grew = l.byClass
    .map((b) => ({ cls: b.cls, d: b.aas - b.baseline }))
    .filter((x) => x.d >= 0.1)
    .sort((a, b) => b.d - a.d)
    .map(
      (x) =>
        `+${formatLevel(x.d)} on ${l.source === 'cloudwatch' && x.cls === 'other' ? 'waits (not split without Performance Insights)' : WAIT_CLASS_LABEL[x.cls]}`,
    );
  return {
    text: `${when(c)}: ${formatLevel(l.aas)} active sessions on average (peak ${formatLevel(l.peak)})${l.vcpu ? ` on ${l.vcpu} vCPUs` : ''}, usually ${formatLevel(l.baseline)}${grew.length > 0 ? `: ${grew.join(', ')}` : ''}`,
    window: { start: c.inc.start, end: c.inc.end },
  };
}

function symptomLine(s: IncidentSymptom | SymptomWindow, words = metricLabel(s.metric)): CauseEvidence {
  words = words.charAt(0).toUpperCase() + words.slice(1);
  const usual = s.usual !== undefined ? ` (usually ${formatValue(s.usual, s.unit)})` : '';
  const peak = 'peakAt' in s ? s.peakAt : undefined;
  return { text: `${words} ${formatValue(s.peak, s.unit)}${usual} at ${formatTime(peak!)}`, at: peak!, window: { start: s.start, end: s.end } };
}

function sqlLine(q: IncidentSql, c: Ctx): CauseEvidence {
  const what =
    q.source === 'pi'
      ? `${formatLevel(q.load)} active sessions (${Math.round(q.share * 100)} % of the load)`
      : q.source === 'slowlog'
        ? `${formatDuration(q.load * 1000)} of slow-log time (${Math.round(q.share * 100)} %)`
        : `${Math.round(q.share * 100)} % of statement time at the end of the window`;
  const growth =
    q.growth === Infinity ? ', not running before' : Number.isFinite(q.growth) && q.growth >= 1.5 ? `, ${formatLevel(q.growth)}× its rate before` : '';
  const rows = q.rowsExaminedPerCall && q.rowsExaminedPerCall >= 1000 ? `, ${formatCount(q.rowsExaminedPerCall)} rows examined per call` : '';
  return { text: `${sqlShort(q.text, 120)}: ${what} during ${when(c)}${growth}${rows}`, window: { start: c.inc.start, end: c.inc.end } };
}

function growthFactor(q: IncidentSql | undefined): number {
  if (!q) return 0;
  if (q.growth === Infinity) return 1;
  if (!Number.isFinite(q.growth)) return 0.3;
  if (q.growth >= 3) return 0.8;
  if (q.growth >= 1.5) return 0.45;
  return 0.15;
}

/** The statement that carried most of a wait class (PI), else the largest. */
function sqlFor(c: Ctx, cls?: WaitClass): IncidentSql | undefined {
  if (cls && c.inc.sql.some((q) => q.byClass)) {
    const best = [...c.inc.sql].sort((a, b) => (b.byClass?.[cls] ?? 0) - (a.byClass?.[cls] ?? 0))[0];
    if (best && (best.byClass?.[cls] ?? 0) > 0) return best;
  }
  return c.inc.sql[0];
}

function cpuQueryRegression(c: Ctx): Candidate | undefined {
  const cpu = sym(c, 'cpu');
  const load = sym(c, 'load');
  if (!cpu && !load) return undefined;
  let cpuShare = c.inc.load ? addedShare(c, 'cpu') : cpu ? 0.7 : 0.3;
  if (c.inc.load && addedTotal(c) <= 0.05) cpuShare = cpu ? 0.5 : 0;
  const q = sqlFor(c, 'cpu');
  let score = cpuShare * (0.3 + 0.7 * (q?.share ?? 0) * growthFactor(q));
  if (q?.byClass && q.load > 0 && (q.byClass.cpu ?? 0) / q.load < 0.4) score *= 0.6;
  if (!q) score = Math.min(score, 0.25);
  const l = c.inc.load;
  const loadText =
    l && piLoad(c) && q
      ? `carried ${formatLevel(q.load)} of ${formatLevel(l.aas)} active sessions (${Math.round(q.share * 100)} %)`
      : q
        ? `took ${Math.round(q.share * 100)} % of the slow-log time`
        : '';
  // "Saturated" only when it was: CPU near full, or more sessions on CPU than there are vCPUs.
  const saturated = (cpu && cpu.peak >= 85) || (l && c.vcpu && (l.byClass.find((b) => b.cls === 'cpu')?.aas ?? 0) >= c.vcpu);
  const verb = saturated ? 'saturated CPU' : 'drove the CPU load';
  const head =
    q?.growth === Infinity
      ? `A new query ${verb}`
      : q && Number.isFinite(q.growth) && q.growth >= 1.5
        ? `A query ran ${formatLevel(q.growth)}× more and ${verb}`
        : 'CPU-bound load';
  const cpuText = cpu ? `CPU ${formatValue(cpu.peak, cpu.unit)}` : l ? `${formatLevel(l.peak)} active sessions` : 'load up';
  const summary = q
    ? `${head}: ${sqlShort(q.text)} ${loadText} from ${formatTime(c.inc.start)}; ${cpuText}${c.vcpu ? ` on ${c.vcpu} vCPUs` : ''}.`
    : `${head} rose (${cpuText}) from ${formatTime(c.inc.start)}; no statement data names the query.`;
  const evidence = [loadLine(c), cpu ? symptomLine(cpu, 'CPU') : undefined, q ? sqlLine(q, c) : undefined].filter((e): e is CauseEvidence => !!e);
  const actions: string[] = [];
  if (q) {
    actions.push(
      `EXPLAIN ${sqlShort(q.text, 100)} (\`dbassist review\`) and index its filter${q.rowsExaminedPerCall && q.rowsExaminedPerCall >= 1000 ? `: it examines ${formatCount(q.rowsExaminedPerCall)} rows per call` : ' and sort columns'}.`,
    );
    actions.push(
      q.growth === Infinity
        ? `Find the release or job that started sending it at ${formatTime(c.inc.start)} and roll it back or rate-limit it until the plan is fixed.`
        : `Compare its plan and call rate with before ${formatTime(c.inc.start)} (a plan flip, a new release, a batch).`,
    );
  } else actions.push('Turn on Performance Insights or slow-log export to name the statement that used the CPU.');
  actions.push(`Scale the instance up only if the load stays CPU-bound after the query is fixed${c.vcpu ? ` (${c.vcpu} vCPUs now)` : ''}.`);
  const out: Candidate = { kind: 'cpu-query-regression', summary, score: clamp(score), evidence, actions };
  if (q) out.sql = q;
  return out;
}

function ioFullScan(c: Ctx): Candidate | undefined {
  const reads = sym(c, 'reads');
  const cache = sym(c, 'buffer-cache');
  const latency = sym(c, 'read-latency');
  let ioShare = c.inc.load ? (piLoad(c) ? addedShare(c, 'io') : addedShare(c, 'other') * (reads && cache ? 0.8 : 0.3)) : reads && cache ? 0.5 : 0;
  if (c.inc.load && addedTotal(c) <= 0.05) ioShare = 0;
  if (ioShare < 0.25 && !(reads && cache)) return undefined;
  const q = sqlFor(c, 'io');
  const scanning = q && ((q.fullScans ?? 0) > 0 || (q.rowsExaminedPerCall ?? 0) >= 100_000 || (q.byClass?.io ?? 0) > 0.4 * q.load);
  const score =
    0.6 * ioShare +
    ((reads?.ratio ?? 1) >= 2 ? 0.15 : reads ? 0.05 : 0) +
    (cache ? 0.15 : 0) +
    (latency ? 0.05 : 0) +
    (scanning ? 0.2 * Math.max(q!.share, 0.5) : 0);
  const l = c.inc.load;
  const ioAas = l?.byClass.find((b) => b.cls === 'io')?.aas;
  const parts = [
    ioAas !== undefined && piLoad(c)
      ? `drove I/O waits to ${formatLevel(ioAas)} of ${formatLevel(l!.aas)} active sessions`
      : reads
        ? `reads from storage rose ${reads.ratio ? `${formatLevel(reads.ratio)}×` : ''}`
        : 'I/O rose',
    cache ? `buffer cache hit ratio fell to ${formatValue(cache.peak, cache.unit)}` : undefined,
  ].filter(Boolean);
  const rows = q?.rowsExaminedPerCall && q.rowsExaminedPerCall >= 1000 ? ` (${formatCount(q.rowsExaminedPerCall)} rows examined per call)` : '';
  const summary =
    q && scanning
      ? `Full scans read from storage: ${sqlShort(q.text)}${rows} ${parts.join('; ')} from ${formatTime(c.inc.start)}.`
      : `Storage reads ${parts.join('; ')} from ${formatTime(c.inc.start)}.`;
  const evidence = [
    loadLine(c),
    reads ? symptomLine(reads, 'Reads from storage') : undefined,
    cache ? symptomLine(cache, 'Buffer cache hit ratio') : undefined,
    q ? sqlLine(q, c) : undefined,
  ].filter((e): e is CauseEvidence => !!e);
  const scanTable = c.data.instanceState?.fullScanTables?.[0];
  if (scanTable)
    evidence.push({
      text: `${scanTable.schema}.${scanTable.table}: ${Math.round((scanTable.scanShare ?? 0) * 100)} % of its rows read without an index since the server started`,
    });
  const actions = [
    q
      ? `Give ${sqlShort(q.text, 100)} an index so it stops scanning (EXPLAIN it with \`dbassist review\`).`
      : 'Find the statements reading the most rows in that window (slow log, Performance Insights) and index them.',
    'Move reports and batch scans to a reader, or off-peak, so they do not evict the working set.',
    'Scale memory only if the hit ratio stays low once the scans are fixed.',
  ];
  const out: Candidate = { kind: 'io-full-scan', summary, score: clamp(score), evidence, actions };
  if (q) out.sql = q;
  return out;
}

function lockContention(c: Ctx): Candidate | undefined {
  const lockWaits = sym(c, 'lock-waits');
  const deadlocks = sym(c, 'deadlocks');
  const dml = sym(c, 'dml-latency');
  const mdl = c.inc.load?.metadataLockAas ?? 0;
  const rowLockAdded = Math.max(0, added(c, 'lock') - mdl);
  let lockShare = piLoad(c) ? (addedTotal(c) > 0.05 ? rowLockAdded / addedTotal(c) : 0) : c.inc.load ? addedShare(c, 'other') * (lockWaits ? 0.8 : 0.2) : 0;
  if (!Number.isFinite(lockShare)) lockShare = 0;
  const chain = c.inc.chains.find((ch) => ch.waits.some((w) => w.kind === 'row'));
  if (lockShare < 0.2 && !lockWaits && !chain) return undefined;
  const score =
    0.6 * lockShare +
    ((lockWaits?.ratio ?? 1) >= 3 ? 0.2 : lockWaits ? 0.1 : 0) +
    (deadlocks ? 0.1 : 0) +
    (dml ? 0.05 : 0) +
    (chain ? (chain.blocked >= 2 ? 0.2 : 0.1) : 0);
  const q = sqlFor(c, 'lock');
  const l = c.inc.load;
  const lockAas = l?.byClass.find((b) => b.cls === 'lock')?.aas;
  const head =
    lockAas !== undefined && piLoad(c) && l
      ? `Row-lock waits: ${formatLevel(lockAas - mdl)} of ${formatLevel(l.aas)} active sessions waited on row locks from ${formatTime(c.inc.start)}`
      : `Row-lock waits from ${formatTime(c.inc.start)}${lockWaits ? ` (${formatValue(lockWaits.peak, lockWaits.unit)} ${lockWaits.metric === 'BlockedTransactions' ? 'blocked transactions' : 'row-lock time'})` : ''}`;
  const blocker = chain
    ? `; ${sessionName(chain.root)}, ${chain.root.command === 'Sleep' ? 'idle in' : 'running in'} a transaction open ${age(chain.root.trxAgeS)}, blocks ${chain.blocked} session${chain.blocked === 1 ? '' : 's'}`
    : q
      ? `; ${sqlShort(q.text)} waited the most`
      : '';
  const evidence = [
    loadLine(c),
    lockWaits ? symptomLine(lockWaits, lockWaits.metric === 'BlockedTransactions' ? 'Blocked transactions' : 'Row-lock time') : undefined,
    deadlocks
      ? { text: `Deadlocks in the window, peak ${formatValue(deadlocks.peak, deadlocks.unit)} at ${formatTime(deadlocks.peakAt)}`, at: deadlocks.peakAt }
      : undefined,
    q ? sqlLine(q, c) : undefined,
  ].filter((e): e is CauseEvidence => !!e);
  if (chain) {
    const w = chain.waits.find((x) => x.blocking.id === chain.root.id)!;
    evidence.push({
      text: `Blocker ${sessionName(chain.root)}: transaction open ${age(chain.root.trxAgeS)}${chain.root.rowsLocked !== undefined ? `, ${chain.root.rowsLocked} row${chain.root.rowsLocked === 1 ? '' : 's'} locked` : ''}${chain.root.statement ? `, ${chain.root.lastStatement ? 'last ran' : 'running'} ${sqlShort(chain.root.statement, 100)}` : ''}`,
      at: c.data.instanceState!.at,
    });
    evidence.push({
      text: `Blocked ${sessionName(w.waiting)} for ${age(w.waitS)}${w.waiting.statement ? ` on ${sqlShort(w.waiting.statement, 100)}` : ''}${w.object ? ` (${w.object})` : ''}`,
      at: c.data.instanceState!.at,
    });
  }
  const actions: string[] = [];
  if (chain)
    actions.push(
      `If it is safe, end the blocker: \`KILL ${chain.root.id}\` (${chain.root.user}@${chain.root.host.replace(/:\d+$/, '')}, transaction open ${age(chain.root.trxAgeS)}), then find why its transaction stayed open.`,
    );
  actions.push('Keep transactions short: commit batches in small chunks and never wait on the network inside a transaction.');
  actions.push(
    q
      ? `${sqlShort(q.text, 100)} serialises on the same rows: spread the hot row (batch the counter, queue it) or take the locks in one order.`
      : 'Read LATEST DETECTED DEADLOCK in SHOW ENGINE INNODB STATUS and the lock waits to find the hot rows.',
  );
  const out: Candidate = { kind: 'lock-contention', summary: `${head}${blocker}.`, score: clamp(score), evidence, actions };
  if (q) out.sql = q;
  if (chain) out.chain = chain;
  return out;
}

function metadataLock(c: Ctx): Candidate | undefined {
  const mdl = c.inc.load?.metadataLockAas ?? 0;
  const total = addedTotal(c);
  const mdlShare = total > 0.05 ? Math.min(1, mdl / total) : 0;
  const chain = c.inc.chains.find((ch) => ch.waits.some((w) => w.kind === 'metadata'));
  if (mdlShare < 0.2 && !chain) return undefined;
  const ddl = c.inc.sql.find((q) => /^\s*(alter|create|drop|truncate|rename|optimize)\b/i.test(q.text));
  const score = 0.7 * mdlShare + (chain ? 0.3 : 0) + (ddl || sym(c, 'ddl-latency') ? 0.1 : 0);
  const w = chain?.waits.find((x) => x.kind === 'metadata');
  const summary =
    chain && w
      ? `Metadata lock: ${chain.blocked} session${chain.blocked === 1 ? '' : 's'} wait on ${w.object ?? 'a table'} behind ${sessionName(chain.root)}${w.waiting.statement ? `; the first waiter runs ${sqlShort(w.waiting.statement)}` : ''}.`
      : `Metadata-lock waits took ${formatLevel(mdl)} active sessions from ${formatTime(c.inc.start)}${ddl ? ` while ${sqlShort(ddl.text)} ran` : ''}.`;
  const evidence = [loadLine(c), ddl ? sqlLine(ddl, c) : undefined].filter((e): e is CauseEvidence => !!e);
  if (chain) evidence.push({ text: `Holder ${sessionName(chain.root)}, transaction open ${age(chain.root.trxAgeS)}`, at: c.data.instanceState!.at });
  const out: Candidate = {
    kind: 'metadata-lock',
    summary,
    score: clamp(score),
    evidence,
    actions: [
      chain
        ? `End or commit the holder (\`KILL ${chain.root.id}\` if it is an abandoned transaction), then rerun the DDL.`
        : 'Find the open transaction on the table (information_schema.INNODB_TRX, performance_schema.metadata_locks) before running DDL.',
      'Run schema changes online (gh-ost, pt-online-schema-change) or in a quiet window, with a short lock_wait_timeout.',
    ],
  };
  if (ddl) out.sql = ddl;
  if (chain) out.chain = chain;
  return out;
}

function longTransaction(c: Ctx): Candidate | undefined {
  const hll = sym(c, 'history-list');
  const windowEnd = Date.parse(c.data.window.end);
  const sinceStartS = (windowEnd - Date.parse(c.inc.start)) / 1000;
  const oldest = [...c.inc.longTransactions].sort((a, b) => (b.trxAgeS ?? 0) - (a.trxAgeS ?? 0))[0];
  const covering = oldest && (oldest.trxAgeS ?? 0) >= sinceStartS - 600;
  if (!hll && !(oldest && (oldest.trxAgeS ?? 0) >= 600)) return undefined;
  const hllF = hll ? (hll.ratio !== undefined ? clamp(Math.log10(Math.max(hll.ratio, 1)) / 3) : hll.peak >= 1_000_000 ? 1 : 0.6) : 0;
  const score =
    0.55 * hllF +
    (covering ? 0.35 : oldest && (oldest.trxAgeS ?? 0) >= 600 ? 0.2 : 0) +
    (sym(c, 'select-latency') ? 0.05 : 0) +
    (sym(c, 'replica-lag') ? 0.05 : 0);
  const trxText = oldest
    ? `${sessionName(oldest)} has ${oldest.command === 'Sleep' ? 'been idle in' : 'kept'} a transaction open ${age(oldest.trxAgeS)}`
    : undefined;
  const hllText = hll
    ? `the InnoDB history list grew to ${formatCount(hll.peak)} undo records${hll.ratio && hll.ratio >= 2 ? ` (${formatLevel(hll.ratio)}× usual)` : ''}`
    : undefined;
  const summary = oldest
    ? `A long transaction holds back purge: ${trxText}${hllText ? `; ${hllText}` : ''}.`
    : `Purge fell behind from ${formatTime(c.inc.start)}: ${hllText}; some transaction stays open (the instance was not read to name it).`;
  const evidence = [
    hll ? symptomLine(hll, 'History list length') : undefined,
    sym(c, 'select-latency') ? symptomLine(sym(c, 'select-latency')!, 'SELECT latency') : undefined,
  ].filter((e): e is CauseEvidence => !!e);
  if (oldest)
    evidence.push({
      text: `S${sessionName(oldest).slice(1)}: transaction open ${age(oldest.trxAgeS)} (since ${formatTime(new Date(Date.parse(c.data.instanceState?.at ?? c.data.window.end) - (oldest.trxAgeS ?? 0) * 1000).toISOString())})${oldest.command ? `, now ${oldest.command}` : ''}${oldest.statement ? `, ${oldest.lastStatement ? 'last ran' : 'running'} ${sqlShort(oldest.statement, 100)}` : ''}`,
      at: c.data.instanceState?.at ?? c.data.window.end,
    });
  const actions = [
    oldest
      ? `Commit or end the transaction: \`KILL ${oldest.id}\` (${oldest.user}@${oldest.host.replace(/:\d+$/, '')}, open ${age(oldest.trxAgeS)}) if its work can be lost.`
      : 'Find the oldest transaction: SELECT * FROM information_schema.INNODB_TRX ORDER BY trx_started LIMIT 5.',
    'Make the client commit or roll back promptly (no transaction left open across user think time or reports), and cap idle sessions with wait_timeout.',
    'Alert on RollbackSegmentHistoryListLength above 100,000.',
  ];
  return { kind: 'long-transaction', summary, score: clamp(score), evidence, actions };
}

function commitLatency(c: Ctx): Candidate | undefined {
  const commit = sym(c, 'commit-latency');
  const share = piLoad(c) ? addedShare(c, 'commit') : 0;
  if (!commit && share < 0.25) return undefined;
  const writes = sym(c, 'writes');
  const score = 0.6 * share + (commit ? 0.25 : 0) + (writes ? 0.1 : 0);
  const summary = `Commits waited on the log${commit ? `: commit latency ${formatValue(commit.peak, commit.unit)} at ${formatTime(commit.peakAt)}${commit.ratio && commit.ratio >= 1.5 ? ` (${formatLevel(commit.ratio)}× usual)` : ''}` : ''}${share > 0 ? `; commit/log waits took ${Math.round(share * 100)} % of the added load` : ''}.`;
  const evidence = [
    loadLine(c),
    commit ? symptomLine(commit, 'Commit latency') : undefined,
    writes ? symptomLine(writes, 'Writes to storage') : undefined,
  ].filter((e): e is CauseEvidence => !!e);
  return {
    kind: 'commit-latency',
    summary,
    score: clamp(score),
    evidence,
    actions: [
      'Batch small transactions (many tiny commits each wait for the log).',
      'Look for a write burst in that window (bulk loads, purges) and spread it out.',
    ],
  };
}

function memoryPressure(c: Ctx): Candidate | undefined {
  const mem = sym(c, 'memory');
  const swap = sym(c, 'swap');
  if (!mem && !swap) return undefined;
  let f = 0;
  let level: number | undefined;
  if (mem && c.memoryGiB) {
    level = mem.peak / (c.memoryGiB * GiB);
    f = level < 0.05 ? 1 : level < 0.1 ? 0.75 : level < 0.2 ? 0.4 : 0;
  } else if (mem) f = (mem.ratio ?? 1) >= 2 ? 0.3 : 0.1;
  const tmp = c.data.instanceState?.tempSort;
  let score = 0.6 * f + (swap ? 0.25 : 0) + (tmp && tmp.tmpDiskTables > 0 ? 0.05 : 0);
  const conns = win(c, 'DatabaseConnections');
  if (conns && (conns.ratio ?? 1) >= 2) score *= 0.5;
  if (score <= 0) return undefined;
  const parts = [
    mem
      ? `freeable memory fell to ${formatBytes(mem.peak)}${level !== undefined ? ` (${Math.round(level * 100)} % of ${c.memoryGiB} GiB)` : ''} by ${formatTime(mem.peakAt)}`
      : undefined,
    swap ? `the instance swapped ${formatBytes(swap.peak)}` : undefined,
  ].filter(Boolean);
  const evidence = [mem ? symptomLine(mem, 'Freeable memory') : undefined, swap ? symptomLine(swap, 'Swap') : undefined].filter((e): e is CauseEvidence => !!e);
  if (tmp && tmp.tmpDiskTables > 0)
    evidence.push({
      text: `${formatCount(tmp.tmpDiskTables)} on-disk temporary tables and ${formatCount(tmp.sortMergePasses)} sort merge passes ${tmp.cumulative ? 'since the server started' : `in ${tmp.intervalS ?? '?'} s`}`,
    });
  return {
    kind: 'memory-pressure',
    summary: `Memory ran short: ${parts.join(' and ')}.`,
    score: clamp(score),
    evidence,
    actions: [
      'See what holds memory now: sys.memory_global_by_current_bytes and sys.memory_by_thread_by_current_bytes.',
      'Lower per-session buffers in the parameter group (sort_buffer_size, join_buffer_size, tmp_table_size / max_heap_table_size) and the number of connections.',
      `Move to a class with more memory${c.memoryGiB ? ` than ${c.memoryGiB} GiB` : ''} if the working set needs it.`,
    ],
  };
}

function restartEvents(c: Ctx, self: boolean): IncidentEvent[] {
  return c.inc.events.filter((e) => (e.kind === 'restart' || e.kind === 'failover') && e.self === self && e.minutesBefore <= 20);
}

function connectionStorm(c: Ctx): Candidate | undefined {
  const conns = win(c, 'DatabaseConnections');
  const r = conns?.ratio ?? 0;
  if (!conns || r < 1.6) return undefined;
  const f = clamp((r - 1) / 2);
  const attempts = win(c, 'ConnectionAttempts');
  const aborted = sym(c, 'aborted');
  let score = 0.55 * f + ((attempts?.ratio ?? 1) >= 3 ? 0.15 : 0) + (piLoad(c) ? 0.2 * addedShare(c, 'network') : 0) + (aborted ? 0.1 : 0);
  if ([...restartEvents(c, true), ...restartEvents(c, false)].length > 0) score *= 0.3;
  const q = c.inc.sql[0];
  if (q && q.growth === Infinity && q.share >= 0.4) score *= 0.6;
  const hosts = topGrowingHost(c);
  const summary = `Connection storm: connections rose to ${formatCount(conns.peak)} at ${formatTime(conns.peakAt)} (${formatLevel(r)}× usual ${formatCount(conns.usual ?? 0)})${attempts ? `, ${formatValue(attempts.peak, attempts.unit)} new connections` : ''}; no restart or new query explains it.`;
  const evidence = [
    symptomLine(conns, 'Connections'),
    attempts ? symptomLine(attempts, 'New connections') : undefined,
    loadLine(c),
    hosts ? { text: hosts, window: { start: c.inc.start, end: c.inc.end } } : undefined,
    aborted ? symptomLine(aborted, 'Aborted connections') : undefined,
  ].filter((e): e is CauseEvidence => !!e);
  return {
    kind: 'connection-storm',
    summary,
    score: clamp(score),
    evidence,
    actions: [
      hosts
        ? `Start with the client that grew most (${hosts.split(':')[0]}): its pool size and retry loop.`
        : 'Find the clients: sessions by host and user (performance_schema.hosts, Performance Insights by host).',
      'Cap connection pools and add backoff to reconnects; put RDS Proxy in front if clients are many and short-lived.',
      `Check what changed in the application at ${formatTime(c.inc.start)} (deploy, autoscaling, a retry storm after errors).`,
    ],
  };
}

/** "host 10.0.12.41: 2.3 active sessions (×4)" from PI by host, when PI has it. */
function topGrowingHost(c: Ctx): string | undefined {
  const pi = c.data.pi;
  if (!pi || pi.byHost.length === 0) return undefined;
  const s = Date.parse(c.inc.start);
  const e = Date.parse(c.inc.end);
  const before = s - 3_600_000;
  let best: { label: string; inc: number; base: number } | undefined;
  for (const h of pi.byHost) {
    let inc = 0,
      ni = 0,
      base = 0,
      nb = 0;
    pi.timestamps.forEach((t, i) => {
      if (t >= s && t <= e) {
        inc += h.values[i]!;
        ni++;
      } else if (t >= before && t < s) {
        base += h.values[i]!;
        nb++;
      }
    });
    const x = { label: h.label, inc: ni ? inc / ni : 0, base: nb ? base / nb : 0 };
    if (!best || x.inc - x.base > best.inc - best.base) best = x;
  }
  if (!best || best.inc - best.base < 0.1) return undefined;
  return `${best.label}: load from this host grew to ${formatLevel(best.inc)} active sessions (from ${formatLevel(best.base)})`;
}

function replicaRestart(c: Ctx): Candidate | undefined {
  const ev = restartEvents(c, false).filter((e) => e.sourceId !== c.data.instance.cluster)[0];
  if (!ev) return undefined;
  const t = Date.parse(ev.time) - c.data.window.periodS * 1000;
  const rose = [win(c, 'DatabaseConnections'), win(c, 'Queries'), win(c, 'SelectThroughput'), win(c, 'CPUUtilization'), win(c, 'DBLoad')].filter(
    (w): w is SymptomWindow => !!w && Date.parse(w.start) >= t && (w.ratio ?? 1) >= 1.3,
  );
  const score = 0.55 + (rose.length > 0 ? 0.3 : 0) + (sym(c, 'replica-lag') ? 0.05 : 0) + (sym(c, 'select-latency') ? 0.05 : 0);
  const member = c.data.instance.members.find((m) => m.instance === ev.sourceId);
  const role = member ? (member.writer ? 'Writer' : 'Reader') : 'Cluster member';
  const moved = rose.filter((w) => w.metric === 'DatabaseConnections' || w.metric === 'Queries' || w.metric === 'SelectThroughput');
  const movedText = moved.map(
    (w) =>
      `${w.metric === 'DatabaseConnections' ? 'connections' : w.metric === 'Queries' ? 'queries' : 'SELECTs'} ${formatLevel(w.ratio ?? 1)}×${w.usual !== undefined ? ` (${formatValue(w.usual, w.unit)} → ${formatValue(w.peak, w.unit)})` : ''}`,
  );
  const summary = `${role} ${ev.sourceId} ${ev.kind === 'failover' ? 'failed over' : 'restarted'} at ${formatTime(ev.time)}${member && !member.writer ? ' and its reads moved to this instance' : ''}${movedText.length > 0 ? `: ${movedText.join(', ')}` : ''}.`;
  const evidence: CauseEvidence[] = [{ text: `${formatTime(ev.time)} ${ev.sourceId}: ${ev.message}`, at: ev.time }, ...rose.map((w) => symptomLine(w))];
  const ll = loadLine(c);
  if (ll) evidence.push(ll);
  return {
    kind: 'replica-restart',
    summary,
    score: clamp(score),
    evidence,
    actions: [
      `Find why ${ev.sourceId} restarted: its error log and RDS events around ${formatTime(ev.time)} (memory, crash, maintenance).`,
      'Keep at least two readers, so a reader restart never sends the reader endpoint to the writer, or size the writer for the extra reads.',
      `Check that ${ev.sourceId} is available again and that the read pools went back to it.`,
    ],
  };
}

function instanceRestart(c: Ctx): Candidate | undefined {
  const ev = restartEvents(c, true)[0];
  const uptime = sym(c, 'uptime');
  if (!ev && !uptime) return undefined;
  const kind: CauseKind = ev?.kind === 'failover' ? 'failover' : 'instance-restart';
  const score = (ev ? 0.6 : 0.45) + (uptime ? 0.2 : 0) + (sym(c, 'buffer-cache') ? 0.1 : 0);
  const at = ev?.time ?? uptime!.peakAt;
  const summary = ev
    ? `${c.data.instance.instance} ${kind === 'failover' ? 'failed over' : 'restarted'} at ${formatTime(ev.time)} (${ev.message}).`
    : `The database engine restarted at ${formatTime(at)} (engine uptime reset).`;
  const evidence = [
    ev ? { text: `${formatTime(ev.time)} ${ev.sourceId}: ${ev.message}`, at: ev.time } : undefined,
    uptime ? { text: `Engine uptime reset at ${formatTime(uptime.peakAt)}`, at: uptime.peakAt } : undefined,
    sym(c, 'buffer-cache') ? symptomLine(sym(c, 'buffer-cache')!, 'Buffer cache hit ratio (cold after the restart)') : undefined,
  ].filter((e): e is CauseEvidence => !!e);
  return {
    kind,
    summary,
    score: clamp(score),
    evidence,
    actions: [
      `Read the error log around ${formatTime(at)} for the reason (out of memory, crash, maintenance, a reboot someone asked for).`,
      kind === 'failover'
        ? 'Check that clients reconnected to the new writer (DNS TTL, pool validation).'
        : 'Expect a cold buffer pool for a while; avoid heavy batch work until the hit ratio recovers.',
    ],
  };
}

function configChange(c: Ctx): Candidate | undefined {
  const ev = c.inc.events.filter((e) => (e.kind === 'config' || e.kind === 'scaling') && e.minutesBefore >= -5)[0];
  if (!ev) return undefined;
  const score = 0.45 + (ev.minutesBefore >= 0 && ev.minutesBefore <= 20 ? 0.15 : 0);
  return {
    kind: 'config-change',
    summary: `A change shortly before: ${ev.message} (${ev.sourceId}, ${formatTime(ev.time)}), ${ev.minutesBefore > 0 ? `${ev.minutesBefore} min before` : 'as'} the symptoms began.`,
    score: clamp(score),
    evidence: [{ text: `${formatTime(ev.time)} ${ev.sourceId}: ${ev.message}`, at: ev.time }],
    actions: [`Review the change at ${formatTime(ev.time)} and revert it if the timing and the symptoms fit.`],
  };
}

function unexplained(c: Ctx): Candidate | undefined {
  const cpu = sym(c, 'cpu');
  const load = sym(c, 'load');
  // Only load that nothing explains: other symptoms on their own stay findings, not a cause.
  const lead = load ?? cpu;
  if (!lead) return undefined;
  const missing = [!c.data.pi ? 'Performance Insights' : undefined, !c.data.slowLog ? 'slow-log export' : undefined].filter(Boolean);
  return {
    kind: 'unexplained-load',
    summary: `${lead === load ? 'Database load' : 'CPU'} rose to ${formatValue(lead.peak, lead.unit)} at ${formatTime(lead.peakAt)}${lead.ratio && lead.ratio >= 1.3 ? ` (${formatLevel(lead.ratio)}× usual)` : ''}; nothing collected here explains it.`,
    score: MIN_SCORE,
    evidence: [loadLine(c), symptomLine(lead)].filter((e): e is CauseEvidence => !!e),
    actions: [
      missing.length > 0
        ? `Turn on ${missing.join(' and ')} so the next report can name the statements.`
        : 'Look at the application side for that window: deploys, batch jobs, traffic.',
    ],
  };
}

const CANDIDATES = [
  cpuQueryRegression,
  ioFullScan,
  lockContention,
  metadataLock,
  longTransaction,
  commitLatency,
  memoryPressure,
  connectionStorm,
  replicaRestart,
  instanceRestart,
  configChange,
];

export function confidenceOf(score: number): Cause['confidence'] {
  return score >= 0.75 ? 'high' : score >= 0.5 ? 'medium' : 'low';
}

/** Ranked causes of one incident (best first), each with evidence and actions. */
export function causesOf(data: CollectedData, inc: Incident, windows: readonly SymptomWindow[], capacity: { vcpu?: number; memoryGiB?: number }): Cause[] {
  const s = Date.parse(inc.start) - 10 * 60_000;
  const e = Date.parse(inc.end) + 10 * 60_000;
  const ctx: Ctx = { data, inc, windows: windows.filter((w) => Date.parse(w.end) >= s && Date.parse(w.start) <= e), ...capacity };
  const found = CANDIDATES.map((f) => f(ctx)).filter((x): x is Candidate => !!x && x.score >= MIN_SCORE);
  if (found.every((x) => x.score < 0.35)) {
    const u = unexplained(ctx);
    if (u) found.push(u);
  }
  return found
    .sort((a, b) => b.score - a.score)
    .map((x) => ({ ...x, score: Math.round(x.score * 100) / 100, confidence: confidenceOf(x.score), incidentId: inc.id }));
}
