/** `dbassist instances`: the targets configured in DBASSIST_TARGETS (names only, never secrets). */
import { parseTargets } from '../../config/targets';
import { formatOption, parseArgs } from '../args';
import { CliUsageError, EXIT } from '../io';
import type { CliCommand } from './index';

export const command: CliCommand = {
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['format'] });
    const format = formatOption(args);
    const problems: string[] = [];
    const targets = parseTargets(io.env.DBASSIST_TARGETS, problems);
    if (problems.length > 0) throw new CliUsageError(problems.join('; '));
    const list = [...targets.values()].map((t) => ({ name: t.name, cluster: t.cluster, instances: t.instances, database: t.database ?? null }));
    if (format === 'json') io.stdout.write(`${JSON.stringify({ targets: list }, null, 2)}\n`);
    else if (list.length === 0) io.stdout.write('No targets configured. Set DBASSIST_TARGETS (see README.md, "Configuration").\n');
    else for (const t of list) io.stdout.write(`${t.name}\tcluster=${t.cluster}\tinstances=${t.instances.join(',') || '(discovered)'}\n`);
    return EXIT.ok;
  },
};
