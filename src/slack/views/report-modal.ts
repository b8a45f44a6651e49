/**
 * The report modal the Home's "Report…" button opens: the channel to post in, the target (a select of
 * the configured clusters and instances, or a text input when there are more than a select holds) and
 * the window — the words of `/dbassist report <target> <window>`, which the submission runs
 * (src/slack/listeners/home.ts). Pure.
 */
import type { KnownBlock, View } from '@slack/types';
import { clip } from '../text';

export const REPORT_MODAL = 'report_modal';
export const REPORT_FIELD = { channel: 'channel', target: 'target', window: 'window' } as const;
/** Windows offered, as the grammar reads them. */
export const REPORT_WINDOWS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '30m', label: 'Last 30 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];
const SELECT_MAX = 100;

const plain = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 150) });

export function reportModal(names: string[]): View {
  const windows = REPORT_WINDOWS.map((w) => ({ text: plain(w.label), value: w.value }));
  const target: KnownBlock =
    names.length > 0 && names.length <= SELECT_MAX
      ? {
          type: 'input',
          block_id: REPORT_FIELD.target,
          label: plain('Cluster or instance'),
          element: {
            type: 'static_select',
            action_id: REPORT_FIELD.target,
            placeholder: plain('Choose one'),
            options: names.map((n) => ({ text: plain(clip(n, 75)), value: clip(n, 150) })),
          },
        }
      : {
          type: 'input',
          block_id: REPORT_FIELD.target,
          label: plain('Cluster or instance'),
          element: { type: 'plain_text_input', action_id: REPORT_FIELD.target, max_length: 63, placeholder: plain('gamedb1 or gamedb1-2') },
        };
  return {
    type: 'modal',
    callback_id: REPORT_MODAL,
    title: plain('Performance report'),
    submit: plain('Report'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: REPORT_FIELD.channel,
        label: plain('Post the report in'),
        element: {
          type: 'conversations_select',
          action_id: REPORT_FIELD.channel,
          placeholder: plain('Choose a channel'),
          response_url_enabled: true,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
      target,
      {
        type: 'input',
        block_id: REPORT_FIELD.window,
        label: plain('Window'),
        element: { type: 'static_select', action_id: REPORT_FIELD.window, options: windows, initial_option: windows[1]! },
      },
    ],
  };
}
