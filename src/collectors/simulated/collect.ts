/**
 * The report pipeline's `collect` step on the simulated fleet, for the CLI (`report --simulate`), the
 * demo and `npm run dev`: the built-in simulated instance with a planted scenario, with a local server's
 * performance_schema (and slow-log digest) in place of the simulated ones, and its live locks and
 * sessions in place of the simulated instance state, when there is one. A local server that cannot be
 * read becomes a gap, as a live collector's failure would. It reports its collectors as the live
 * collection does (metrics, slowLog, perfSchema), so progress shows the same stages.
 */
import type { DigestResult } from '../../digest/types';
import { type Comparison, COMPARISON_MS } from '../../core/comparison';
import type { CollectedData, ComparisonData } from '../../model/collected-data';
import { readLocalInstanceState } from './local-instance-state';
import { readLocalPerfSchema } from './local-perfschema';
import type { ScenarioName } from './scenarios';
import { backupEvents, simulateInstance } from './simulate';

export interface SimulatedCollectOptions {
  /** PRNG seed of the simulation (default 42). */
  seed?: number;
  /**
   * The planted scenario (default: the simulator's, an incident); a function when it may change
   * between reports (the demo switches it), read when the report runs.
   */
  scenario?: ScenarioName | (() => ScenarioName | undefined);
  /**
   * mysql://… of a local server that stands in for the instance endpoint: its performance_schema digests,
   * and its live locks and sessions (a real blocking chain there shows in the report), read only.
   */
  mysqlUrl?: string;
  /** A slow-log digest to use instead of the simulated one, read when the report runs. */
  slowLog?: () => DigestResult | undefined;
  /** Time each simulated collector takes (default 0): lets the demo show progress as a live report would. */
  collectorMs?: number;
}

/**
 * The same window a day or a week earlier, as a live collection's comparison: the simulated instance on an
 * ordinary day (no planted scenario; its own noise), on the report's period. A slow log given from
 * outside has no earlier counterpart, so query classes are then not compared.
 */
export function simulatedComparison(instance: string, data: CollectedData, vs: Comparison, seed: number, externalSlowLog: boolean): ComparisonData {
  const shift = COMPARISON_MS[vs];
  const start = new Date(Date.parse(data.window.start) - shift);
  const end = new Date(Date.parse(data.window.end) - shift);
  const earlier = simulateInstance(instance, { start, end }, { seed: seed + 1, scenario: 'healthy', periodS: data.window.periodS });
  return {
    vs,
    start: start.toISOString(),
    end: end.toISOString(),
    metrics: earlier.metrics,
    ...(externalSlowLog || !earlier.slowLog ? {} : { slowLog: earlier.slowLog }),
    // Events from the earlier window's start up to the report window's start.
    events: backupEvents(data.instance.cluster ?? instance, start.getTime(), Date.parse(data.window.start)),
  };
}

const pause = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

export function simulatedCollect(options: SimulatedCollectOptions = {}) {
  return async (c: {
    instance: string;
    window: { start: Date; end: Date; label: string };
    vs?: Comparison;
    onCollector?: (collector: string, status: 'queued' | 'done' | 'failed') => void;
  }): Promise<CollectedData> => {
    const collectors = ['metrics', 'slowLog', 'perfSchema'];
    for (const name of collectors) c.onCollector?.(name, 'queued');
    for (const name of collectors.slice(0, 2)) {
      await pause(options.collectorMs ?? 0);
      c.onCollector?.(name, 'done');
    }
    await pause(options.collectorMs ?? 0);
    const [local, state] = options.mysqlUrl
      ? await Promise.all([readLocalPerfSchema(options.mysqlUrl), readLocalInstanceState(options.mysqlUrl)])
      : [undefined, undefined];
    const slowLog = options.slowLog?.();
    const scenario = typeof options.scenario === 'function' ? options.scenario() : options.scenario;
    const data = simulateInstance(
      c.instance,
      { ms: c.window.end.getTime() - c.window.start.getTime(), label: c.window.label },
      {
        end: c.window.end,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(scenario ? { scenario } : {}),
        ...(local?.snapshot ? { perfSchema: local.snapshot } : {}),
        ...(state?.state ? { instanceState: state.state } : {}),
        ...(slowLog ? { slowLog } : {}),
      },
    );
    if (c.vs) data.comparison = simulatedComparison(c.instance, data, c.vs, options.seed ?? 42, slowLog !== undefined);
    if (local?.gap) data.gaps.push(local.gap);
    if (state?.gap) data.gaps.push(state.gap);
    c.onCollector?.('perfSchema', local?.gap ? 'failed' : 'done');
    return data;
  };
}
