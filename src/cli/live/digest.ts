/**
 * `dbassist digest <instance> <window>`: the instance's slow log read from CloudWatch Logs (Aurora
 * exports it to `/aws/rds/cluster/<cluster>/slowquery`, one stream per instance), page by page into
 * the same digest engine as a file, so memory stays one page whatever the window holds.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { isMissingLogGroup, slowLogGroup, slowQueryEventPages } from '../../collectors/logs';
import { type CloudWatchSlowEvent, type DigestInputOptions, type DigestResult, digestCloudWatchPages } from '../../digest/index';
import type { AwsOptions } from '../args';
import { CliRuntimeError } from '../io';
import type { Progress } from '../progress';
import { awsCliError } from '../aws/errors';
import { type LiveInstance, resolveInstance } from '../aws/instance';
import { callContext, openSession } from '../aws/session';

export interface LiveDigest {
  instance: LiveInstance;
  region: string;
  logGroup: string;
  events: number;
  result: DigestResult;
}

export async function digestLive(o: {
  aws: AwsOptions;
  env: Record<string, string | undefined>;
  name: string;
  window: { start: Date; end: Date };
  options: DigestInputOptions;
  progress: Progress;
}): Promise<LiveDigest> {
  const session = await openSession(o.aws, o.env, RDSClient);
  o.progress.step(`finding ${o.name} in RDS (${session.region})`);
  const instance = await resolveInstance(session, o.name);
  const logGroup = slowLogGroup(instance.cluster);
  o.progress.step(`reading ${logGroup} (${instance.instance})`);
  let events = 0;
  const pages = slowQueryEventPages({ region: session.region, cluster: instance.cluster, instance: instance.instance, window: o.window });
  async function* counted(): AsyncGenerator<CloudWatchSlowEvent[]> {
    for await (const page of pages) {
      events += page.length;
      o.progress.detail(`${events.toLocaleString('en-US')} events`);
      yield page;
    }
  }
  try {
    const result = await digestCloudWatchPages(counted(), o.options);
    return { instance, region: session.region, logGroup, events, result };
  } catch (e) {
    if (isMissingLogGroup(e))
      throw new CliRuntimeError(
        `no slow log in CloudWatch Logs for ${instance.cluster}: ${logGroup} does not exist in ${session.region}. Turn on slow_query_log in the cluster parameter group and export the slow query log (aws rds modify-db-cluster --db-cluster-identifier ${instance.cluster} --cloudwatch-logs-export-configuration '{"EnableLogTypes":["slowquery"]}')`,
      );
    throw awsCliError(e, callContext(session, 'logs:FilterLogEvents'));
  }
}
