/**
 * `dbassist <verb> …` — the engine behind the Slack bot, from a terminal. This module answers `help`,
 * `--version` and usage errors itself and loads a verb's code only to run it (see commands/index.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUserFacing } from '../core/errors';
import { suggest } from '../core/suggest';
import { COMMANDS, type CliVerb } from './commands/index';
import { type CliIo, EXIT, isUsageError, processIo } from './io';

function helpText(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = ['usage: dbassist <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(width)}  ${c.summary}`);
  lines.push(
    '',
    'dbassist help <command>    options and examples of a command (also: dbassist <command> --help)',
    'dbassist --version         the version',
    '',
    'exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error, 3 runtime error',
  );
  return lines.join('\n');
}

function verbHelp(verb: CliVerb): string {
  return `usage: dbassist ${verb.usage}\n\n${verb.summary}\n\n${verb.details}\n`;
}

/** The package's version: package.json sits two levels up from src/cli and from the built dist/cli. */
export function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function verbNamed(name: string): CliVerb | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

function unknownVerb(word: string, io: CliIo): number {
  const hint = suggest(word, Object.keys(COMMANDS));
  io.stderr.write(`dbassist: unknown command "${word}"${hint ? ` (did you mean "${hint}"?)` : ''}\n\n${helpText()}\n`);
  return EXIT.usage;
}

/** `--help`/`-h` among the verb's own arguments (not after `--`, where it would be a file name). */
function asksForHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined) {
    io.stderr.write(`${helpText()}\n`);
    return EXIT.usage;
  }
  if (word === '--version' || word === '-V' || word === 'version') {
    io.stdout.write(`dbassist ${version()}\n`);
    return EXIT.ok;
  }
  if (word === 'help' || word === '--help' || word === '-h') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout.write(`${helpText()}\n`);
      return EXIT.ok;
    }
    const verb = verbNamed(topic);
    if (!verb) return unknownVerb(topic, io);
    io.stdout.write(verbHelp(verb));
    return EXIT.ok;
  }
  const verb = verbNamed(word);
  if (!verb) return unknownVerb(word, io);
  if (asksForHelp(rest)) {
    io.stdout.write(verbHelp(verb));
    return EXIT.ok;
  }
  try {
    const command = await verb.load();
    return await command.run(rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(`dbassist ${word}: ${e.message}\nusage: dbassist ${verb.usage}\n(dbassist help ${word} for options and examples)\n`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    // A user-facing error (CliRuntimeError, or one a collector or publisher wrote for the user) is shown as
    // written; anything else is unexpected and says so.
    io.stderr.write(`dbassist ${word}: ${isUserFacing(e) ? '' : 'error: '}${message}\n`);
    return EXIT.runtime;
  }
}
