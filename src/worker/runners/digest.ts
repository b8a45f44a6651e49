/**
 * `digest` jobs: resolve the target, digest the slow log of the window, answer with the digest view.
 * A digest too long for one Slack message is answered with what fits and a link to the whole digest
 * (pt-query-digest layout), published as a page beside the reports.
 */
import { dateNow } from '../../core/clock';
import { renderDigestText } from '../../digest/text-report';
import { runDigest } from '../../jobs/digest';
import type { CommandJob } from '../../jobs/payload';
import { livePagePublisher, type PagePublisher } from '../../jobs/publish-page';
import { digestReply } from '../../slack/views/digest';
import type { JobRunner } from '../types';
import { resolveJobTarget } from './resolve-target';

export function makeDigestRunner(publishPage?: PagePublisher): JobRunner<CommandJob> {
  return async (payload, ctx) => {
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
    const options = { title: `${r.scope}, last ${r.windowLabel}`, top: command.top };
    let reply = digestReply(r.result, options);
    const publish = publishPage ?? livePagePublisher(ctx.config);
    if (reply.omitted && publish) {
      try {
        const page = await publish({
          name: r.scope,
          title: `Slow-query digest — ${options.title}`,
          text: renderDigestText(r.result),
          file: 'result.txt',
          generatedAt: dateNow(ctx.clock),
        });
        reply = digestReply(r.result, { ...options, fullResultUrl: page.url });
      } catch (e) {
        ctx.log.warn('digest: could not publish the whole digest', { error: e });
      }
    }
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
}

export const run = makeDigestRunner();
