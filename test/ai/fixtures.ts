/** Sample inputs shared by the AI tests and the golden files. */
import type { BedrockConfig } from '../../src/config/env';
import type { AlertTriageInput, ReportSummaryInput, ReviewExplainInput } from '../../src/ai/inputs';

export const MODEL_ID = 'global.anthropic.claude-sonnet-4-6';
export const REGION = 'us-west-2';
export const KB_ID = 'KBAURORA01';

export function bedrockConfig(overrides: Partial<BedrockConfig> = {}): BedrockConfig {
  return { enabled: true, modelId: MODEL_ID, region: REGION, ...overrides };
}

/** A busy writer: CPU saturated by one query class, a failover event, one gap. */
export function busyReport(): ReportSummaryInput {
  return {
    instance: { instanceClass: 'db.r6g.2xlarge', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0', role: 'writer' },
    window: 'last 6h (09:00–15:00 UTC)',
    findings: [
      { id: 'connections-high', severity: 'medium', title: 'Connections near max_connections', evidence: 'DatabaseConnections max 1,480 of 1,600 at 14:12' },
      { id: 'cpu-saturation', severity: 'high', title: 'CPU saturated', evidence: 'CPUUtilization p95 94%, max 99.2% 14:05–14:40' },
      { id: 'tmp-disk-tables', severity: 'low', title: 'Temporary tables on disk', evidence: '312 tmp disk tables/min at 14:20' },
    ],
    statistics: [
      { metric: 'CPUUtilization', unit: 'Percent', p95: 94.1, max: 99.2, trendPct: 61 },
      { metric: 'DatabaseConnections', unit: 'Count', p95: 1320, max: 1480, trendPct: 18 },
      { metric: 'FreeableMemory', unit: 'Bytes', p95: 8589934592, max: 9663676416, trendPct: -4 },
    ],
    anomalies: [
      { metric: 'DatabaseConnections', start: '14:08', end: '14:30', peak: 1480, direction: 'up', score: 4.2 },
      { metric: 'CPUUtilization', start: '14:05', end: '14:40', peak: 99.2, direction: 'up', score: 7.85, reason: '99.2 % against a usual 41 % for 14:00' },
    ],
    topQueries: [
      {
        fingerprint: 'SELECT * FROM items WHERE owner_id = ? ORDER BY created_at DESC',
        calls: 88_210,
        totalTime: 312.4,
        avgTime: 0.0035,
        rowsExamined: 9_210_443,
      },
      {
        fingerprint: "SELECT c.id, c.name FROM characters c JOIN guilds g ON g.id = c.guild_id WHERE g.name = 'Knights' AND c.level > 40",
        calls: 1_204,
        totalTime: 1_882.7,
        avgTime: 1.56,
        rowsExamined: 412_339_120,
      },
    ],
    events: [
      { time: '2026-11-20T11:02:00Z', message: 'Backtrack window started' },
      { time: '2026-11-20T14:41:00Z', message: 'Completed failover to DB instance gamedb1-2 (gamedb1-2.cabc123xyz.us-west-2.rds.amazonaws.com, 10.0.3.17)' },
    ],
    gaps: ['Performance Insights is off on this instance'],
  };
}

export function quietReport(): ReportSummaryInput {
  return {
    instance: { instanceClass: 'db.r6g.large', engine: 'aurora-mysql', role: 'reader' },
    window: 'last 1h',
    findings: [],
    statistics: [{ metric: 'CPUUtilization', unit: 'Percent', p95: 12.5, max: 18, trendPct: 3 }],
    anomalies: [],
    topQueries: [],
    events: [],
    gaps: [],
  };
}

export function review(): ReviewExplainInput {
  return {
    summary: '3 statements, 4 findings',
    statements: [
      {
        index: 1,
        type: 'SELECT',
        sql: "SELECT * FROM users WHERE email = 'kim@example.com' AND created_at > '2026-01-01'",
        findings: [{ rule: 'select-star', severity: 'low', message: 'SELECT * returns every column' }],
        planHighlights: [],
      },
      {
        index: 2,
        type: 'UPDATE',
        sql: "UPDATE items SET price = price * 1.1 WHERE name LIKE '%sword%' AND id IN (1, 2, 3, 4)",
        findings: [
          { rule: 'leading-wildcard', severity: 'medium', message: "LIKE '%…' cannot use an index on items.name" },
          { rule: 'full-scan', severity: 'high', message: 'full table scan on items (1.2M rows)' },
        ],
        planHighlights: ['type=ALL on items, rows≈1,204,331, Using where'],
      },
      {
        index: 3,
        type: 'DELETE',
        sql: 'DELETE FROM sessions',
        findings: [{ rule: 'no-where', severity: 'critical', message: 'DELETE without WHERE removes every row' }],
        planHighlights: [],
      },
    ],
  };
}

export function cleanReview(): ReviewExplainInput {
  return {
    summary: '1 statement, no findings',
    statements: [{ index: 1, type: 'SELECT', sql: 'SELECT id, name FROM guilds WHERE id = 7', findings: [], planHighlights: ['type=const on guilds PRIMARY'] }],
  };
}

export function cpuAlarm(): AlertTriageInput {
  return {
    source: 'cloudwatch-alarm',
    name: 'gamedb1-1-cpu-high',
    state: 'ALARM',
    metric: 'CPUUtilization',
    threshold: 90,
    value: 97.35,
    reason: 'Threshold Crossed: 3 datapoints [97.35, 96.1, 95.8] were greater than the threshold (90.0).',
    target: 'gamedb1-1',
    recentEvents: [
      { time: '14:41', message: 'Completed failover' },
      { time: '14:05', message: 'Backtrack started' },
    ],
  };
}

export function recovered(): AlertTriageInput {
  return { source: 'cloudwatch-alarm', name: 'gamedb1-1-cpu-high', state: 'OK', metric: 'CPUUtilization', threshold: 90, value: 41, target: 'gamedb1-1' };
}

export function failoverEvent(): AlertTriageInput {
  return { source: 'rds-event', name: 'RDS-EVENT-0072', state: 'failover', reason: 'A failover for the DB cluster has completed.', target: 'gamedb1' };
}
