/**
 * The reports each user asked for, newest first, for their App Home: `recent-reports/<user>.json` in
 * the StateStore, at most MAX_RECENT_REPORTS entries (older ones fall off). Written by the report
 * runner next to the follow-up context; each entry names the channel and thread the report went to,
 * so the Home can link to it and show it only where the access policy still lets the user see it.
 */
import { type StateStore, update } from '../state/store';

export interface RecentReport {
  instance: string;
  windowLabel: string;
  /** The report's verdict level (ok, degraded, critical…). */
  level: string;
  channel: string;
  threadTs: string;
  /** ISO time the report was posted. */
  at: string;
  reportUrl?: string;
}

export interface RecentReports {
  reports: RecentReport[];
}

export const MAX_RECENT_REPORTS = 10;
const USER_ID = /^[UW][A-Z0-9]{1,30}$/;

export function recentReportsKey(user: string): string {
  if (!USER_ID.test(user)) throw new Error('invalid user id');
  return `recent-reports/${user}.json`;
}

/** Adds a report to the user's list (the same thread once), keeping the newest MAX_RECENT_REPORTS. */
export async function recordRecentReport(store: StateStore, user: string, report: RecentReport): Promise<void> {
  await update<RecentReports>(store, recentReportsKey(user), (cur) => {
    const others = (cur?.reports ?? []).filter((r) => !(r.channel === report.channel && r.threadTs === report.threadTs));
    return { reports: [report, ...others].slice(0, MAX_RECENT_REPORTS) };
  });
}

/** The user's recent reports, newest first; none for a user id that is not one. */
export async function listRecentReports(store: StateStore, user: string): Promise<RecentReport[]> {
  if (!USER_ID.test(user)) return [];
  return (await store.get<RecentReports>(recentReportsKey(user)))?.value.reports ?? [];
}
