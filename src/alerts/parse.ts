/**
 * SNS record → NormalizedAlert. Understands CloudWatch alarm notifications (metric and composite),
 * RDS event notifications, RDS events forwarded by EventBridge, and custom messages (plain text or
 * JSON). Anything else becomes a generic `unknown` alert, so nothing is dropped silently. All text is
 * kept raw here; the views escape it (it is untrusted).
 */
import * as v from 'valibot';
import { ALERT_LEVELS, type AlertLevel } from '../core/grammar';
import { categorySlug, rdsEventCategories, rdsEventId, rdsEventLevel } from './rds-events';
import type { LevelRule } from '../config/alert-levels';
import type { AlertState, NormalizedAlert } from '../model/alert';

export interface ParseOptions {
  /** Target, cluster and instance names, used to find a target in composite alarms and free text. */
  knownNames?: string[];
  /** Configured alarm-name → level mapping; first match wins, before the naming convention. */
  levelRules?: LevelRule[];
}

/** The SNS notification of a Lambda record: what this module reads of it. */
export const SnsInputSchema = v.object({
  MessageId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  Message: v.string(),
  Timestamp: v.string(),
  Subject: v.optional(v.nullable(v.string())),
  TopicArn: v.optional(v.string()),
});
export type SnsInput = v.InferOutput<typeof SnsInputSchema>;

/**
 * The JSON shapes AWS services publish, told apart by the fields each always has. Other fields are
 * read leniently (strings or numbers, missing is empty): services add fields and formats drift.
 */
export const CloudWatchAlarmSchema = v.looseObject({ AlarmName: v.string(), NewStateValue: v.string() });
export const RdsEventSchema = v.looseObject({ 'Event ID': v.string(), 'Source ID': v.string() });
export const EventBridgeRdsEventSchema = v.looseObject({ source: v.literal('aws.rds'), 'detail-type': v.string(), detail: v.looseObject({}) });

type Json = Record<string, unknown>;

/** Nesting shown in a generic alert's detail; deeper levels are elided. */
const PREVIEW_DEPTH = 6;
/** Characters of a generic alert's detail (the view cuts further to Slack's limits). */
const PREVIEW_CHARS = 2_500;
/** Characters of a message searched for a known target name. */
const SEARCH_CHARS = 20_000;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function isoTime(text: string, fallback: string): string {
  if (!text) return fallback;
  // RDS writes "2026-11-21 08:12:44.123" (UTC, no zone); CloudWatch "2026-11-21T08:12:44.123+0000".
  let t = text
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t += 'Z';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? fallback : d.toISOString();
}

function globRe(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}

/** The longest known name that appears in the text as a whole word, or ''. */
export function findKnownName(text: string, names: string[] = []): string {
  const lower = text.slice(0, SEARCH_CHARS).toLowerCase();
  let best = '';
  for (const n of names) {
    const i = lower.indexOf(n.toLowerCase());
    if (i < 0 || n.length <= best.length) continue;
    const before = lower[i - 1] ?? ' ';
    const after = lower[i + n.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) best = n;
  }
  return best;
}

const CRITICAL_WORD = /(^|[^a-z])(crit|critical|sev-?1|p1|page)([^a-z0-9]|$)/i;

/** Configured rules first, then the convention: "critical" (crit, sev1, p1) in the name or description. */
export function alarmLevel(name: string, description: string, rules: LevelRule[] = []): AlertLevel {
  const rule = rules.find((r) => globRe(r.pattern).test(name));
  if (rule) return rule.level;
  return CRITICAL_WORD.test(name) || CRITICAL_WORD.test(description) ? 'critical' : 'warning';
}

function dimensionTarget(dims: unknown): string {
  if (!Array.isArray(dims)) return '';
  const get = (wanted: string): string => {
    const d = dims.find((x): x is Json => isObject(x) && str(x.name ?? x.Name).toLowerCase() === wanted.toLowerCase());
    return d ? str(d.value ?? d.Value) : '';
  };
  // An RDS instance or cluster; else what the alarm watches (the bot's own alarms: its functions,
  // queues and EMF metrics), so `subscribe dbassist-prod-*` reaches them.
  return get('DBInstanceIdentifier') || get('DBClusterIdentifier') || get('FunctionName') || get('QueueName') || get('service');
}

