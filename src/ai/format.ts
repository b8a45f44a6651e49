/** Locale-independent number formatting for the deterministic summaries (stable golden output). */

function withCommas(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234 → "1,234"; 12_345_678 → "12.3M"; 2.5e9 → "2.5G". */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9, 1)}G`;
  if (a >= 1e6) return `${trim(n / 1e6, 1)}M`;
  return withCommas(n);
}

/** Up to `digits` decimals, trailing zeros dropped: 2.50 → "2.5", 3.00 → "3". */
export function trim(n: number, digits = 2): string {
  return String(Number(n.toFixed(digits)));
}

/** Seconds for people: 0.0042 → "4.2 ms", 3.21 → "3.2 s", 754 → "12.6 min", 9000 → "2.5 h". */
export function formatSeconds(s: number): string {
  if (s < 1) return `${trim(s * 1000, 1)} ms`;
  if (s < 120) return `${trim(s, 1)} s`;
  if (s < 7200) return `${trim(s / 60, 1)} min`;
  return `${trim(s / 3600, 1)} h`;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${trim(v, 1)} ${units[i]}`;
}

/** A value with its CloudWatch unit: 94.2 Percent → "94.2%", 2048 Bytes → "2 KiB", 0.12 Seconds → "120 ms". */
export function formatValue(n: number, unit?: string): string {
  switch (unit) {
    case 'Percent':
      return `${trim(n, 1)}%`;
    case 'Seconds':
      return formatSeconds(n);
    case 'Milliseconds':
      return formatSeconds(n / 1000);
    case 'Bytes':
      return formatBytes(n);
    case 'Bytes/Second':
      return `${formatBytes(n)}/s`;
    case 'Count/Second':
      return `${trim(n, 1)}/s`;
    default:
      return Math.abs(n) >= 1000 ? formatCount(n) : trim(n, 2);
  }
}

/** Cuts text to `max` characters at a word boundary when possible, with an ellipsis. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
