/** `digest` jobs: resolve the target, digest the slow log of the window, answer with the digest view. */
import { runDigest } from '../../jobs/digest';
import type { CommandJob } from '../../jobs/payload';
import { digestReply } from '../../slack/views/digest';
import type { JobRunner } from '../types';
import { resolveJobTarget } from './resolve-target';

export const run: JobRunner<CommandJob> = async (payload, ctx) => {
  const command = payload.command;
  if (command.verb !== 'digest') throw new Error(`the digest runner got a ${command.verb} job`);
  const resolved = resolveJobTarget(ctx.config.targets, command.target);
  const r = await runDigest({
    target: resolved.target,
    window: command.window,
    top: command.top,
    config: ctx.config,
    log: ctx.log,
    deadline: ctx.deadline,
    ...(resolved.instance ? { instance: resolved.instance } : {}),
  });
  const reply = digestReply(r.result, { title: `${r.scope}, last ${r.windowLabel}`, top: command.top });
  // Slack allows 50 blocks; the view uses at most 50, so the note replaces nothing when there is no room.
  if (r.truncated && reply.blocks.length < 50) {
    reply.blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `Only the first ${r.events.toLocaleString('en-US')} log events were read; try a shorter window for the full picture.` },
      ],
    });
  }
  return reply;
};
