/**
 * `dbassist report <instance> [window]`: the worker's report pipeline (runReport) written to
 * `<out>/<instance>/<YYYYMMDDTHHMMSSZ>/`. Live by default: the AWS default credential chain (or
 * --profile), the worker's collectors (live/report.ts, loaded only then). `--simulate [--scenario NAME]`
 * runs against the built-in simulated instance with a planted scenario instead. Either may read
 * performance_schema, locks and sessions from a server given with --db.
 */
import { join, resolve } from 'node:path';
import { systemClock } from '../../core/clock';
import { reportFallback } from '../../ai/fallback';
import { simulatedCollect } from '../../collectors/simulated/collect';
import { changeLines } from '../../analysis/changes';
import { topActions } from '../../analysis/report-lines';
import { DEFAULT_SCENARIO, isScenario, SCENARIOS, SCENARIO_SPECS, type ScenarioName } from '../../collectors/simulated/scenarios';
import type { Comparison } from '../../core/comparison';
import { NAME_PATTERN, reportWindowAndComparison, UsageError } from '../../core/grammar';
import { createLogger } from '../../core/log';
import { atLeast } from '../../core/severity';
import { WindowError, type TimeWindow } from '../../core/window';
import { runReport, type ReportSteps } from '../../jobs/report';
import { directoryPublisher, reportDirectory } from '../../publish/directory';
import { suggest } from '../../core/suggest';
import { AWS_VALUES, awsOptions, failOnOption, formatOption, parseArgs } from '../args';
import { CliRuntimeError, CliUsageError, EXIT } from '../io';
import { progress } from '../progress';
import { severityStyle, styleFor } from '../terminal';
import type { CliCommand } from './index';

/** The window and the comparison: `6h`, `6h vs 1d`, `6h --vs 1d` (core/grammar.ts, as in Slack). */
function windowArgs(words: string[], vs: string | undefined): { window: TimeWindow; vs?: Comparison } {
  try {
    return reportWindowAndComparison(words, vs);
  } catch (e) {
    if (e instanceof UsageError || e instanceof WindowError) throw new CliUsageError(e.message);
    throw e;
  }
}

function seedArg(text: string | undefined): number {
  if (text === undefined) return 42;
  if (!/^\d{1,9}$/.test(text)) throw new CliUsageError(`--seed must be a whole number, not ${text}`);
  return Number(text);
}

