/**
 * Incidents (stretches of the window where symptoms cluster) and their ranked probable causes, as the
 * report, the Slack answer and `--format json` show them. The kinds are a closed, documented list
 * (docs/causes.md); the simulator's scenarios are kinds.
 */
import type { Severity } from '../core/severity';
import type { BlockingChain, SessionRef } from '../model/instance-state-model';
import type { WaitClass } from './wait-classes';

export const CAUSE_KINDS = [
  'cpu-query-regression',
  'io-full-scan',
  'lock-contention',
  'metadata-lock',
  'long-transaction',
  'commit-latency',
  'memory-pressure',
  'connection-storm',
  'replica-restart',
  'instance-restart',
  'failover',
  'config-change',
  'unexplained-load',
] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

/** One symptom of an incident: a metric group that went the harmful way, with its worst point. */
export interface IncidentSymptom {
  /** Symptom group id, e.g. `cpu`, `load`, `connections` (see symptoms.ts). */
  group: string;
  metric: string;
  unit: string;
  peak: number;
  peakAt: string;
  /** The usual level (anomaly baseline or the window's median). */
  usual?: number;
  /** peak / usual the harmful way (≥ 1), when the usual level is known and not ~0. */
  ratio?: number;
  severity: Severity;
  start: string;
  end: string;
}

export interface LoadByClass {
  cls: WaitClass;
  /** Average active sessions in the incident. */
  aas: number;
  /** Average active sessions before it (the baseline). */
  baseline: number;
}

export interface LoadBreakdown {
  /** `pi`: Performance Insights waits; `cloudwatch`: DBLoadCPU / DBLoadNonCPU only (non-CPU not split). */
  source: 'pi' | 'cloudwatch';
  byClass: LoadByClass[];
  /** Total average active sessions in the incident and before it. */
  aas: number;
  baseline: number;
  /** Peak of the total in the incident. */
  peak: number;
  vcpu?: number;
  /** The wait events that grew most (PI only). */
  topWaits: { name: string; cls: WaitClass; aas: number; baseline: number }[];
  /** Metadata-lock waits inside the lock class (PI only). */
  metadataLockAas?: number;
}

/** A statement that carried load in the incident window (never one from outside it). */
export interface IncidentSql {
  source: 'pi' | 'slowlog' | 'perfschema-now';
  id: string;
  /** Normalised text (tokenized by PI, fingerprinted by the digest, or the server's digest text). */
  text: string;
  /** PI: average active sessions in the incident; slow log: query seconds in the incident. */
  load: number;
  /** Share of the incident's load (PI) or of the slow-log time in the incident (0…1). */
  share: number;
  /** In-incident rate / rate before; Infinity when it did not run before. */
  growth: number;
  /** Load by wait class (PI, when known). */
  byClass?: Partial<Record<WaitClass, number>>;
  calls?: number;
  rowsExaminedPerCall?: number;
  /** Statements that did full scans, when the log says (MariaDB/Percona/MySQL 8 log_slow_extra). */
  fullScans?: number;
  lockTimeS?: number;
}

export interface IncidentEvent {
  time: string;
  sourceId: string;
  message: string;
  kind: 'restart' | 'failover' | 'config' | 'scaling' | 'maintenance' | 'storage' | 'notification' | 'backup' | 'other';
  /** True when the event is about the reported instance itself. */
  self: boolean;
  /** Minutes from the event to the incident start (negative: inside the incident). */
  minutesBefore: number;
}

export interface Incident {
  id: string;
  start: string;
  end: string;
  /** Time of the worst point. */
  peak: string;
  /** True when it lasts into the end of the window (the instance's current state then applies). */
  ongoing: boolean;
  severity: Severity;
  /** Most severe first. */
  symptoms: IncidentSymptom[];
  load?: LoadBreakdown;
  /** Top statements in the window, largest share first. */
  sql: IncidentSql[];
  /** Where `sql` came from, or why it is empty. */
  sqlNote: string;
  events: IncidentEvent[];
  /** Blocking chains and long transactions read at collection time, when the incident is ongoing. */
  chains: BlockingChain[];
  longTransactions: SessionRef[];
}

export interface CauseEvidence {
  text: string;
  at?: string;
  window?: { start: string; end: string };
}

export interface Cause {
  kind: CauseKind;
  /** One line, in a DBA's words, with the key figures. */
  summary: string;
  confidence: 'high' | 'medium' | 'low';
  /** Ranking score, 0…1 (how much of the evidence points here). Not shown to people. */
  score: number;
  incidentId: string;
  /** Figures with their times. */
  evidence: CauseEvidence[];
  /** What to do, most useful first. */
  actions: string[];
  /** The statement it rests on, when one. */
  sql?: IncidentSql;
  /** The blocking chain it rests on, when one. */
  chain?: BlockingChain;
}
