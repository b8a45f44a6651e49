/**
 * The report pipeline's `collect` step on the simulated fleet, for the CLI (`report --simulate`), the
 * demo and `npm run dev`: the built-in simulated instance, with a local server's performance_schema
 * (and slow-log digest) in place of the simulated ones when there is one. A local server that cannot
 * be read becomes a gap, as a live collector's failure would.
 */
import type { DigestResult } from '../../digest/types';
import type { CollectedData } from '../../model/collected-data';
import { readLocalPerfSchema } from './local-perfschema';
import { simulateInstance } from './simulate';

export interface SimulatedCollectOptions {
  /** PRNG seed of the simulation (default 42). */
  seed?: number;
  /** mysql://… of a local server whose performance_schema digests replace the simulated ones. */
  mysqlUrl?: string;
  /** A slow-log digest to use instead of the simulated one, read when the report runs. */
  slowLog?: () => DigestResult | undefined;
}

export function simulatedCollect(options: SimulatedCollectOptions = {}) {
  return async (c: { instance: string; window: { start: Date; end: Date; label: string } }): Promise<CollectedData> => {
    const local = options.mysqlUrl ? await readLocalPerfSchema(options.mysqlUrl) : undefined;
    const slowLog = options.slowLog?.();
    const data = simulateInstance(
      c.instance,
      { ms: c.window.end.getTime() - c.window.start.getTime(), label: c.window.label },
      {
        end: c.window.end,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(local?.snapshot ? { perfSchema: local.snapshot } : {}),
        ...(slowLog ? { slowLog } : {}),
      },
    );
    if (local?.gap) data.gaps.push(local.gap);
    return data;
  };
}
