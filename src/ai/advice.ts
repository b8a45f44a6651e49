/**
 * Next steps for the deterministic summaries, chosen by keywords in a finding's id, title or metric.
 * Generic on purpose: it has to be right for any instance, without the model.
 */

const METRIC_ADVICE: [RegExp, string][] = [
  [/replica|lag/i, 'Check replica lag against the write load on the writer (DML throughput, long transactions, large DDL).'],
  [/deadlock|lock|row.?lock/i, 'Look at lock waits: the transactions holding locks (information_schema.innodb_trx) and the statements waiting.'],
  [/history.?list|purge/i, 'Find long-running or idle open transactions that hold back purge (information_schema.innodb_trx, oldest first).'],
  [/cpu/i, 'Compare the CPU peak with the top query classes by total time and the connection count at that moment.'],
  [/connection/i, 'Check connections per client and pool sizes; look for connection storms after deploys or failovers.'],
  [/freeable.?memory|memory|swap/i, 'Check FreeableMemory against the buffer pool size and per-connection buffers (sort, join, tmp tables).'],
  [/tmp|temporary|local.?storage|free.?local/i, 'Look for queries creating temporary disk tables or large sorts (local storage is what they fill).'],
  [/volume|storage|disk/i, 'Check storage growth (VolumeBytesUsed) and what is writing it: large tables, binlog retention, temporary data.'],
  [/iops|latency|read|write|throughput/i, 'Compare I/O latency with the query classes examining the most rows; missing indexes usually show here.'],
  [/slow|query|select|dml/i, 'EXPLAIN the top query class by total time and check that its filters and joins use an index.'],
];

/** An action for a metric or finding, or undefined when no keyword matches. */
export function metricAdvice(text: string): string | undefined {
  for (const [re, advice] of METRIC_ADVICE) if (re.test(text)) return advice;
  return undefined;
}

const RULE_ADVICE: [RegExp, string][] = [
  [
    /no.?where|without.?where|full.?table.?(update|delete)/i,
    'Add a WHERE clause, or change the rows in batches (primary-key ranges with LIMIT) if every row is really meant.',
  ],
  [/select.?star|star/i, 'List the columns the caller needs instead of SELECT *.'],
  [/leading.?wildcard|like/i, 'A LIKE pattern starting with % cannot use an index: anchor the pattern or use a full-text index.'],
  [/full.?scan|no.?index|missing.?index|index/i, 'Add or use an index on the filtered and joined columns shown in the plan.'],
  [/filesort|temporary|order.?by|group.?by/i, 'Let an index provide the ORDER BY / GROUP BY order, or reduce the rows before sorting.'],
  [/alter|ddl|schema/i, 'Run the schema change online (ALGORITHM=INSTANT or INPLACE where supported) in a quiet period, and check the table size first.'],
  [/limit|offset|pagination/i, 'Replace large OFFSET paging with keyset paging on an indexed column.'],
  [/function|implicit|cast|conversion/i, 'Compare columns with values of the same type and avoid functions on indexed columns in WHERE.'],
  [/cartesian|join/i, 'Give every joined table a join condition on indexed columns.'],
  [/transaction|lock/i, 'Keep the transaction short: no user waits or remote calls while it holds locks.'],
];

/** An action for a review rule id or message, or undefined when no keyword matches. */
export function ruleAdvice(rule: string, message: string): string | undefined {
  for (const [re, advice] of RULE_ADVICE) if (re.test(rule)) return advice;
  for (const [re, advice] of RULE_ADVICE) if (re.test(message)) return advice;
  return undefined;
}

const EVENT_ADVICE: [RegExp, string][] = [
  [/failover/i, 'Check which instance is the writer now and that applications reconnected to the cluster endpoint (connection errors, cached DNS).'],
  [/reboot|restart/i, 'Find out why it restarted (maintenance, parameter change, out of memory) and check the error log around that time.'],
  [/maintenance|patch|upgrade/i, 'Check the pending maintenance and its window; plan it for a quiet period.'],
  [/storage|volume/i, 'Check storage growth and free local storage on the instance.'],
];

/** An action for an RDS event message or category, or undefined when no keyword matches. */
export function eventAdvice(text: string): string | undefined {
  for (const [re, advice] of EVENT_ADVICE) if (re.test(text)) return advice;
  return undefined;
}
