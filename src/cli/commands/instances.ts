/**
 * `dbassist instances`: the targets configured in DBASSIST_TARGETS (names only, never secrets); with
 * `--live`, the Aurora MySQL clusters and instances the AWS credentials can see (live/instances.ts,
 * loaded only then).
 */
import { parseTargets } from '../../config/targets';
import { AWS_VALUES, awsOptions, formatOption, parseArgs } from '../args';
import { CliUsageError, EXIT } from '../io';
import { progress } from '../progress';
import type { CliCommand } from './index';

export const command: CliCommand = {
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['format', ...AWS_VALUES], switches: ['live', 'quiet'] });
    const format = formatOption(args);
    if (args.positional.length > 0) throw new CliUsageError(`instances takes no arguments, not ${args.positional[0]!.slice(0, 40)}`);
    const aws = awsOptions(args);
    if (!args.has('live') && (aws.profile || aws.region)) throw new CliUsageError('--profile and --region go with --live (the AWS account to list)');

    if (args.has('live')) {
      const p = progress(io, { quiet: args.has('quiet') });
      const { listLive } = await import('../live/instances');
      let listed: Awaited<ReturnType<typeof listLive>>;
      try {
        listed = await listLive({ aws, env: io.env, progress: p });
      } finally {
        p.done();
      }
      const { session, clusters } = listed;
      if (format === 'json') io.stdout.write(`${JSON.stringify({ region: session.region, clusters }, null, 2)}\n`);
      else if (clusters.length === 0)
        io.stdout.write(`No Aurora MySQL clusters visible in ${session.region}${session.profile ? ` for profile ${session.profile}` : ''}.\n`);
      else {
        const lines: string[] = [];
        for (const c of clusters) {
          lines.push(`${c.name}\t${c.engine} ${c.version ?? ''}\t${c.status ?? ''}`.trimEnd());
          for (const i of c.instances) lines.push(`  ${i.name}\t${i.role}\t${i.class ?? '?'}\t${i.status ?? '?'}\t${i.availabilityZone ?? ''}`.trimEnd());
        }
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      return EXIT.ok;
    }

    const problems: string[] = [];
    const targets = parseTargets(io.env.DBASSIST_TARGETS, problems);
    if (problems.length > 0) throw new CliUsageError(problems.join('; '));
    const list = [...targets.values()].map((t) => ({ name: t.name, cluster: t.cluster, instances: t.instances, database: t.database ?? null }));
    if (format === 'json') io.stdout.write(`${JSON.stringify({ targets: list }, null, 2)}\n`);
    else if (list.length === 0)
      io.stdout.write(
        'No targets configured. Set DBASSIST_TARGETS (see README.md, "Configuration"), or list what your AWS credentials can see: dbassist instances --live\n',
      );
    else for (const t of list) io.stdout.write(`${t.name}\tcluster=${t.cluster}\tinstances=${t.instances.join(',') || '(discovered)'}\n`);
    return EXIT.ok;
  },
};
