/**
 * The time base of a slow log: every event time the digest reports is a UTC instant. This module turns
 * the log's own time texts into UTC and says how it did so (see docs/digest-time-base.md):
 *
 * - `# Time: 2024-05-01T10:00:00.123456Z` (MySQL 5.7+, Aurora, Percona): an instant already; a numeric
 *   offset (`+08:00`, log_timestamps=SYSTEM) is honoured.
 * - `# Time: 240501  9:05:07` (MySQL ≤ 5.6, MariaDB) and ISO times without a zone: the server's local
 *   wall-clock time. Converted with `--tz` when given; otherwise with the UTC offset the log itself shows
 *   (`SET timestamp=` is a UTC epoch, written in the same entries); failing both, read as UTC and flagged.
 */

/** A zone that turns server-local wall-clock times into UTC. */
export interface Zone {
  /** As the user gave it, or `+09:00` for an offset the log revealed. */
  readonly label: string;
  /** `local` is the wall-clock time read as if it were UTC, ms; returns the UTC instant, ms. */
  toUtc(local: number): number;
}

/** How the digest placed its events in time: reported in the result so nobody has to guess. */
export interface DigestTimeBase {
  /** Which `# Time:` lines the log has: ISO instants, legacy server-local times, both, or none. */
  timeLines: 'iso' | 'legacy' | 'mixed' | 'none';
  /** The zone server-local times were read in (`--tz`, or the offset the log showed); null when none were. */
  zone: string | null;
  /** Where that zone came from; `assumed-utc` means nothing said and local times were read as UTC. */
  zoneSource: 'tz-option' | 'log-offset' | 'assumed-utc' | null;
}

const MINUTE = 60_000;
const QUARTER_HOUR = 15 * MINUTE;

/** `+09:00`, `-0330`, `+9`, `UTC`, `Z`: a fixed offset in minutes; undefined for anything else. */
function fixedOffsetMinutes(text: string): number | undefined {
  if (/^(?:UTC|GMT|Z)$/i.test(text)) return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d\d))?$/i.exec(text);
  if (!m) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3] ?? 0);
  if (h > 14 || min > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export function fixedZone(minutes: number, label = offsetLabel(minutes)): Zone {
  const ms = minutes * MINUTE;
  return { label, toUtc: (local) => local - ms };
}

/** An IANA zone (`Asia/Seoul`, `America/New_York`), daylight saving included. */
function ianaZone(name: string): Zone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // Offsets change at most every quarter hour; remember them per quarter hour of UTC.
  const cache = new Map<number, number>();
  const offsetAt = (instant: number): number => {
    const key = Math.floor(instant / QUARTER_HOUR);
    let off = cache.get(key);
    if (off === undefined) {
      const at = key * QUARTER_HOUR;
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
      if (cache.size > 4096) cache.clear();
      cache.set(key, off);
    }
    return off;
  };
  return {
    label: name,
    toUtc(local: number): number {
      // Guess with the offset at `local` read as UTC, then correct across a transition. A repeated
      // (autumn) hour gives one of its two instants; a skipped (spring) hour cannot occur in a log.
      const o1 = offsetAt(local);
      const u1 = local - o1;
      const o2 = offsetAt(u1);
      if (o1 === o2) return u1;
      const u2 = local - o2;
      return offsetAt(u2) === o2 ? u2 : local - Math.max(o1, o2);
    },
  };
}

/** Parses `--tz`: an IANA zone name, `UTC`, or an offset like `+09:00`. Throws RangeError otherwise. */
export function parseZone(text: string): Zone {
  const t = text.trim();
  const fixed = fixedOffsetMinutes(t);
  if (fixed !== undefined) return fixedZone(fixed, t.toUpperCase() === 'Z' ? 'UTC' : t);
  try {
    return ianaZone(t);
  } catch {
    throw new RangeError(`unknown time zone "${text}": give an IANA name like Asia/Seoul, UTC, or an offset like +09:00`);
  }
}

/**
 * The offset a log reveals: a legacy `# Time:` (read as UTC) minus the `SET timestamp=` of the same
 * moment, rounded to the quarter hour. Null when they are too far from a quarter hour to be one moment
 * (MySQL 5.7+ writes the end time in `# Time:` and the start in `SET timestamp`; long statements differ).
 */
export function revealedOffsetMinutes(localAsUtc: number, setTimestampMs: number): number | null {
  const diff = localAsUtc - setTimestampMs;
  const rounded = Math.round(diff / QUARTER_HOUR) * QUARTER_HOUR;
  if (Math.abs(diff - rounded) > 2 * MINUTE || Math.abs(rounded) > 14 * 60 * MINUTE) return null;
  return rounded / MINUTE;
}

/**
 * A `--since`/`--until` value: ISO-8601 with a zone is an instant; without one it is read in the `--tz`
 * zone, or UTC (never the zone of the machine running the CLI). NaN when it is not a time.
 */
export function parseInstant(text: string, zone?: Zone): number {
  const t = text.trim();
  if (!/^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?:Z|[+-]\d\d:?\d\d)?$/i.test(t)) return NaN;
  const iso = t.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  if (/(?:Z|[+-]\d\d:?\d\d)$/i.test(iso) && iso.length > 10) return Date.parse(iso);
  const local = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
  if (Number.isNaN(local)) return NaN;
  return zone ? zone.toUtc(local) : local;
}
