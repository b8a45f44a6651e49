/**
 * The CLI's verbs: what `dbassist help` shows about each, and how to load it. A verb's code (and the
 * heavy modules it needs: AWS SDK, mysql2, the SQL parser) loads only when that verb runs, so `help`
 * and `--version` stay instant; the build (build/cli.cjs) makes each verb a file of its own.
 *
 * To add a verb: one entry here, and a module `./<verb>.ts` exporting `command: CliCommand`.
 */
import type { CliIo } from '../io';
import { DEFAULT_SCENARIO, SCENARIOS } from '../../collectors/simulated/scenario-names';

export interface CliCommand {
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CliVerb {
  /** One-line usage, without the program name. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  /** `dbassist help <verb>`: what it does, its options and examples. */
  details: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: Record<string, CliVerb> = {
  report: {
    usage: `report <instance> [window] [vs 1d|1w] --simulate [--vs 1d|1w] [--scenario ${SCENARIOS.join('|')}] [--out DIR] [--format json|text] [--fail-on SEVERITY] [--seed N] [--db URL]`,
    summary: `performance report with the likely cause (HTML + metrics CSV + top SQL + digest JSON); --simulate uses the built-in simulated instance with a planted scenario (default ${DEFAULT_SCENARIO})`,
    details: `The report pipeline of the bot (collect, analyse, render) written to a directory.

  <instance>        instance name (letters, digits, hyphens)
  [window]          30m, 6h, 2d, 1w, "6 hours"; 5 minutes to 14 days; default 1h
  vs 1d|1w, --vs    what changed against the same window a day / a week earlier (default 1w for
                    windows up to a week; docs/changes.md)
  --simulate        run against the built-in simulated instance (live collection runs in the deployed bot)
  --out DIR         where to write report.html and the artifacts (default out/<instance>-<time>)
  --db URL          read performance_schema from a local server (mysql://root@127.0.0.1:3306/)
  --seed N          seed of the simulation (default 42)
  --scenario NAME   the simulated incident: ${SCENARIOS.join(', ')} (default ${DEFAULT_SCENARIO}; docs/causes.md)
  --format json|text, --fail-on info|low|medium|high|critical (exit 1 when a finding reaches it)

example: dbassist report gamedb1-1 6h --simulate --out out/gamedb1-1`,
    load: async () => (await import('./report')).command,
  },
  review: {
    usage:
      'review [FILE|DIR|GLOB|-]... [--db URL] [--scratch-db URL [--sample-rows N]] [--format text|json|sarif|junit|markdown] [--fail-on SEVERITY] [--config FILE] [--<threshold> N] [--rule ID=off|SEVERITY]',
    summary: 'review SQL files statically; with --db also against the live schema and EXPLAIN (read-only); thresholds in .dbassist.json (docs/rules.md)',
    details: `Splits, parses and lints every statement of each FILE (directories and quoted globs expand to their
.sql files; - or no file reads stdin); with --db, also checks the live schema and runs EXPLAIN in a
read-only, time-bounded session (docs/safety.md). Several files end with one summary (pass/fail per file).

  --db URL          mysql://user:pass@host:3306/db — a read-only user is enough
  --scratch-db URL  a writable throwaway schema (never the target) where index advice is verified:
                    table structures and --sample-rows N rows are copied, the index is created, and the
                    plan before and after is shown
  --format          text (default), json, sarif (GitHub code scanning), junit (CI), markdown
  --fail-on         info|low|medium|high|critical: exit 1 when a finding reaches it
  --config FILE     thresholds and rule overrides (default: the nearest .dbassist.json upwards)
  --<threshold> N   one threshold, e.g. --max-in-count 50 (names in docs/rules.md)
  --rule ID=off|SEVERITY   switch a rule off or change its severity (repeatable)

examples: dbassist review migration.sql --db mysql://ro:pw@127.0.0.1:3306/game --fail-on high
          dbassist review migrations/ 'sql/**/*.sql' --format sarif > review.sarif
          dbassist review - --format json < script.sql`,
    load: async () => (await import('./review')).command,
  },
  digest: {
    usage: 'digest FILE|- [--format json|text] [--top N] [--order-by total|calls|rows-examined] [--since TIME] [--until TIME] [--tz ZONE]',
    summary: 'slow-query digest: query classes of a slow log ranked like pt-query-digest (- reads stdin)',
    details: `Query classes of a MySQL / Aurora MySQL / MariaDB / Percona slow log, with the same fingerprints
(and class ids) as pt-query-digest. Memory stays bounded whatever the size of the log.

  --top N           classes to show (text: 20 by default; JSON: all)
  --order-by        total (time, default), calls or rows-examined
  --since, --until  ISO-8601 times, bounds included; without a zone they are read in --tz, or UTC
  --tz ZONE         zone of the server's local times (IANA name like Asia/Seoul, or +09:00). MySQL 5.7+
                    and Aurora write UTC times and need none; MySQL ≤ 5.6 and MariaDB write local
                    times, which are otherwise converted with the offset the log's SET timestamp shows
  --format json|text

All times are reported in UTC; JSON's totals.timeBase says how the log's times were read.
examples: dbassist digest /var/log/mysql/slow.log --top 10
          dbassist digest - --format json --since 2024-05-01T09:00Z < slow.log`,
    load: async () => (await import('./digest')).command,
  },
  anomalies: {
    usage: 'anomalies FILE.csv|- [--format json|text]',
    summary: 'anomaly windows (start, end, peak, score, direction, reason) per numeric column of a CSV with a timestamp column',
    details: `Anomaly windows by the report's detector (noise model per metric kind, learned day/week shape,
persistence and rarity; docs/anomalies.md), per numeric column of a CSV whose first column is a
timestamp (the layout of a report's metrics.csv). Each window says why in words ("3.1× the usual for
Tuesdays 14:00", "level shift +40 % since 02:56").

example: dbassist anomalies out/gamedb1-1/metrics.csv --format json`,
    load: async () => (await import('./anomalies')).command,
  },
  instances: {
    usage: 'instances [--format json|text]',
    summary: 'list the configured targets (from DBASSIST_TARGETS)',
    details: `The targets the bot knows, from the DBASSIST_TARGETS environment variable (names only, never secrets).`,
    load: async () => (await import('./instances')).command,
  },
};
