/**
 * runReport's straight line with injected steps (what the CLI and the demo inject): the simulated
 * fleet, the deterministic summary and a directory. Each step runs once, in order, and the HTML is
 * rendered once, with the summary in it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportFallback } from '../../src/ai/fallback';
import { simulatedCollect } from '../../src/collectors/simulated/collect';
import { UserFacingError } from '../../src/core/errors';
import { createLogger } from '../../src/core/log';
import { parseWindow } from '../../src/core/window';
import { runReport, type ReportSteps } from '../../src/jobs/report';
import { directoryPublisher } from '../../src/publish/directory';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger({}, () => undefined);
const now = new Date('2026-11-20T12:00:00Z');

function steps(calls: string[], over: Partial<ReportSteps> = {}): ReportSteps {
  const collect = simulatedCollect({ seed: 7 });
  const publish = directoryPublisher((r) => join(dir, r.instance));
  return {
    chooseInstance: async () => {
      calls.push('chooseInstance');
      return 'gamedb1-1';
    },
    collect: async (c) => {
      calls.push('collect');
      return collect(c);
    },
    summarize: async (input) => {
      calls.push('summarize');
      return reportFallback(input, { source: 'off', note: 'summary written by the test' });
    },
    publish: async (p) => {
      calls.push('publish');
      return publish(p);
    },
    publishing: 'report files',
    ...over,
  };
}

describe('runReport', () => {
  it('collect → summarise → publish, once each; the published HTML carries the summary', async () => {
    const calls: string[] = [];
    const r = await runReport({ window: parseWindow('6h'), log, deadline: Date.now() + 60_000, now }, steps(calls));
    expect(calls).toEqual(['chooseInstance', 'collect', 'summarize', 'publish']);
    expect(r.instance).toBe('gamedb1-1');
    expect(r.data.window).toMatchObject({ start: '2026-11-20T06:00:00.000Z', end: '2026-11-20T12:00:00.000Z', label: '6h' });
    expect(r.ai?.source).toBe('off');
    expect(r.published?.location).toBe(join(dir, 'gamedb1-1'));
    expect(r.published?.files.at(-1)).toBe(join(dir, 'gamedb1-1', 'report.html'));
    const html = readFileSync(join(dir, 'gamedb1-1', 'report.html'), 'utf8');
    expect(html).toBe(r.html);
    expect(html).toContain('summary written by the test');
    // Relative links to its own files, which work from a directory.
    expect(html).toContain('href="metrics.csv"');
    for (const f of ['metrics.csv', 'top-sql.sql', 'digest.json']) expect(existsSync(join(dir, 'gamedb1-1', f))).toBe(true);
  });

  it('a named instance skips chooseInstance; a failed summary and a failed publish are gaps, not failures', async () => {
    const calls: string[] = [];
    const r = await runReport(
      { instance: 'gamedb2-3', window: parseWindow('1h'), log, deadline: Date.now() + 60_000, now },
      steps(calls, {
        summarize: async () => Promise.reject(new Error('ThrottlingException from 10.0.0.9')),
        publish: async () => Promise.reject(new UserFacingError('the disk is full')),
      }),
    );
    expect(calls).toEqual(['collect']);
    expect(r.instance).toBe('gamedb2-3');
    expect(r.ai).toBeUndefined();
    expect(r.published).toBeUndefined();
    expect(r.gaps).toContainEqual({ source: 'ai', what: 'AI summary', reason: 'ThrottlingException from [ip]' });
    expect(r.gaps).toContainEqual({ source: 'publish', what: 'report files', reason: 'the disk is full' });
    expect(r.html).toContain('No AI summary');
  });

  it('no time left for the summary: a gap, and the report still goes out', async () => {
    const calls: string[] = [];
    const r = await runReport({ instance: 'gamedb1-1', window: parseWindow('1h'), log, deadline: Date.now() + 5_500, now }, steps(calls));
    expect(calls).toEqual(['collect', 'publish']);
    expect(r.gaps).toContainEqual({ source: 'ai', what: 'AI summary', reason: 'no time left for the summary' });
  });

  it('a collection failure fails the job', async () => {
    const err = await runReport(
      { instance: 'gamedb1-1', window: parseWindow('1h'), log, deadline: Date.now() + 60_000, now },
      steps([], { collect: async () => Promise.reject(new UserFacingError('no such instance')) }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
  });
});

describe('directoryPublisher', () => {
  it('turns a write failure into a user-facing message naming the directory', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const publish = directoryPublisher(() => join(file, 'sub'));
    const err = await publish({ instance: 'i', generatedAt: now, html: '<p>', artifacts: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as Error).message).toMatch(/^cannot write the report to .*a-file\/sub: (ENOTDIR|EEXIST)$/);
  });
});
