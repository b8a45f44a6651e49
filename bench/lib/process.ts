/**
 * Whole-process measurements for benchmarks: a command run under GNU time (Debian package `time`), which
 * reports the wall time, the user and system CPU time of the process and its threads, and its peak RSS.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessRun {
  /** Seconds. */
  wall: number;
  /** User + system CPU seconds, all threads. */
  cpu: number;
  /** Peak resident set size, MB. */
  rssMb: number;
  stdout: string;
  code: number;
}

export const TIME = '/usr/bin/time';

export interface MeasureOptions {
  cwd?: string;
  stdout?: boolean;
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export async function measure(cmd: string, args: string[], options: MeasureOptions = {}): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dbassist-bench-'));
  const report = join(dir, 'time');
  try {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve, reject) => {
      const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', report, cmd, ...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', options.stdout === false ? 'ignore' : 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let err = '';
      child.stdout?.on('data', (c: Buffer) => out.push(c));
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (c) =>
        c === 0
          ? resolve({ code: c, stdout: Buffer.concat(out).toString('utf8') })
          : reject(new Error(`${cmd} ${args.join(' ')} exited ${c}: ${err.slice(0, 400)}`)),
      );
    });
    const [wall, user, sys, kb] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wall: wall!, cpu: user! + sys!, rssMb: kb! / 1024, stdout, code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median of each figure of some runs of one command (the last run's stdout), with the runs. */
export function medianRun(runs: ProcessRun[]): ProcessRun & { runs: ProcessRun[] } {
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rssMb: median(runs.map((r) => r.rssMb)),
    stdout: runs.at(-1)!.stdout,
    code: 0,
    runs,
  };
}

/** Runs `n` times and keeps the median of each figure (the last run's stdout). */
export async function medianOf(n: number, cmd: string, args: string[], options: MeasureOptions = {}): Promise<ProcessRun & { runs: ProcessRun[] }> {
  const runs: ProcessRun[] = [];
  for (let i = 0; i < n; i++) runs.push(await measure(cmd, args, options));
  return medianRun(runs);
}

/** Whether pt-query-digest (Debian percona-toolkit) is installed. */
export function hasPtQueryDigest(): boolean {
  try {
    execFileSync('pt-query-digest', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
