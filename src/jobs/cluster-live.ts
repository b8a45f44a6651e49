/**
 * The cluster report's steps against the real fleet: members and parameters from RDS, and each
 * member's report through the worker's own report steps (report-live.ts: collectors, Bedrock, S3 and
 * a signed link per member).
 */
import { describeClusterMembers, userParameters } from '../collectors/rds';
import type { Config } from '../config/env';
import type { Target } from '../config/targets';
import type { ClusterSteps } from './cluster-report';
import { runReport } from './report';
import { type LiveReportOptions, liveReportSteps } from './report-live';

export function liveClusterSteps(config: Config, target: Target, options: LiveReportOptions = {}): ClusterSteps {
  const region = target.region ?? config.region;
  const report = liveReportSteps(config, target, options);
  return {
    members: () => describeClusterMembers({ region, cluster: target.cluster }),
    parameters: (group) => userParameters({ region, group }),
    memberReport: (instance, window, log, deadline) => runReport({ instance, window, log, deadline }, report),
  };
}
