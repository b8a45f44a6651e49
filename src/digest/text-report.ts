/** The digest as text, laid out like pt-query-digest's report: overall line, profile table, one block per class. */
import { distill, formatCount, formatSeconds } from './format';
import type { DigestClass, DigestResult } from './types';

const HIST_LABELS = ['  1us', ' 10us', '100us', '  1ms', ' 10ms', '100ms', '   1s', '  10s+'];

const pct = (part: number, whole: number): string => (whole > 0 ? `${Math.round((100 * part) / whole)}` : '0');

export function renderDigestText(result: DigestResult): string {
  const t = result.totals;
  const out: string[] = [];
  const span = t.firstSeen ? `, ${t.firstSeen} to ${t.lastSeen}` : '';
  out.push(
    `# Overall: ${formatCount(t.events)} events, ${formatCount(t.classes)} unique, ${t.malformed} malformed${t.filtered ? `, ${t.filtered} outside the time range` : ''}${span}`,
  );
  out.push(
    `# Exec time ${formatSeconds(t.totalTime)}, lock time ${formatSeconds(t.lockTime)}, rows sent ${formatCount(t.rowsSent)}, rows examined ${formatCount(t.rowsExamined)}`,
  );
  out.push('');
  out.push('# Profile');
  out.push('# Rank Query ID           Response time    Calls R/Call   V/M    Item');
  out.push('# ==== ================== ================ ===== ======== ====== ====================');
  result.classes.forEach((c, i) => {
    const vm = c.avgTime > 0 ? (c.stddevTime * c.stddevTime) / c.avgTime : 0;
    out.push(
      `# ${String(i + 1).padStart(4)} 0x${c.id} ${c.totalTime.toFixed(4).padStart(9)} ${(c.share * 100).toFixed(1).padStart(5)}% ${String(c.calls).padStart(5)} ${c.avgTime.toFixed(4).padStart(8)} ${vm.toFixed(2).padStart(6)} ${distill(c.fingerprint)}`,
    );
  });
  const shown = result.classes.reduce((s, c) => s + c.totalTime, 0);
  if (result.classes.length < t.classes) {
    const rest = t.classes - result.classes.length;
    out.push(
      `# MISC 0xMISC              ${(t.totalTime - shown).toFixed(4).padStart(9)} ${(t.totalTime > 0 ? ((t.totalTime - shown) / t.totalTime) * 100 : 0).toFixed(1).padStart(5)}% ${String(t.events - result.classes.reduce((s, c) => s + c.calls, 0)).padStart(5)}        -      - <${rest} ITEMS>`,
    );
  }
  result.classes.forEach((c, i) => {
    out.push('', ...classBlock(c, i + 1, result));
  });
  return `${out.join('\n')}\n`;
}

function classBlock(c: DigestClass, rank: number, r: DigestResult): string[] {
  const t = r.totals;
  const row = (name: string, p: string, total: string, min: string, max: string, avg: string, p95: string, sd: string, med: string): string =>
    `# ${name.padEnd(12)} ${p.padStart(3)} ${total.padStart(7)} ${min.padStart(7)} ${max.padStart(7)} ${avg.padStart(7)} ${p95.padStart(7)} ${sd.padStart(7)} ${med.padStart(7)}`.trimEnd();
  const f = formatSeconds;
  const lines = [
    `# Query ${rank}: ID 0x${c.id}, ${(c.share * 100).toFixed(1)}% of total time`,
    row('Attribute', 'pct', 'total', 'min', 'max', 'avg', '95%', 'stddev', 'median'),
    row('============', '===', '=======', '=======', '=======', '=======', '=======', '=======', '======='),
    row('Count', pct(c.calls, t.events), String(c.calls), '', '', '', '', '', ''),
    row('Exec time', pct(c.totalTime, t.totalTime), f(c.totalTime), f(c.minTime), f(c.maxTime), f(c.avgTime), f(c.p95Time), f(c.stddevTime), f(c.medianTime)),
    row('Lock time', pct(c.lockTime, t.lockTime), f(c.lockTime), '-', f(c.maxLockTime), f(c.avgLockTime), f(c.p95LockTime), '-', '-'),
    row('Rows sent', pct(c.rowsSent, t.rowsSent), formatCount(c.rowsSent), '-', '-', formatCount(c.avgRowsSent), '-', '-', '-'),
    row(
      'Rows examine',
      pct(c.rowsExamined, t.rowsExamined),
      formatCount(c.rowsExamined),
      '-',
      '-',
      formatCount(c.avgRowsExamined),
      formatCount(c.p95RowsExamined),
      '-',
      '-',
    ),
    `# Examined/sent ${formatCount(c.examinedPerSent)}`,
  ];
  if (c.extra) {
    lines.push(
      `# Extra        rows affected ${formatCount(c.extra.rowsAffected)}, tmp tables ${c.extra.tmpTables} (${c.extra.tmpDiskTables} on disk), full scans ${c.extra.fullScans}, filesorts ${c.extra.filesorts}`,
    );
  }
  if (c.firstSeen) lines.push(`# First seen   ${c.firstSeen}`, `# Last seen    ${c.lastSeen}`);
  if (c.databases.length) lines.push(`# Databases    ${c.databases.join(', ')}`);
  if (c.users.length) lines.push(`# Users        ${c.users.join(', ')}`);
  if (c.hosts.length) lines.push(`# Hosts        ${c.hosts.join(', ')}`);
  lines.push('# Query_time distribution');
  const most = Math.max(1, ...c.histogram);
  c.histogram.forEach((n, i) => {
    const bar = n > 0 ? '#'.repeat(Math.max(1, Math.round((64 * n) / most))) : '';
    lines.push(`# ${HIST_LABELS[i]}  ${bar}`.trimEnd());
  });
  lines.push(`# Fingerprint: ${c.fingerprint}`);
  lines.push(`${c.sample}\\G`);
  return lines;
}
