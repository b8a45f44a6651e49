/**
 * Terminal manners: progress on stderr only at a terminal (never in a pipe or with --quiet), drawn after
 * about a second and cleared before the answer; colour only at a terminal and never with NO_COLOR; a
 * bare verb that would wait on a terminal's stdin prints its usage instead.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { progress } from '../../src/cli/progress';
import { testIo } from '../support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-terminal-'));

/** A stream that says it is a terminal, and what was written to it. */
function tty(): PassThrough & { isTTY: true; columns: number; text: () => string } {
  const s = new PassThrough() as PassThrough & { isTTY: true; columns: number; text: () => string };
  let text = '';
  s.on('data', (c: Buffer) => (text += c.toString()));
  s.isTTY = true;
  s.columns = 80;
  s.text = () => text;
  return s;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress', () => {
  it('at a terminal: a step shows once it has run about a second, with its detail, and is cleared at the end', async () => {
    vi.useFakeTimers();
    const err = tty();
    const p = progress({ ...testIo(dir), stderr: err });
    p.step('reading /aws/rds/cluster/gamedb1/slowquery');
    await vi.advanceTimersByTimeAsync(750);
    expect(err.text()).toBe('');
    p.detail('12,400 events');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(err.text()).toContain('reading /aws/rds/cluster/gamedb1/slowquery — 12,400 events (1 s)');
    // Dim, as a note beside the answer.
    expect(err.text()).toContain('\x1b[2m');
    p.done();
    expect(err.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('a short step never shows; NO_COLOR keeps the line plain', async () => {
    vi.useFakeTimers();
    const err = tty();
    const p = progress({ ...testIo(dir, { NO_COLOR: '1' }), stderr: err });
    p.step('finding gamedb1-1 in RDS');
    await vi.advanceTimersByTimeAsync(500);
    p.step('collecting gamedb1-1');
    await vi.advanceTimersByTimeAsync(1_300);
    p.done();
    expect(err.text()).not.toContain('finding');
    expect(err.text()).toContain('collecting gamedb1-1 (1 s)');
    expect(err.text()).not.toContain('\x1b[2m');
  });

  it('nothing in a pipe, nothing with --quiet', async () => {
    vi.useFakeTimers();
    const piped = testIo(dir);
    const p = progress(piped);
    p.step('collecting');
    await vi.advanceTimersByTimeAsync(3_000);
    p.done();
    expect(piped.err()).toBe('');
    const err = tty();
    const q = progress({ ...testIo(dir), stderr: err }, { quiet: true });
    q.step('collecting');
    await vi.advanceTimersByTimeAsync(3_000);
    q.done();
    expect(err.text()).toBe('');
  });
});

describe('terminal manners of the verbs', () => {
  it('bare `review` at a terminal prints its usage instead of waiting for input (exit 2)', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const io = testIo(dir, {}, stdin);
    expect(await main(['review'], io)).toBe(2);
    expect(io.err()).toContain('dbassist review: no input: give a .sql FILE, a DIR or a quoted GLOB, or pipe it in');
    expect(io.err()).toContain('usage: dbassist review');
  });

  it('piped SQL is still read by bare `review`', async () => {
    const io = testIo(dir, {}, Readable.from(['SELECT * FROM t;\n']));
    expect(await main(['review', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out()).statements).toHaveLength(1);
  });

  it('a missing review file is named in words (exit 3)', async () => {
    const io = testIo(dir);
    expect(await main(['review', 'x.sql'], io)).toBe(3);
    expect(io.err()).toBe('dbassist review: no such file: x.sql\n');
  });

  it('the report verdict is coloured at a terminal, and plain with NO_COLOR or in a pipe', async () => {
    const coloured = { ...testIo(dir), stdout: tty() };
    expect(await main(['report', 'gamedb1-1', '1h', '--simulate', '--out', 'colour', '--quiet'], coloured)).toBe(0);
    const ESC = String.fromCharCode(27);
    const text = (coloured.stdout as ReturnType<typeof tty>).text();
    // The verdict word is wrapped in SGR codes (e.g. ESC[33mDEGRADED ESC[39m).
    expect(text.startsWith(ESC)).toBe(true);
    expect(text.replaceAll(new RegExp(`${ESC}\\[[0-9;]+m`, 'g'), '')).toMatch(/^(CRITICAL|DEGRADED|HEALTHY): /);
    const plain = { ...testIo(dir, { NO_COLOR: '1' }), stdout: tty() };
    expect(await main(['report', 'gamedb1-1', '1h', '--simulate', '--out', 'colour', '--quiet'], plain)).toBe(0);
    expect((plain.stdout as ReturnType<typeof tty>).text()).toMatch(/^(CRITICAL|DEGRADED|HEALTHY): /);
    expect((plain.stdout as ReturnType<typeof tty>).text()).not.toContain(ESC);
  });
});

describe('progress of a synchronous step', () => {
  it('tick() draws from inside a busy loop once the step has run a second, at most once per interval', () => {
    vi.useFakeTimers();
    const err = tty();
    const p = progress({ ...testIo(dir), stderr: err }, { tickMs: 250 });
    p.step('digesting slow.log');
    for (let mb = 1; mb <= 40; mb++) {
      // Each block takes 50 ms of a clock no timer can interrupt.
      vi.setSystemTime(Date.now() + 50);
      p.detail(`${mb} of 40 MB`);
      p.tick();
    }
    p.done();
    const draws = err
      .text()
      .split('\r\x1b[K')
      .filter((s) => s.includes('digesting'));
    // 2 s in all: nothing in the first second, then a redraw about every 250 ms (not one per block).
    expect(draws.length).toBeGreaterThanOrEqual(3);
    expect(draws.length).toBeLessThanOrEqual(5);
    expect(draws[0]).toMatch(/digesting slow\.log — 2\d of 40 MB \(1 s\)/);
    expect(draws.at(-1)).toMatch(/digesting slow\.log — 3\d of 40 MB \(1 s\)/);
  });
});
