/**
 * Block Kit rendered as plain terminal text, for the demo and for reading test failures: headers,
 * sections with fields, context lines, dividers, buttons, and mrkdwn reduced to readable text.
 */
type Block = Record<string, any>;

const EMOJI: Record<string, string> = {
  hourglass_flowing_sand: '⏳',
  warning: '⚠️',
  x: '❌',
  no_entry: '⛔',
  white_check_mark: '✅',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_blue_circle: '🔵',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  heavy_check_mark: '✔️',
  bell: '🔔',
  mute: '🔇',
  eyes: '👀',
  rotating_light: '🚨',
  mag: '🔍',
  bulb: '💡',
  bar_chart: '📊',
};

export function mrkdwnToText(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<!(here|channel)>/g, '@$1')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function textOf(t: { text?: string } | undefined): string {
  return t?.text ? mrkdwnToText(t.text) : '';
}

export function blocksToText(blocks: Block[] | undefined, fallback = ''): string {
  if (!blocks || blocks.length === 0) return mrkdwnToText(fallback);
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        out.push(`▌${textOf(b.text).toUpperCase()}`);
        break;
      case 'section': {
        if (b.text) out.push(textOf(b.text));
        if (Array.isArray(b.fields)) out.push(b.fields.map((f: { text?: string }) => textOf(f).replace(/\n/g, ' ')).join('   |   '));
        if (b.accessory?.type === 'button') out.push(`[ ${textOf(b.accessory.text)} ]`);
        break;
      }
      case 'context':
        out.push((b.elements ?? []).map((e: { text?: string }) => textOf(e)).join('  ·  '));
        break;
      case 'divider':
        out.push('────────────────────────────────────────');
        break;
      case 'actions':
        out.push((b.elements ?? []).map((e: { text?: { text?: string }; url?: string }) => `[ ${textOf(e.text)} ]${e.url ? ` → ${e.url}` : ''}`).join('  '));
        break;
      case 'rich_text':
        out.push(JSON.stringify(b.elements).slice(0, 200));
        break;
      default:
        out.push(`(${b.type})`);
    }
  }
  return out.join('\n');
}