function scenarioArg(text: string | undefined): ScenarioName {
  if (text === undefined) return DEFAULT_SCENARIO;
  if (!isScenario(text)) {
    const hint = suggest(text, [...SCENARIOS]);
    throw new CliUsageError(`--scenario must be one of ${SCENARIOS.join(', ')}, not ${text.slice(0, 40)}${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  return text;
}

export const command: CliCommand = {
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['out', 'format', 'fail-on', 'seed', 'db', 'scenario', 'vs', ...AWS_VALUES], switches: ['simulate', 'quiet'] });
    const format = formatOption(args);
    const failOn = failOnOption(args);
    const simulate = args.has('simulate');
    const seed = seedArg(args.get('seed'));
    const scenario = scenarioArg(args.get('scenario'));
    const aws = awsOptions(args);
    const [instance, ...rest] = args.positional;
    if (!instance) throw new CliUsageError('name an instance or cluster, e.g. `dbassist report gamedb1-1 6h` (or add --simulate to try it without AWS)');
    if (!NAME_PATTERN.test(instance))
      throw new CliUsageError(`${instance.slice(0, 70)} is not a valid instance name (a letter, then up to 62 letters, digits or hyphens)`);
    const { window, vs } = windowArgs(rest, args.get('vs'));
    if (simulate && (aws.profile || aws.region)) throw new CliUsageError('--profile and --region are for live reports; --simulate needs no AWS');
    if (!simulate && (args.has('seed') || args.has('scenario'))) throw new CliUsageError('--seed and --scenario go with --simulate');

    const now = new Date(Math.floor(systemClock.now() / 60_000) * 60_000);
    const dbUrl = args.get('db') ?? (simulate ? io.env.DBASSIST_DEMO_MYSQL_URL : undefined);
    const root = resolve(io.cwd, args.get('out') ?? 'out');
    const p = progress(io, { quiet: args.has('quiet') });
    let result: Awaited<ReturnType<typeof runReport>>;
    let source: { region: string; cluster: string } | undefined;
    // A cluster's name reports on its writer (live/report.ts finds it); the files go under the instance's name.
    let reported = instance;
    try {
      let collect: ReportSteps['collect'];
      if (simulate) {
        // A local server stands in for the instance endpoint: its statement digests and its live locks and
        // sessions (a real blocking chain there shows in the report), read only.
        const simulated = simulatedCollect({ seed, scenario, ...(dbUrl ? { mysqlUrl: dbUrl } : {}) });
        collect = async (c) => {
          p.step(`collecting ${c.instance} (simulated, scenario ${scenario})`);
          const data = await simulated(c);
          p.step('analysing and writing the report');
          return data;
        };
      } else {
        const { openLiveReport } = await import('../live/report');
        const live = await openLiveReport({ aws, env: io.env, name: instance, ...(dbUrl ? { db: dbUrl } : {}), progress: p });
        collect = live.collect;
        source = { region: live.session.region, cluster: live.instance.cluster };
        reported = live.instance.instance;
      }
      const steps: ReportSteps = {
        chooseInstance: async () => instance,
        collect,
        summarize: async (input) => reportFallback(input, { source: 'off', note: 'deterministic summary; the CLI does not call the model' }),
        publish: directoryPublisher(reportDirectory(root)),
        publishing: `report files in ${root}`,
      };
      result = await runReport(
        { instance: reported, window, now, log: createLogger({}, () => undefined), deadline: systemClock.now() + 120_000, ...(vs ? { vs } : {}) },
        steps,
      );
    } finally {
      p.done();
    }
    const { data, analysis, artifacts, published } = result;
    if (!published) throw new CliRuntimeError(data.gaps.find((g) => g.source === 'publish')?.reason ?? `cannot write the report to ${root}`);
    const dir = published.location;
    const reportPath = join(dir, 'report.html');

    if (format === 'json') {
      const out = {
        verdict: analysis.verdict,
        // Ranked probable causes (kinds: docs/causes.md); empty when the window is healthy.
        causes: analysis.causes.map((c) => ({
          kind: c.kind,
          summary: c.summary,
          confidence: c.confidence,
          incident: c.incidentId,
          evidence: c.evidence,
          actions: c.actions,
          ...(c.sql ? { sql: { text: c.sql.text, source: c.sql.source, share: c.sql.share } } : {}),
          ...(c.chain ? { blockingChain: c.chain } : {}),
        })),
        incidents: analysis.incidents.map((i) => ({
          id: i.id,
          start: i.start,
          end: i.end,
          severity: i.severity,
          ongoing: i.ongoing,
          symptoms: i.symptoms.map((s) => ({ metric: s.metric, peak: s.peak, peakAt: s.peakAt, usual: s.usual, severity: s.severity })),
          sql: i.sql.map((q) => ({
            text: q.text,
            source: q.source,
            share: q.share,
            growth: Number.isFinite(q.growth) ? q.growth : q.growth === Infinity ? 'new' : null,
          })),
        })),
        blockingChains: data.instanceState?.chains ?? [],
        ...(simulate ? { scenario: SCENARIO_SPECS[scenario].name } : {}),
        instance: result.instance,
        ...(source ? { region: source.region, cluster: source.cluster } : {}),
        findings: analysis.findings,
        // What changed against the same window a day or a week earlier (docs/changes.md); absent when not compared.
        ...(analysis.changes ? { changes: analysis.changes } : {}),
        anomalies: analysis.anomalies.map(({ metric, start, end, peak, score, direction }) => ({ metric, start, end, peak, score, direction })),
        reportPath,
        artifacts: Object.keys(artifacts).map((n) => join(dir, n)),
        simulated: simulate,
        gaps: data.gaps,
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      // Colour only on a terminal, never with NO_COLOR or TERM=dumb.
      const style = styleFor(io.stdout, io.env);
      const lines = [
        `${severityStyle(style, analysis.verdict.level)(analysis.verdict.level.toUpperCase())}: ${analysis.verdict.reason}`,
        `${result.instance} (${simulate ? `simulated ${data.instance.instanceClass}, scenario ${scenario}` : `${data.instance.instanceClass}, cluster ${source?.cluster}, ${source?.region}`}), window ${data.window.label}, ${data.metrics.length} metrics, ${analysis.incidents.length} incident(s)`,
      ];
      if (reported !== instance) lines.push(`(${instance} is a cluster: this is its writer, ${reported})`);
      const cause = analysis.causes[0];
      if (cause) {
        lines.push('', `Likely cause: ${cause.kind} (${cause.confidence} confidence)`, ...cause.evidence.slice(0, 4).map((x) => `  - ${x.text}`));
        lines.push('Do this first:', ...topActions(analysis).map((x, i) => `  ${i + 1}. ${x}`));
      }
      if (analysis.changes) lines.push('', ...changeLines(analysis.changes, 5).map((l) => l.replace(/^• /, '  - ')));
      const top = analysis.findings.filter((f) => f.kind !== 'collection').slice(0, 5);
      if (top.length > 0) lines.push('', 'Top findings:', ...top.map((f) => `  [${f.severity}] ${f.title}`));
      for (const g of data.gaps) lines.push(`Missing: ${g.what}: ${g.reason}`);
      lines.push('', `Report: ${reportPath}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    if (failOn && analysis.findings.some((f) => atLeast(f.severity, failOn))) return EXIT.findings;
    return EXIT.ok;
  },
};
