import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { createRng } from '../../src/collectors/simulated/random';
import { testIo } from '../support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-anomalies-'));
const T0 = Date.parse('2026-11-02T00:00:00Z');

/** 600 rows at 1 minute: `cpu` has a 12-minute incident from row 400, `hit` a dip from row 100, `flat` nothing. */
function csv(): string {
  const rng = createRng(5);
  const lines = ['timestamp,cpu,hit,"cluster.flat"'];
  for (let i = 0; i < 600; i++) {
    const cpu = 40 + rng.normal(0, 1.5) + (i >= 400 && i < 412 ? 35 : 0);
    const hit = 99.5 + rng.normal(0, 0.05) - (i >= 100 && i < 110 ? 6 : 0);
    lines.push(`${new Date(T0 + i * 60_000).toISOString()},${cpu},${hit},${i === 50 ? '' : 7}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('dbassist anomalies', () => {
  const file = join(dir, 'metrics.csv');
  writeFileSync(file, csv());

  it('prints {"anomalies":[…]} with ISO times, score, direction and a reason in words', async () => {
    const io = testIo(dir);
    expect(await main(['anomalies', 'metrics.csv', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(Object.keys(json)).toEqual(['anomalies']);
    expect(json.anomalies).toHaveLength(2);
    const [hit, cpu] = json.anomalies;
    expect(Object.keys(cpu).sort()).toEqual(['direction', 'end', 'metric', 'peak', 'reason', 'score', 'start']);
    expect(cpu).toMatchObject({
      metric: 'cpu',
      direction: 'high',
      start: new Date(T0 + 400 * 60_000).toISOString(),
      end: new Date(T0 + 411 * 60_000).toISOString(),
    });
    expect(hit).toMatchObject({
      metric: 'hit',
      direction: 'low',
      start: new Date(T0 + 100 * 60_000).toISOString(),
      end: new Date(T0 + 109 * 60_000).toISOString(),
    });
    expect(cpu.score).toBeGreaterThan(5);
    // The usual is the level in the hour before each window (usual.ts: a 10-hour file has no earlier days).
    expect(cpu.reason).toMatch(/^7\d(\.\d)? against a usual (39|40|41)(\.\d)? in the hour before$/);
    expect(hit.reason).toMatch(/^9\d(\.\d+)? against a usual 99\.\d+ in the hour before$/);
    expect(Date.parse(cpu.peak)).toBeGreaterThanOrEqual(Date.parse(cpu.start));
    expect(Date.parse(cpu.peak)).toBeLessThanOrEqual(Date.parse(cpu.end));
  });

  it('reads stdin with - and prints a text table', async () => {
    const io = testIo(dir, {}, Readable.from([csv()]));
    expect(await main(['anomalies', '-'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(/^metric\s+dir\s+start/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/\sreason$/);
    expect(lines[2]).toMatch(/^cpu\s+high\s+2026-11-02T06:40:00.000Z.* against a usual /);
  });

  it('text gives peak and usual values in the unit a known metric name carries', async () => {
    const rows = ['timestamp,CPUUtilization,ReadLatency'];
    const rng = createRng(9);
    for (let i = 0; i < 600; i++) {
      const cpu = 40 + rng.normal(0, 1.5) + (i >= 400 && i < 412 ? 35 : 0);
      const lat = 0.002 + rng.normal(0, 0.0001) + (i >= 200 && i < 212 ? 0.02 : 0);
      rows.push(`${new Date(T0 + i * 60_000).toISOString()},${cpu},${lat}`);
    }
    const io = testIo(dir, {}, Readable.from([`${rows.join('\n')}\n`]));
    expect(await main(['anomalies', '-'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(/^metric\s+dir\s+start\s+end\s+peak at\s+value\s+usual\s+reason$/);
    // ReadLatency is in seconds: shown in ms; CPUUtilization in percent.
    expect(lines.find((l) => l.startsWith('ReadLatency'))).toMatch(/\s2\d(\.\d+)? ms\s+2(\.\d+)? ms\s/);
    expect(lines.find((l) => l.startsWith('CPUUtilization'))).toMatch(/\s7\d(\.\d+)? %\s+(39|40|41)(\.\d+)? %\s/);
  });

  it('rejects CSVs without a timestamp column or with text cells, and missing files', async () => {
    writeFileSync(join(dir, 'nots.csv'), 'time,cpu\n1,2\n');
    writeFileSync(join(dir, 'text.csv'), 'timestamp,cpu\n2026-11-02T00:00:00Z,abc\n');
    let io = testIo(dir);
    expect(await main(['anomalies', 'nots.csv'], io)).toBe(2);
    expect(io.err()).toContain('`timestamp` column');
    io = testIo(dir);
    expect(await main(['anomalies', 'text.csv'], io)).toBe(2);
    expect(io.err()).toContain('line 2, column cpu');
    io = testIo(dir);
    expect(await main(['anomalies', 'missing.csv'], io)).toBe(3);
    expect(io.err()).toBe('dbassist anomalies: no such file: missing.csv\n');
    io = testIo(dir);
    expect(await main(['anomalies', '.'], io)).toBe(3);
    expect(io.err()).toBe('dbassist anomalies: . is a directory, not a CSV file\n');
  });
});
