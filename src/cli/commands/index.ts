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
    usage: `report <instance|cluster> [window] [vs 1d|1w] [--vs 1d|1w] [--profile NAME] [--region REGION] [--db URL] [--out DIR] [--format json|text] [--fail-on SEVERITY] [--quiet] | report <instance> [window] [vs 1d|1w] --simulate [--scenario ${SCENARIOS.join('|')}] [--seed N]`,
    summary:
      'performance report of a live Aurora MySQL instance with the likely cause (HTML, metrics CSV, top SQL, digest JSON); --simulate: a built-in instance with a planted incident',
    details: `The report pipeline of the bot (collect, analyse, render) written to <out>/<instance>/<YYYYMMDDTHHMMSSZ>/.
Live, it reads RDS, CloudWatch metrics, the slow and error logs from CloudWatch Logs and Performance
Insights with your AWS credentials (the default chain: AWS_PROFILE, SSO, keys, a role). A cluster's name
reports on its writer. The summary is the deterministic one (the CLI does not call the model).

  <instance>        instance or cluster name (letters, digits, hyphens)
  [window]          30m, 6h, 2d, 1w, "6 hours"; 5 minutes to 14 days; default 1h (ending now)
  vs 1d|1w, --vs    what changed against the same window a day / a week earlier (default 1w for
                    windows up to a week; docs/changes.md)
  --profile NAME    a profile of ~/.aws/config (default: AWS_PROFILE, else the default chain)
  --region REGION   default: AWS_REGION, AWS_DEFAULT_REGION, else the profile's region
  --db URL          read performance_schema, locks and sessions from this server
                    (mysql://user:pass@127.0.0.1:3306/ — a read-only user; a tunnel to a private instance)
  --out DIR         root of the report directories (default out)
  --simulate        run against the built-in simulated instance instead of AWS
  --scenario NAME   with --simulate: ${SCENARIOS.join(', ')} (default ${DEFAULT_SCENARIO}; docs/causes.md)
  --seed N          with --simulate: seed of the simulation (default 42)
  --quiet           no progress on stderr (progress shows only on a terminal)
  --format json|text, --fail-on info|low|medium|high|critical (exit 1 when a finding reaches it)

AWS permissions: rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeEvents,
cloudwatch:GetMetricData, logs:FilterLogEvents, pi:GetResourceMetrics, pi:DescribeDimensionKeys.
exit 3 with one line saying what to do when AWS refuses (expired session, access denied, throttling).

examples: dbassist report gamedb1-1 6h --profile prod --region ap-northeast-2
          dbassist report gamedb1 2h --db mysql://ro:pw@127.0.0.1:13306/ --format json
          dbassist report gamedb1-1 6h --simulate --scenario lock-contention`,
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
    usage:
      'digest FILE|-|<instance> <window> [--profile NAME] [--region REGION] [--format json|text] [--top N] [--order-by total|calls|rows-examined] [--since TIME] [--until TIME] [--tz ZONE] [--quiet]',
    summary: "slow-query digest: query classes of a slow log ranked like pt-query-digest (a file, - for stdin, or a live instance's log in CloudWatch Logs)",
    details: `Query classes of a MySQL / Aurora MySQL / MariaDB / Percona slow log, with the same fingerprints
(and class ids) as pt-query-digest. Memory stays bounded whatever the size of the log.

With an instance (or cluster: its writer) and a window instead of a file, the slow log of the last
<window> is read from CloudWatch Logs (/aws/rds/cluster/<cluster>/slowquery, the instance's stream)
with your AWS credentials (logs:FilterLogEvents, rds:DescribeDBInstances). A file of that name in the
current directory wins.

  --profile NAME, --region REGION   the AWS profile and region (defaults as for report)
  --quiet           no progress on stderr (progress shows only on a terminal)

  --top N           classes to show (text: 20 by default; JSON: all)
  --order-by        total (time, default), calls or rows-examined
  --since, --until  ISO-8601 times, bounds included; without a zone they are read in --tz, or UTC
  --tz ZONE         zone of the server's local times (IANA name like Asia/Seoul, or +09:00). MySQL 5.7+
                    and Aurora write UTC times and need none; MySQL ≤ 5.6 and MariaDB write local
                    times, which are otherwise converted with the offset the log's SET timestamp shows
  --format json|text

All times are reported in UTC; JSON's totals.timeBase says how the log's times were read.
examples: dbassist digest /var/log/mysql/slow.log --top 10
          dbassist digest - --format json --since 2024-05-01T09:00Z < slow.log
          dbassist digest gamedb1-1 6h --profile prod --top 10`,
    load: async () => (await import('./digest')).command,
  },
  anomalies: {
    usage: 'anomalies FILE.csv|- [--format json|text]',
    summary: 'anomaly windows (start, end, peak, score, direction, reason) per numeric column of a CSV with a timestamp column',
    details: `Anomaly windows by the report's detector (noise model per metric kind, learned day/week shape,
persistence and rarity; docs/anomalies.md), per numeric column of a CSV whose first column is a
timestamp (the layout of a report's metrics.csv). Each window says why in words ("3.1× the usual for
Tuesdays 14:00", "level shift +40 % since 02:56").

Text output gives each peak in the metric's unit (%, ms, MB, /s); JSON gives the raw number.

example: dbassist anomalies out/gamedb1-1/20261121T080000Z/metrics.csv --format json`,
    load: async () => (await import('./anomalies')).command,
  },
  instances: {
    usage: 'instances [--live [--profile NAME] [--region REGION]] [--format json|text]',
    summary: 'list the configured targets (DBASSIST_TARGETS); --live lists the Aurora MySQL clusters and instances your AWS credentials can see',
    details: `Without --live: the targets the bot knows, from the DBASSIST_TARGETS environment variable (names only,
never secrets). With --live: every Aurora MySQL cluster of the region with its instances (writer first,
class, status, zone), from RDS (rds:DescribeDBClusters, rds:DescribeDBInstances).

example: dbassist instances --live --profile prod --region ap-northeast-2`,
    load: async () => (await import('./instances')).command,
  },
};
