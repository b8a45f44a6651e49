/** `dbassist <verb> …` — the engine behind the Slack bot, from a terminal. */
import { suggest } from '../core/suggest';
import { COMMANDS } from './commands/index';
import { type CliIo, CliRuntimeError, CliUsageError, EXIT, processIo } from './io';

async function helpText(): Promise<string> {
  const lines = ['usage: dbassist <command> [options]', '', 'commands:'];
  for (const load of Object.values(COMMANDS)) {
    const c = await load();
    lines.push(`  ${c.usage.padEnd(72)} ${c.summary}`);
  }
  lines.push('', 'exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error, 3 runtime error');
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    (verb === undefined ? io.stderr : io.stdout).write(`${await helpText()}\n`);
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = COMMANDS[verb];
  if (!load) {
    const hint = suggest(verb, Object.keys(COMMANDS));
    io.stderr.write(`dbassist: unknown command "${verb}"${hint ? ` (did you mean "${hint}"?)` : ''}\n\n${await helpText()}\n`);
    return EXIT.usage;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`usage: dbassist ${command.usage}\n${command.summary}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.stderr.write(`dbassist ${verb}: ${e.message}\nusage: dbassist ${command.usage}\n`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`dbassist ${verb}: ${e instanceof CliRuntimeError ? '' : 'error: '}${message}\n`);
    return EXIT.runtime;
  }
}
