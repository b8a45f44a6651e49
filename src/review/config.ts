/**
 * Review configuration: the thresholds the rules read and per-rule overrides (off, or another
 * severity). Defaults follow SOAR's where they are sensible for Aurora MySQL / MariaDB; docs/rules.md
 * says where and why they differ. Pure: the CLI reads `.dbassist.json` and flags, then calls `resolveConfig`.
 */
import { UserFacingError } from '../core/errors';
import { isSeverity, type Severity } from '../core/severity';

export interface Thresholds {
  /** IN (…) lists longer than this are flagged (SOAR max-in-count is 10; 200 is eq_range_index_dive_limit's default). */
  'max-in-count': number;
  /** Rows in one INSERT/REPLACE … VALUES (SOAR: 100). */
  'max-value-count': number;
  /** Tables joined in one SELECT (SOAR: 5). */
  'max-join-table-count': number;
  /** LIMIT offset (SOAR: 1000, hard-coded there). */
  'max-offset': number;
  /** LIMIT row count. */
  'max-limit': number;
  /** DISTINCT keywords in one statement (SOAR: 5). */
  'max-distinct-count': number;
  /** Indexes on one table (SOAR: 10). */
  'max-index-count': number;
  /** Columns in one index (SOAR: 5). */
  'max-index-cols-count': number;
  /** Columns in one table (SOAR: 40). */
  'max-column-count': number;
  /** TEXT/BLOB columns in one table (SOAR: 2). */
  'max-text-cols-count': number;
  /** VARCHAR length (SOAR: 1024). */
  'max-varchar-length': number;
  /** Statement length in characters (SOAR: 2048). */
  'spaghetti-query-length': number;
  /** Subqueries nested inside one another. */
  'max-subquery-depth': number;
  /** Rows (information_schema estimate) from which a table counts as large for DDL and index advice. */
  'large-table-rows': number;
  /** Rows an UPDATE/DELETE may touch (EXPLAIN estimate) before it is flagged (goInception max_update_rows). */
  'max-update-rows': number;
  /** Prefix of secondary index names (SOAR: idx_). */
  'index-prefix': string;
  /** Prefix of unique index names (SOAR: uk_). */
  'unique-key-prefix': string;
  /** Allowed table/column character sets. */
  'allow-charsets': string[];
  /** Allowed collations; empty means any. */
  'allow-collates': string[];
  /** Allowed storage engines. */
  'allow-engines': string[];
  /** Column types that are refused (SOAR: boolean). */
  'column-not-allow-type': string[];
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  'max-in-count': 200,
  'max-value-count': 1000,
  'max-join-table-count': 5,
  'max-offset': 1000,
  'max-limit': 10_000,
  'max-distinct-count': 5,
  'max-index-count': 10,
  'max-index-cols-count': 5,
  'max-column-count': 40,
  'max-text-cols-count': 2,
  'max-varchar-length': 1024,
  'spaghetti-query-length': 2048,
  'max-subquery-depth': 2,
  'large-table-rows': 1_000_000,
  'max-update-rows': 10_000,
  'index-prefix': 'idx_',
  'unique-key-prefix': 'uk_',
  'allow-charsets': ['utf8mb4', 'ascii', 'binary'],
  'allow-collates': [],
  'allow-engines': ['innodb'],
  'column-not-allow-type': ['boolean'],
});

export type RuleOverride = Severity | 'off';

export interface ReviewConfig {
  thresholds: Thresholds;
  /** Rule id → 'off' or a severity that replaces the rule's own. */
  rules: Record<string, RuleOverride>;
}

export const DEFAULT_CONFIG: ReviewConfig = { thresholds: { ...DEFAULT_THRESHOLDS }, rules: {} };

/** A bad threshold, rule override or config file; the message is for the user. */
export class ConfigError extends UserFacingError {
  override name = 'ConfigError';
}

export const THRESHOLD_NAMES = Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[];

/** Parses one threshold value given as text (a CLI flag) or JSON (the config file). */
export function thresholdValue(name: string, value: unknown): Thresholds[keyof Thresholds] {
  if (!(THRESHOLD_NAMES as string[]).includes(name)) throw new ConfigError(`unknown threshold ${name} (known: ${THRESHOLD_NAMES.join(', ')})`);
  const def = DEFAULT_THRESHOLDS[name as keyof Thresholds];
  if (typeof def === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`threshold ${name} must be a whole number ≥ 0, not ${JSON.stringify(value)}`);
    return n;
  }
  if (typeof def === 'string') {
    if (typeof value !== 'string') throw new ConfigError(`threshold ${name} must be a string`);
    return value;
  }
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list || !list.every((x) => typeof x === 'string'))
    throw new ConfigError(`threshold ${name} must be a list of names (JSON array, or comma-separated on the command line)`);
  return list.map((x) => x.trim().toLowerCase()).filter(Boolean);
}

export interface ConfigLayer {
  thresholds?: Record<string, unknown>;
  rules?: Record<string, unknown>;
}

/** Merges layers (file first, then flags) over the defaults; unknown names and bad values are errors. */
export function resolveConfig(layers: readonly ConfigLayer[], knownRules: ReadonlySet<string>): ReviewConfig {
  const out: ReviewConfig = { thresholds: { ...DEFAULT_THRESHOLDS, 'allow-charsets': [...DEFAULT_THRESHOLDS['allow-charsets']] }, rules: {} };
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer.thresholds ?? {})) (out.thresholds as unknown as Record<string, unknown>)[k] = thresholdValue(k, v);
    for (const [k, v] of Object.entries(layer.rules ?? {})) {
      if (!knownRules.has(k)) throw new ConfigError(`unknown rule ${k} in rule overrides`);
      if (v !== 'off' && !(typeof v === 'string' && isSeverity(v)))
        throw new ConfigError(`rule ${k} must be "off" or one of info, low, medium, high, critical, not ${JSON.stringify(v)}`);
      out.rules[k] = v as RuleOverride;
    }
  }
  return out;
}

/** Reads the `review` section of a parsed `.dbassist.json`. */
export function configLayerFromFile(doc: unknown, where: string): ConfigLayer {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${where}: expected a JSON object`);
  const review = (doc as Record<string, unknown>).review;
  if (review === undefined) return {};
  if (!review || typeof review !== 'object' || Array.isArray(review)) throw new ConfigError(`${where}: "review" must be an object`);
  const r = review as Record<string, unknown>;
  for (const k of Object.keys(r))
    if (k !== 'thresholds' && k !== 'rules') throw new ConfigError(`${where}: unknown key review.${k} (expected thresholds, rules)`);
  const layer: ConfigLayer = {};
  for (const k of ['thresholds', 'rules'] as const) {
    const v = r[k];
    if (v === undefined) continue;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${where}: review.${k} must be an object`);
    layer[k] = v as Record<string, unknown>;
  }
  return layer;
}
