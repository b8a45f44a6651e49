/**
 * Progress on stderr for steps that take a while: a step's line appears once it has run for about a
 * second, is redrawn in place with its elapsed time (and a detail such as events read so far), and is
 * cleared when the next step starts or the verb ends, so only the answer stays on screen. Only when
 * stderr is a terminal; never with --quiet; nothing at all in a pipe or a log file.
 */
import { systemClock } from '../core/clock';
import type { CliIo } from './io';
import { colourAllowed, isTerminal } from './terminal';

export interface Progress {
  /** The step now running (replaces the previous one). */
  step(label: string): void;
  /** A detail of the running step, e.g. `12,400 events`. */
  detail(text: string): void;
  /**
   * Redraws now if a redraw is due: for a step that keeps the event loop busy (a synchronous read), where
   * the timer cannot fire. Cheap enough to call after every block.
   */
  tick(): void;
  /** Clears the line; call before writing the answer. */
  done(): void;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** A step is shown once it has run this long (default 1 s). */
  showAfterMs?: number;
  /** Redraw interval (default 250 ms). */
  tickMs?: number;
}

const SILENT: Progress = { step() {}, detail() {}, tick() {}, done() {} };

export function progress(io: CliIo, options: ProgressOptions = {}): Progress {
  if (options.quiet || !isTerminal(io.stderr)) return SILENT;
  const showAfter = options.showAfterMs ?? 1_000;
  const tickMs = options.tickMs ?? 250;
  let drawnAt = 0;
  const out = io.stderr;
  const dim = colourAllowed(out, io.env) ? (t: string) => `\x1b[2m${t}\x1b[22m` : (t: string) => t;
  let label: string | undefined;
  let detail = '';
  let started = 0;
  let shown = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const clear = () => {
    if (shown) out.write('\r\x1b[K');
    shown = false;
  };
  const draw = () => {
    if (label === undefined) return;
    const now = systemClock.now();
    drawnAt = now;
    const elapsed = now - started;
    if (elapsed < showAfter) return;
    const columns = (out as { columns?: number }).columns ?? 80;
    let line = `${label}${detail ? ` — ${detail}` : ''} (${Math.floor(elapsed / 1000)} s)`;
    if (line.length > columns - 1) line = `${line.slice(0, Math.max(10, columns - 2))}…`;
    out.write(`\r\x1b[K${dim(line)}`);
    shown = true;
  };

  return {
    step(next) {
      clear();
      label = next;
      detail = '';
      started = systemClock.now();
      if (!timer) {
        timer = setInterval(draw, tickMs);
        // Progress never keeps the process alive.
        timer.unref?.();
      }
    },
    detail(text) {
      detail = text;
    },
    tick() {
      if (systemClock.now() - drawnAt >= tickMs) draw();
    },
    done() {
      if (timer) clearInterval(timer);
      timer = undefined;
      label = undefined;
      clear();
    },
  };
}
