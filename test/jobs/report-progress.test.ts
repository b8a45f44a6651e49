/** The collection stages of a report's progress: a stage is done when the last of its collectors settles. */
import { describe, expect, it } from 'vitest';
import { collectionTracker, type StageEvent } from '../../src/jobs/report-progress';

describe('collectionTracker', () => {
  it('keeps the logs stage running until the earlier window’s slow log has settled too', () => {
    const events: StageEvent[] = [];
    const t = collectionTracker((e) => events.push(e));
    t.start();
    for (const c of ['metrics', 'slowLog', 'earlierSlowLog', 'errorLog']) t.onCollector(c, 'queued');
    t.onCollector('slowLog', 'done');
    t.onCollector('errorLog', 'failed');
    expect(events.filter((e) => e.stage === 'logs')).toEqual([{ stage: 'logs', status: 'running' }]);
    t.onCollector('earlierSlowLog', 'done');
    expect(events.filter((e) => e.stage === 'logs')).toEqual([
      { stage: 'logs', status: 'running' },
      { stage: 'logs', status: 'done' },
    ]);
  });

  it('counts the earlier window’s events in the metrics stage, and finish() closes what no collector closed', () => {
    const events: StageEvent[] = [];
    const t = collectionTracker((e) => events.push(e));
    t.start();
    for (const c of ['metrics', 'earlierEvents']) t.onCollector(c, 'queued');
    t.onCollector('metrics', 'done');
    expect(events.some((e) => e.stage === 'metrics' && e.status === 'done')).toBe(false);
    t.onCollector('earlierEvents', 'done');
    t.finish();
    expect(events.filter((e) => e.status === 'done').map((e) => e.stage)).toEqual(['metrics', 'logs', 'database']);
  });
});
