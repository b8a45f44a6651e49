/**
 * `dbassist report <instance> <window>` against the real instance (the verb loads this file only in
 * live mode): the AWS session, the instance from RDS, and the report pipeline's `collect` step — the
 * worker's own collectors (RDS, CloudWatch, slow and error logs, Performance Insights), with
 * performance_schema, locks and sessions read from the `--db` server when one is given.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { collectReport } from '../../collectors/collect';
import { InstanceNotFoundError } from '../../collectors/rds';
import { DbUrlError, parseDbUrl } from '../../collectors/simulated/local-perfschema';
import type { Target } from '../../config/targets';
import type { ReportSteps } from '../../jobs/report';
import type { AwsOptions } from '../args';
import { CliRuntimeError, CliUsageError } from '../io';
import type { Progress } from '../progress';
import { awsCliError } from '../aws/errors';
import { type LiveInstance, resolveInstance } from '../aws/instance';
import { type AwsSession, callContext, openSession } from '../aws/session';

export interface LiveReportSource {
  session: AwsSession;
  instance: LiveInstance;
  collect: ReportSteps['collect'];
}

/** What performance_schema and the instance state are read from: the --db server, or nothing (a gap that says how). */
function databaseOf(url: string | undefined) {
  if (url === undefined)
    return {
      skip: 'not read: give --db URL, a mysql:// URL of a read-only user (through an SSH tunnel or SSM port forwarding when the instance is private)',
    } as const;
  try {
    const u = parseDbUrl(url);
    return { endpoint: { host: u.host, port: u.port }, credentials: { username: u.username, password: u.password } };
  } catch (e) {
    if (e instanceof DbUrlError) throw new CliUsageError(`--db: ${e.message}`);
    throw e;
  }
}

export async function openLiveReport(o: {
  aws: AwsOptions;
  env: Record<string, string | undefined>;
  name: string;
  db?: string;
  progress: Progress;
}): Promise<LiveReportSource> {
  const database = databaseOf(o.db);
  const session = await openSession(o.aws, o.env, RDSClient);
  o.progress.step(`finding ${o.name} in RDS (${session.region})`);
  const instance = await resolveInstance(session, o.name);
  const target: Target = { name: instance.cluster, cluster: instance.cluster, secret: '', instances: [] };
  const collect: ReportSteps['collect'] = async (c) => {
    o.progress.step(`collecting ${c.instance}: metrics, events, logs, Performance Insights${'endpoint' in database ? ', performance_schema' : ''}`);
    try {
      return await collectReport({
        target,
        instance: c.instance,
        window: c.window,
        config: { region: session.region },
        log: c.log,
        deadline: c.deadline,
        now: c.now,
        database,
        ...(c.vs ? { vs: c.vs } : {}),
      });
    } catch (e) {
      if (e instanceof InstanceNotFoundError) throw new CliRuntimeError(e.message);
      throw awsCliError(e, callContext(session, 'rds:DescribeDBInstances'));
    } finally {
      o.progress.step('analysing and writing the report');
    }
  };
  return { session, instance, collect };
}
