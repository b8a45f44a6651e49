/**
 * CLI start-up: `dbassist --version` and `dbassist help` against `node -e 0` on the same machine, median
 * of 9 wall-clock runs each (interleaved, so a burst of load hits all three alike). Target: ≤ 4× node's
 * own start. `npx dbassist --version` is shown too: npx adds npm's own start-up, which is not ours.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Bench, BenchRow } from './types';
import { median } from './lib/process';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'dbassist.js');
const RUNS = 9;

function wallMs(cmd: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export const benchmarks: Bench[] = [
  {
    name: 'cli: start-up of dbassist --version and help vs node -e 0',
    async run(): Promise<BenchRow[]> {
      const node: number[] = [];
      const version: number[] = [];
      const help: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        node.push(wallMs(process.execPath, ['-e', '0']));
        version.push(wallMs(process.execPath, [BIN, '--version']));
        help.push(wallMs(process.execPath, [BIN, 'help']));
      }
      const npx: number[] = [];
      for (let i = 0; i < 3; i++) npx.push(wallMs('npx', ['--no-install', 'dbassist', '--version']));
      const base = median(node);
      const ratio = (xs: number[]) => r1(median(xs) / base);
      return [
        { figure: 'node -e 0 (median of 9)', value: r1(base), unit: 'ms' },
        { figure: 'dbassist --version (median of 9)', value: r1(median(version)), unit: 'ms' },
        { figure: 'dbassist --version / node -e 0', value: ratio(version), unit: '×', target: '≤ 4×', pass: ratio(version) <= 4 },
        { figure: 'dbassist help (median of 9)', value: r1(median(help)), unit: 'ms' },
        { figure: 'dbassist help / node -e 0', value: ratio(help), unit: '×', target: '≤ 4×', pass: ratio(help) <= 4 },
        { figure: 'npx dbassist --version (median of 3; npm start-up included)', value: r1(median(npx)), unit: 'ms' },
      ];
    },
  },
];
