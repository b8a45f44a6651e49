/**
 * Block Kit for a long job's progress, shown in its placeholder while it runs: who asked for what,
 * the time so far, and each stage with its state and duration (✓ metrics 2.1 s · ⏳ logs · ○ analysis).
 * Pure; the stage names and states come from the job (jobs/report-progress.ts).
 */
import type { KnownBlock } from '@slack/types';
import type { SlackReply } from '../reply';
import { escapeClip, escapeSlack, mention } from '../text';

export interface StageLine {
  stage: string;
  status: 'waiting' | 'running' | 'done' | 'failed';
  /** How long the stage took (done or failed), or has run so far. */
  ms?: number;
}

const MARK = { waiting: ':white_circle:', running: ':hourglass_flowing_sand:', done: ':white_check_mark:', failed: ':x:' } as const;

/** `12 s`, `1 min 05 s`: whole seconds are enough while waiting. */
export function formatElapsedShort(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export function progressReply(input: { what: string; user: string; stages: StageLine[]; elapsedMs: number }): SlackReply {
  const current = input.stages.find((s) => s.status === 'failed') ?? input.stages.find((s) => s.status === 'running');
  const line = input.stages
    .map((s) => `${MARK[s.status]} ${escapeSlack(s.stage)}${s.ms !== undefined && s.status !== 'waiting' ? ` ${formatElapsedShort(s.ms)}` : ''}`)
    .join('  ·  ');
  const elapsed = formatElapsedShort(input.elapsedMs);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:hourglass_flowing_sand: ${mention(input.user)} asked for ${escapeClip(input.what, 300)}. Working on it… _${elapsed}_` },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: line }] },
  ];
  return { text: escapeClip(`Working on ${input.what}… ${current ? `${current.stage}, ` : ''}${elapsed}`, 400), blocks };
}
