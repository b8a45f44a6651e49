/**
 * The one formatter of numbers and units, for every text a person reads (Slack, the HTML report, the
 * CLI, the deterministic summaries), so a value prints the same everywhere: `94.2 %`, `12.5 ms`,
 * `3.1 GiB`, `1,204 /s`, `1.8M`, `3.1×`, `+40 %`. Locale-independent (en-US grouping), so golden outputs are stable.
 * Values come in their CloudWatch units: RDS ReadLatency/WriteLatency are Seconds; Aurora
 * DMLLatency/SelectLatency/CommitLatency and AuroraReplicaLag are Milliseconds.
 * (The slow-query digest's text report keeps pt-query-digest's own notation, src/digest/format.ts.)
 */

/** A number with en-US grouping and about `digits` significant decimals: 0.0123, 4.25, 12.5, 1,204. */
export function formatNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs > 0 && abs < 1) return v.toLocaleString('en-US', { maximumSignificantDigits: Math.max(digits, 2) + 1 });
  const d = abs >= 100 ? 0 : abs >= 10 ? Math.min(1, digits) : digits;
  return v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units: `3.1 GiB`; `suffix` for rates (`/s`). */
export function formatBytes(v: number, suffix = ''): string {
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < BYTE_UNITS.length - 1) {
    x /= 1024;
    i++;
  }
  return `${formatNumber(x, 2)} ${BYTE_UNITS[i]}${suffix}`;
}

/** Milliseconds as a duration: `42 µs`, `12.5 ms`, `3.21 s`, `12.6 min`, `2.5 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${formatNumber(ms * 1000, 1)} µs`;
  if (ms < 1000) return `${formatNumber(ms, 2)} ms`;
  if (ms < 120_000) return `${formatNumber(ms / 1000, 2)} s`;
  if (ms < 7_200_000) return `${formatNumber(ms / 60_000, 1)} min`;
  return `${formatNumber(ms / 3_600_000, 1)} h`;
}

/** Seconds as a duration: 0.0042 → `4.2 ms`, 3.21 → `3.21 s`, 754 → `12.6 min`, 9000 → `2.5 h`. */
export function formatSeconds(s: number): string {
  return formatDuration(s * 1000);
}

/** A share of 100: `94.2 %`. */
export function formatPercent(value: number, digits = 2): string {
  return `${formatNumber(value, digits)} %`;
}

/** A ratio for people: `3.1×` (one decimal below 10, none from 10 on: `12×`, `1,250×`). */
export function formatRatio(r: number): string {
  return `${formatNumber(r, Math.abs(r) >= 10 ? 0 : 1)}×`;
}

/** A share of 100 with its sign, for a change: `+40 %`, `−35 %`, `+4.5 %` (one decimal below 10 %, none from 10 % on). */
export function formatSignedPercent(pct: number): string {
  const abs = Math.abs(pct);
  return `${pct >= 0 ? '+' : '−'}${formatPercent(abs, abs >= 10 ? 0 : 1)}`;
}

/** A count for people: 1234 → `1,234`, 12_345_678 → `12.3M`, 2.5e9 → `2.5G`. */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trimNumber(n / 1e9, 1)}G`;
  if (a >= 1e6) return `${trimNumber(n / 1e6, 1)}M`;
  return Math.round(n).toLocaleString('en-US');
}

/** A level read at a glance — average active sessions, a ratio (`3.1×`): one decimal below 10, a whole grouped number from 10. */
export function formatLevel(x: number): string {
  // Rounded to tenths first, so 9.96 reads `10`, not `10.0`.
  return Math.abs(Math.round(x * 10) / 10) >= 10 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

/** Up to `digits` decimals, trailing zeros dropped, no grouping: 2.50 → `2.5`, 3.00 → `3`. */
export function trimNumber(n: number, digits = 2): string {
  return String(Number(n.toFixed(digits)));
}

/** A reading as reported (an alarm's threshold or value): up to 4 significant digits below 1,000, grouped above. */
export function formatReading(n: number): string {
  return Math.abs(n) >= 1000 || Number.isInteger(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(Number(n.toPrecision(4)));
}

/** Elapsed wall-clock time, in the largest two units: `45 s`, `25 min`, `1 h 5 min`, `3 d`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** A value with its CloudWatch unit, e.g. `97.2 %`, `12.5 ms`, `3.1 GiB`, `1,204 /s`; a plain number without one. */
export function formatValue(value: number, unit = 'None'): string {
  switch (unit) {
    case 'Percent':
      return formatPercent(value);
    case 'Bytes':
      return formatBytes(value);
    case 'Bytes/Second':
      return formatBytes(value, '/s');
    case 'Seconds':
      return formatDuration(value * 1000);
    case 'Milliseconds':
      return formatDuration(value);
    case 'Microseconds':
      return formatDuration(value / 1000);
    case 'Count/Second':
      return `${formatNumber(value, 2)} /s`;
    case 'Count':
      return formatNumber(value, 2);
    default:
      return formatNumber(value, 2);
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The one time format of reports and answers: `Nov 20 14:05` (UTC, said once where the window is shown).
 * Every time carries its day, so a reader never has to guess it.
 */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hh}:${mm}`;
}

/** Axis labels in the same style: `14:00` for a time of day, `Nov 20` for a day. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}
