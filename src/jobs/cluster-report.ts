/**
 * The cluster report: `/dbassist report gamedb1 6h` on a name that resolves to a cluster runs the
 * report pipeline (runReport, report.ts) on every member — each with its own HTML report and link —
 * reads each member's parameter group, and compares the members side by side
 * (analysis/cluster-compare.ts). Members run MEMBER_CONCURRENCY at a time within the job's deadline;
 * a member that cannot start in time, or fails, is named in the gaps and the others are still compared.
 * The worker injects live steps (cluster-live.ts); the demo and tests the simulated fleet.
 */
import { type ClusterComparison, type ClusterMemberInput, compareCluster } from '../analysis/cluster-compare';
import { describeAwsError } from '../aws/clients';
import { systemClock } from '../core/clock';
import { isUserFacing, UserFacingError } from '../core/errors';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';
import type { TimeWindow } from '../core/window';
import type { CollectionGap, InstanceMeta } from '../model/collected-data';
import type { ReportResult } from './report';

export interface ClusterSteps {
  /** Every member of the cluster, writer first. */
  members(log: Logger): Promise<InstanceMeta[]>;
  /** User-set parameters of a parameter group. */
  parameters(group: string): Promise<Record<string, string>>;
  /** One member's whole report (collect → analyse → summarise → render → publish), by `deadline`. */
  memberReport(instance: string, window: TimeWindow, log: Logger, deadline: number): Promise<ReportResult>;
}

export interface ClusterReportRequest {
  cluster: string;
  window: TimeWindow;
  log: Logger;
  deadline: number;
  now?: () => number;
}

export interface MemberOutcome {
  meta: InstanceMeta;
  report?: ReportResult;
  /** Why there is no report for this member. */
  error?: string;
}

export interface ClusterReportResult {
  cluster: string;
  windowLabel: string;
  comparison: ClusterComparison;
  members: MemberOutcome[];
  gaps: CollectionGap[];
}

/** Members reported at once: each report runs its own collectors concurrently already. */
export const MEMBER_CONCURRENCY = 3;
/** A member report is not started with less than this left before the deadline. */
export const MIN_MEMBER_MS = 20_000;
/** At most this many members are reported (Aurora allows 16 instances: the writer and 15 readers). */
export const MAX_MEMBERS = 16;

const reasonOf = (e: unknown) => (isUserFacing(e) ? e.message : redact(describeAwsError(e)));

export async function runClusterReport(req: ClusterReportRequest, steps: ClusterSteps): Promise<ClusterReportResult> {
  const now = req.now ?? systemClock.now;
  const log = req.log.child({ cluster: req.cluster, window: req.window.label });
  const all = await steps.members(log);
  if (all.length === 0) throw new UserFacingError(`RDS lists no instances in the cluster ${req.cluster}.`);
  const metas = all.slice(0, MAX_MEMBERS);
  const gaps: CollectionGap[] = [];
  if (all.length > metas.length) gaps.push({ source: 'rds', what: `${all.length - metas.length} more members`, reason: `at most ${MAX_MEMBERS} are compared` });

  const groups = [...new Set(metas.map((m) => m.parameterGroup).filter((g): g is string => g !== undefined))];
  const parametersP = Promise.allSettled(groups.map((g) => steps.parameters(g)));

  const outcomes: MemberOutcome[] = metas.map((meta) => ({ meta }));
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= outcomes.length) return;
      const o = outcomes[i]!;
      if (req.deadline - now() < MIN_MEMBER_MS) {
        o.error = 'no time left in the job for this member';
        continue;
      }
      try {
        o.report = await steps.memberReport(o.meta.instance, req.window, log.child({ member: o.meta.instance }), req.deadline);
      } catch (e) {
        o.error = reasonOf(e);
        log.warn('cluster report: a member failed', { member: o.meta.instance, error: o.error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MEMBER_CONCURRENCY, outcomes.length) }, worker));

  const parameters = new Map<string, Record<string, string>>();
  (await parametersP).forEach((r, i) => {
    if (r.status === 'fulfilled') parameters.set(groups[i]!, r.value);
    else gaps.push({ source: 'rds', what: `parameters of ${groups[i]}`, reason: reasonOf(r.reason) });
  });

  const compared: ClusterMemberInput[] = [];
  for (const o of outcomes) {
    if (!o.report) {
      gaps.push({ source: 'instance', what: `report of ${o.meta.instance}`, reason: o.error ?? 'not run' });
      continue;
    }
    // RDS's description of the member (role, class, AZ) wins over what the member report collected.
    const input: ClusterMemberInput = { meta: { ...o.report.data.instance, ...o.meta }, analysis: o.report.analysis };
    const params = o.meta.parameterGroup ? parameters.get(o.meta.parameterGroup) : undefined;
    if (params) input.parameters = params;
    compared.push(input);
  }
  if (compared.length === 0)
    throw new UserFacingError(`No member of ${req.cluster} could be reported on: ${outcomes.map((o) => `${o.meta.instance}: ${o.error}`).join('; ')}`);
  return { cluster: req.cluster, windowLabel: req.window.label, comparison: compareCluster(req.cluster, compared), members: outcomes, gaps };
}
