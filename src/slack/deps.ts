/** What the ingress and its listeners are given: configuration, the hand-off to the worker, a logger, ids. */
import type { Config } from '../config/env';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import type { Handoff } from './handoff';
import type { RecentIds } from './recent-ids';

export interface IngressDeps {
  config: Config;
  handoff: Handoff;
  log: Logger;
  /** Event ids seen by this container. */
  recentEvents?: RecentIds;
  /** Job ids (tests). */
  newId?: () => string;
  /** Clock for job timestamps and the recent-id window (tests). */
  clock?: Clock;
}

/** IngressDeps with the defaults filled in, as every listener receives them. */
export type ListenerDeps = Required<Pick<IngressDeps, 'config' | 'handoff' | 'log' | 'recentEvents' | 'newId' | 'clock'>>;
