/**
 * Terminal manners shared by the verbs: whether a stream is a terminal, colour (only on a terminal,
 * never with NO_COLOR or TERM=dumb), and what a verb that reads stdin does when stdin is a terminal
 * (asks for input instead of waiting on it).
 */
import { type CliIo, CliUsageError } from './io';

export function isTerminal(stream: unknown): boolean {
  return (stream as { isTTY?: boolean } | undefined)?.isTTY === true;
}

/** NO_COLOR (https://no-color.org): set and not empty turns colour off. */
export function colourAllowed(stream: unknown, env: Record<string, string | undefined>): boolean {
  return isTerminal(stream) && !env.NO_COLOR && env.TERM !== 'dumb';
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

/** Colours for text written to `stream`: ANSI on a terminal that allows it, the text unchanged otherwise. */
export function styleFor(stream: unknown, env: Record<string, string | undefined>): Style {
  if (!colourAllowed(stream, env)) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39) };
}

/** A severity or verdict word in its colour: red for critical/high, yellow for medium/degraded, green for healthy. */
export function severityStyle(style: Style, level: string): (text: string) => string {
  switch (level.toLowerCase()) {
    case 'critical':
      return (t) => style.bold(style.red(t));
    case 'high':
      return style.red;
    case 'medium':
    case 'degraded':
    case 'warning':
      return style.yellow;
    case 'healthy':
    case 'ok':
      return style.green;
    default:
      return plain;
  }
}

/**
 * For a verb about to read stdin because no input was named: at a terminal nothing would arrive until
 * Ctrl-D, so it stops with its usage instead (exit 2). Piped input is read as usual.
 */
export function stdinOrUsage(io: CliIo, what: string): void {
  if (isTerminal(io.stdin)) throw new CliUsageError(`no input: give ${what}, or pipe it in (- reads the terminal until Ctrl-D)`);
}

/** For an explicit `-` at a terminal: say that the verb is waiting for typed input, and how to end it. */
export function noteTerminalInput(io: CliIo, verb: string): void {
  if (isTerminal(io.stdin) && isTerminal(io.stderr)) io.stderr.write(`dbassist ${verb}: reading from the terminal; end with Ctrl-D\n`);
}