function parseCloudWatch(m: v.InferOutput<typeof CloudWatchAlarmSchema>, sns: SnsInput, o: ParseOptions): NormalizedAlert {
  const name = str(m.AlarmName);
  const description = str(m.AlarmDescription);
  const stateValue = str(m.NewStateValue).toUpperCase();
  const state: AlertState = stateValue === 'OK' ? 'ok' : stateValue === 'INSUFFICIENT_DATA' ? 'insufficient' : 'alarm';
  const reason = str(m.NewStateReason);
  const trigger = isObject(m.Trigger) ? m.Trigger : undefined;
  const composite = typeof m.AlarmRule === 'string' || !trigger;
  let target = '';
  let metric: string | undefined;
  if (trigger) {
    target = dimensionTarget(trigger.Dimensions);
    metric = str(trigger.MetricName) || undefined;
    if (!target && Array.isArray(trigger.Metrics)) {
      for (const q of trigger.Metrics) {
        const stat = isObject(q) && isObject(q.MetricStat) && isObject(q.MetricStat.Metric) ? q.MetricStat.Metric : undefined;
        if (stat) {
          target ||= dimensionTarget(stat.Dimensions);
          metric ??= str(stat.MetricName) || undefined;
        }
      }
    }
  }
  if (!target) target = findKnownName(`${name} ${description} ${str(m.AlarmRule)}`, o.knownNames);
  const region = str(m.Region);
  const arn = str(m.AlarmArn);
  const alert: NormalizedAlert = {
    key: `cw:${arn || `${region}:${name}`}`,
    source: 'cloudwatch',
    target,
    state,
    level: state === 'alarm' ? alarmLevel(name, description, o.levelRules) : 'info',
    title: composite && !trigger ? `${name} (composite)` : name,
    detail: [description, reason, typeof m.AlarmRule === 'string' ? `Rule: ${m.AlarmRule}` : ''].filter((s) => s !== '').join('\n'),
    at: isoTime(str(m.StateChangeTime), isoTime(sns.Timestamp, new Date(0).toISOString())),
    eventCategories: composite ? ['alarm', 'composite'] : ['alarm'],
    sourceRef: name,
    messageId: sns.MessageId,
  };
  if (metric) alert.metric = metric;
  const threshold = num(trigger?.Threshold);
  if (threshold !== undefined) alert.threshold = threshold;
  if (trigger && str(trigger.ComparisonOperator)) alert.comparison = str(trigger.ComparisonOperator);
  const value = num(/\[\s*([-+]?\d[\d.eE+-]*)\s*\(/.exec(reason)?.[1]);
  if (value !== undefined) alert.value = value;
  return alert;
}

function rdsAlert(
  source: 'rds' | 'eventbridge',
  f: { id: string; sourceId: string; message: string; at: string; categories: string[]; kind: string },
  sns: SnsInput,
): NormalizedAlert {
  const categories = rdsEventCategories(f.id, f.message, f.categories);
  const what = f.kind ? `${f.kind} ` : '';
  return {
    key: `rds:${f.sourceId.toLowerCase()}:${f.id || f.message.slice(0, 80)}`,
    source,
    target: f.sourceId,
    state: 'event',
    level: rdsEventLevel(categories),
    title: `${f.message || f.id || 'RDS event'}`.split('\n')[0]!.slice(0, 140),
    detail: `${what}${f.sourceId}: ${f.message}`.trim(),
    at: f.at,
    eventCategories: categories,
    sourceRef: f.id || 'RDS event',
    messageId: sns.MessageId,
  };
}

function parseRds(m: v.InferOutput<typeof RdsEventSchema>, sns: SnsInput): NormalizedAlert {
  const kind = str(m['Event Source']).replace(/^db-/, 'DB ').replace(/-/g, ' ');
  return rdsAlert(
    'rds',
    {
      id: rdsEventId(str(m['Event ID'])),
      sourceId: str(m['Source ID']),
      message: str(m['Event Message']),
      at: isoTime(str(m['Event Time']), isoTime(sns.Timestamp, new Date(0).toISOString())),
      categories: [],
      kind,
    },
    sns,
  );
}

function parseEventBridge(m: v.InferOutput<typeof EventBridgeRdsEventSchema>, sns: SnsInput): NormalizedAlert {
  const d: Json = m.detail;
  const categories = Array.isArray(d.EventCategories)
    ? d.EventCategories.map(str)
        .filter((c) => c !== '')
        .map(categorySlug)
    : [];
  return rdsAlert(
    'eventbridge',
    {
      id: rdsEventId(str(d.EventID)),
      sourceId: str(d.SourceIdentifier),
      message: str(d.Message),
      at: isoTime(str(d.Date) || str(m.time), isoTime(sns.Timestamp, new Date(0).toISOString())),
      categories,
      kind: str(m['detail-type'])
        .replace(/^RDS /, '')
        .replace(/ Event$/, ''),
    },
    sns,
  );
}

function levelWord(v: string): AlertLevel | undefined {
  const w = v.toLowerCase();
  if ((ALERT_LEVELS as readonly string[]).includes(w)) return w as AlertLevel;
  if (/^(crit|high|error|sev-?1|p1|page|fatal|emergency)$/.test(w)) return 'critical';
  if (/^(warn|medium|low|sev-?[23]|p[23])$/.test(w)) return 'warning';
  if (/^(ok|notice|debug|low|resolved)$/.test(w)) return 'info';
  return undefined;
}

function stateWord(v: string): AlertState | undefined {
  const w = v.toLowerCase();
  if (/^(ok|resolved|recovered|clear(ed)?)$/.test(w)) return 'ok';
  if (/^(alarm|firing|triggered|open|problem)$/.test(w)) return 'alarm';
  if (/^(insufficient|insufficient_data|unknown)$/.test(w)) return 'insufficient';
  if (w === 'event') return 'event';
  return undefined;
}

function parseCustomJson(m: Json, sns: SnsInput, o: ParseOptions): NormalizedAlert {
  const title = str(m.title) || str(m.summary) || str(sns.Subject) || 'Custom alert';
  const detail = str(m.text) || str(m.message) || str(m.detail) || str(m.description);
  const target = str(m.target) || str(m.instance) || str(m.cluster) || findKnownName(`${title} ${detail}`, o.knownNames);
  const state = stateWord(str(m.state) || str(m.status)) ?? 'event';
  const level = levelWord(str(m.level) || str(m.severity)) ?? (state === 'ok' ? 'info' : 'warning');
  const alert: NormalizedAlert = {
    key: `custom:${str(m.key) || str(m.id) || `${target}:${title}`}`,
    source: 'custom',
    target,
    state,
    level,
    title,
    detail,
    at: isoTime(str(m.time) || str(m.at) || str(m.timestamp), isoTime(sns.Timestamp, new Date(0).toISOString())),
    eventCategories: Array.isArray(m.categories)
      ? m.categories
          .map(str)
          .filter((c) => c !== '')
          .map(categorySlug)
      : ['custom'],
    sourceRef: str(sns.Subject) || 'custom message',
    messageId: sns.MessageId,
  };
  const value = num(m.value);
  if (value !== undefined) alert.value = value;
  if (str(m.metric)) alert.metric = str(m.metric);
  return alert;
}

function parseText(text: string, sns: SnsInput, o: ParseOptions): NormalizedAlert {
  const firstLine = text.trim().split('\n')[0] ?? '';
  const title = (str(sns.Subject) || firstLine || 'Message').slice(0, 140);
  const target = findKnownName(`${title} ${text}`, o.knownNames);
  return {
    key: `custom:${target}:${title}`,
    source: 'custom',
    target,
    state: 'event',
    level: CRITICAL_WORD.test(title) ? 'critical' : 'warning',
    title,
    detail: text.trim(),
    at: isoTime(sns.Timestamp, new Date(0).toISOString()),
    eventCategories: ['custom'],
    sourceRef: str(sns.Subject) || 'text message',
    messageId: sns.MessageId,
  };
}

/**
 * An indented JSON preview of any value, cut at PREVIEW_DEPTH levels and PREVIEW_CHARS characters.
 * JSON.stringify would overflow the stack on a deeply nested message (10,000 levels) and take a
 * while on a 256 KB one; this stops early.
 */
export function previewJson(value: unknown, maxChars = PREVIEW_CHARS, maxDepth = PREVIEW_DEPTH): string {
  let out = '';
  const emit = (s: string): boolean => {
    out += s;
    return out.length < maxChars;
  };
  const walk = (v: unknown, depth: number, indent: string): boolean => {
    if (v === null || typeof v !== 'object') return emit(JSON.stringify(v) ?? 'null');
    const entries: Array<[string | undefined, unknown]> = Array.isArray(v) ? v.map((x) => [undefined, x]) : Object.entries(v as Json);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return emit(`${open}${close}`);
    if (depth >= maxDepth) return emit(`${open}…${close}`);
    if (!emit(`${open}\n`)) return false;
    for (let i = 0; i < entries.length; i++) {
      const [k, x] = entries[i]!;
      if (!emit(`${indent} ${k === undefined ? '' : `${JSON.stringify(k)}: `}`)) return false;
      if (!walk(x, depth + 1, `${indent} `)) return false;
      if (!emit(i < entries.length - 1 ? ',\n' : '\n')) return false;
    }
    return emit(`${indent}${close}`);
  };
  walk(value, 0, '');
  return out.length > maxChars ? `${out.slice(0, maxChars - 1)}…` : out;
}

function parseUnknown(m: Json, sns: SnsInput, o: ParseOptions): NormalizedAlert {
  const text = previewJson(m);
  const title = (str(sns.Subject) || str(m['detail-type']) || 'Unrecognized notification').slice(0, 140);
  const target = findKnownName(text, o.knownNames);
  return {
    key: `unknown:${target}:${title}`,
    source: 'unknown',
    target,
    state: 'event',
    level: 'warning',
    title,
    detail: text,
    at: isoTime(sns.Timestamp, new Date(0).toISOString()),
    eventCategories: ['unknown'],
    sourceRef: str(sns.TopicArn).split(':').pop() || 'SNS',
    messageId: sns.MessageId,
  };
}

/** The last resort: whatever the message is, a generic alert with its start as the detail. */
export function genericAlert(sns: SnsInput): NormalizedAlert {
  const body = String(sns.Message ?? '');
  const title = (str(sns.Subject) || 'Unrecognized notification').slice(0, 140);
  return {
    key: `unknown::${title}`,
    source: 'unknown',
    target: '',
    state: 'event',
    level: 'warning',
    title,
    detail: body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1)}…` : body,
    at: isoTime(str(sns.Timestamp), new Date(0).toISOString()),
    eventCategories: ['unknown'],
    sourceRef: str(sns.TopicArn).split(':').pop() || 'SNS',
    messageId: String(sns.MessageId ?? ''),
  };
}

/** Which known shape a parsed JSON message has. */
export function messageShape(m: Json): 'cloudwatch' | 'rds' | 'eventbridge' | 'custom' | 'unknown' {
  if (v.is(CloudWatchAlarmSchema, m)) return 'cloudwatch';
  if (v.is(RdsEventSchema, m)) return 'rds';
  if (v.is(EventBridgeRdsEventSchema, m)) return 'eventbridge';
  if (['title', 'summary', 'text', 'message'].some((k) => typeof m[k] === 'string') && m['detail-type'] === undefined) return 'custom';
  return 'unknown';
}

export function parseSnsMessage(sns: SnsInput, options: ParseOptions = {}): NormalizedAlert {
  try {
    const a = parseKnown(sns, { ...options, knownNames: options.knownNames ?? [] });
    // A 256 KB message is kept to what an alert can show (it is stored with the incident).
    if (a.detail.length > PREVIEW_CHARS) a.detail = `${a.detail.slice(0, PREVIEW_CHARS - 1)}…`;
    if (a.title.length > 200) a.title = `${a.title.slice(0, 199)}…`;
    return a;
  } catch {
    // Nothing in a notification may stop it from being delivered: anything odd becomes generic.
    return genericAlert(sns);
  }
}

function parseKnown(sns: SnsInput, options: ParseOptions): NormalizedAlert {
  const body = sns.Message ?? '';
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return parseText(body, sns, options);
  }
  if (!isObject(json)) return parseText(body, sns, options);
  if (v.is(CloudWatchAlarmSchema, json)) return parseCloudWatch(json, sns, options);
  if (v.is(RdsEventSchema, json)) return parseRds(json, sns);
  if (v.is(EventBridgeRdsEventSchema, json)) return parseEventBridge(json, sns);
  return messageShape(json) === 'custom' ? parseCustomJson(json, sns, options) : parseUnknown(json, sns, options);
}
