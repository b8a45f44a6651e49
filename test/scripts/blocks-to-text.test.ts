import { describe, expect, it } from 'vitest';
import { blocksToText } from '../../scripts/lib/blocks-to-text';

describe('Block Kit as terminal text', () => {
  it('renders headers, sections, fields, context and buttons readably', () => {
    const text = blocksToText([
      { type: 'header', text: { type: 'plain_text', text: 'Degraded' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: ':warning: CPU &gt; 90% for <@U1>' },
        fields: [
          { type: 'mrkdwn', text: '*p95*\n93%' },
          { type: 'mrkdwn', text: '*max* 99%' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'see <https://x.test/r/1|the report> at <!date^1700000000^{time}|22:13 UTC>' }] },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open report' }, url: 'https://x.test/r/1' }] },
    ]);
    expect(text.split('\n')).toEqual([
      '▌DEGRADED',
      '⚠️ CPU > 90% for @U1',
      '*p95* 93%   |   *max* 99%',
      'see the report (https://x.test/r/1) at 22:13 UTC',
      '[ Open report ] → https://x.test/r/1',
    ]);
  });

  it('falls back to the message text without blocks', () => {
    expect(blocksToText(undefined, 'plain &amp; simple')).toBe('plain & simple');
  });
});
