/**
 * `dbassist report <instance> [window] --simulate [--scenario NAME]`: the report pipeline against the
 * built-in simulated instance with a planted scenario (optionally with the performance_schema, locks and
 * sessions of a local server), written to a directory. Live
 * collection needs AWS credentials and DBASSIST_TARGETS and is done by the deployed bot.
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
import { directoryPublisher } from '../../publish/directory';
import { suggest } from '../../core/suggest';
import { failOnOption, formatOption, parseArgs } from '../args';
import { CliRuntimeError, CliUsageError, EXIT } from '../io';
import type { CliCommand } from './index';

export const LIVE_MESSAGE =
  'live reports need AWS credentials and DBASSIST_TARGETS and are produced by the deployed bot (`/dbassist report …` in Slack). Add --simulate to run the same pipeline against the built-in simulated instance.';

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

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export const command: CliCommand = {
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['out', 'format', 'fail-on', 'seed', 'db', 'scenario', 'vs'], switches: ['simulate'] });
    const format = formatOption(args);
    const failOn = failOnOption(args);
    const seed = seedArg(args.get('seed'));
    const scenario = scenarioArg(args.get('scenario'));
    const [instance, ...rest] = args.positional;
    if (!instance) throw new CliUsageError('name an instance, e.g. `dbassist report gamedb1-1 6h --simulate`');
    if (!NAME_PATTERN.test(instance))
      throw new CliUsageError(`${instance.slice(0, 70)} is not a valid instance name (a letter, then up to 62 letters, digits or hyphens)`);
    const { window, vs } = windowArgs(rest, args.get('vs'));
    if (!args.has('simulate')) throw new CliUsageError(LIVE_MESSAGE);

    const now = new Date(Math.floor(systemClock.now() / 60_000) * 60_000);
    const dbUrl = args.get('db') ?? io.env.DBASSIST_DEMO_MYSQL_URL;
    const dir = resolve(io.cwd, args.get('out') ?? join('out', `${instance}-${stamp(now)}`));
    const steps: ReportSteps = {
      chooseInstance: async () => instance,
      // A local server stands in for the instance endpoint: its statement digests and its live locks and
      // sessions (a real blocking chain there shows in the report), read only.
      collect: simulatedCollect({ seed, scenario, ...(dbUrl ? { mysqlUrl: dbUrl } : {}) }),
      summarize: async (input) => reportFallback(input, { source: 'off', note: 'deterministic summary; the CLI does not call the model' }),
      publish: directoryPublisher(() => dir),
      publishing: `report files in ${dir}`,
    };
    const { data, analysis, artifacts, published } = await runReport(
      { instance, window, now, log: createLogger({}, () => undefined), deadline: systemClock.now() + 60_000, ...(vs ? { vs } : {}) },
      steps,
    );
    if (!published) throw new CliRuntimeError(data.gaps.find((g) => g.source === 'publish')?.reason ?? `cannot write the report to ${dir}`);
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
        scenario: SCENARIO_SPECS[scenario].name,
        findings: analysis.findings,
        // What changed against the same window a day or a week earlier (docs/changes.md); absent when not compared.
        ...(analysis.changes ? { changes: analysis.changes } : {}),
        anomalies: analysis.anomalies.map(({ metric, start, end, peak, score, direction }) => ({ metric, start, end, peak, score, direction })),
        reportPath,
        artifacts: Object.keys(artifacts).map((n) => join(dir, n)),
        simulated: true,
        gaps: data.gaps,
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      const lines = [
        `${analysis.verdict.level.toUpperCase()}: ${analysis.verdict.reason}`,
        `${instance} (simulated ${data.instance.instanceClass}, scenario ${scenario}), window ${data.window.label}, ${data.metrics.length} metrics, ${analysis.incidents.length} incident(s)`,
      ];
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
