/**
 * The subscribe modal (views.open): `/dbassist subscribe` without a pattern and the Home's
 * "Subscribe…" button open it. Its fields are exactly the slash command's options — channel (where
 * the command would be typed), cluster/instance/pattern, lowest severity, event categories and @here
 * — so a submission becomes the same `subscribe` command (src/slack/listeners/subscribe-modal.ts).
 * Pure.
 */
import type { KnownBlock, View } from '@slack/types';
import { ALERT_LEVELS, type AlertLevel } from '../../core/grammar';
import { clip, escapeSlack } from '../text';

export const SUBSCRIBE_MODAL = 'subscribe_modal';
/** Input block ids; `response_action: 'errors'` names them. The action id of each input is the same string. */
export const FIELD = { channel: 'channel', pattern: 'pattern', level: 'level', events: 'events', here: 'here' } as const;

/**
 * The categories the alert path gives notifications (src/alerts/parse.ts: `alarm` for CloudWatch
 * alarms; src/alerts/rds-events.ts for RDS events) that `--events` filters on; none ticked means all.
 * Checkboxes take at most 10 options.
 */
export const EVENT_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'alarm', label: 'CloudWatch alarms' },
  { value: 'failover', label: 'Failover' },
  { value: 'failure', label: 'Failure' },
  { value: 'reboot', label: 'Reboot' },
  { value: 'availability', label: 'Availability (shutdown, restart)' },
  { value: 'low-storage', label: 'Low storage' },
  { value: 'configuration-change', label: 'Configuration change' },
  { value: 'maintenance', label: 'Maintenance' },
  { value: 'read-replica', label: 'Read replica' },
  { value: 'notification', label: 'Other notifications' },
];

const LEVEL_LABEL: Record<AlertLevel, string> = { info: 'Info and above (everything)', warning: 'Warning and above', critical: 'Critical only' };

/** What the modal carries to its submission: where it was opened. */
export interface ModalOrigin {
  from: 'command' | 'home';
}

const plain = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 150) });

export function subscribeModal(o: ModalOrigin & { knownTargets: string[] }): View {
  const known = o.knownTargets.slice(0, 15).join(', ');
  const levelOptions = ALERT_LEVELS.map((l) => ({ text: plain(LEVEL_LABEL[l]), value: l }));
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: FIELD.channel,
      label: plain('Post alerts in'),
      element: {
        type: 'conversations_select',
        action_id: FIELD.channel,
        placeholder: plain('Choose a channel'),
        ...(o.from === 'command' ? { default_to_current_conversation: true } : {}),
        // The confirmation goes to the chosen channel through this URL, as the slash command's does.
        response_url_enabled: true,
        filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: false },
      },
    },
    {
      type: 'input',
      block_id: FIELD.pattern,
      label: plain('Cluster, instance or pattern'),
      element: { type: 'plain_text_input', action_id: FIELD.pattern, max_length: 63, placeholder: plain('gamedb1, gamedb1-2 or gamedb*') },
      hint: plain(clip(`A name as RDS allows it, or a pattern with * wildcards.${known ? ` Known: ${known}.` : ''}`, 1900)),
    },
    {
      type: 'input',
      block_id: FIELD.level,
      label: plain('Lowest severity posted'),
      element: { type: 'static_select', action_id: FIELD.level, options: levelOptions, initial_option: levelOptions[1]! },
    },
    {
      type: 'input',
      block_id: FIELD.events,
      optional: true,
      label: plain('Only these kinds'),
      hint: plain('None ticked: every alarm and RDS event.'),
      element: { type: 'checkboxes', action_id: FIELD.events, options: EVENT_CHOICES.map((e) => ({ text: plain(e.label), value: e.value })) },
    },
    {
      type: 'input',
      block_id: FIELD.here,
      optional: true,
      label: plain('Mentions'),
      element: { type: 'checkboxes', action_id: FIELD.here, options: [{ text: plain('@here on critical alerts'), value: 'here' }] },
    },
  ];
  return {
    type: 'modal',
    callback_id: SUBSCRIBE_MODAL,
    title: plain('Subscribe to alerts'),
    submit: plain('Subscribe'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ from: o.from } satisfies ModalOrigin),
    blocks,
  };
}

/** A modal that only says something (a refusal from the Home, where there is no channel to answer in). */
export function noticeModal(title: string, text: string): View {
  return {
    type: 'modal',
    title: plain(clip(title, 24)),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(clip(text, 2900)) } }],
  };
}
