/**
 * "What changed" on the report's first screen (analysis/changes.ts): one line that says whether anything
 * unusual changed since the same window a day or a week earlier, then the metric levels, query classes,
 * parameter changes and RDS events that moved, each in a short list. Empty when the report did not compare.
 */
import type { Changes } from '../analysis/changes';
import { formatTime } from '../core/format';
import { escapeHtml as e } from './html-escape';
import { withCode } from './render-first-screen';

function list(title: string, items: readonly { text: string }[]): string {
  if (items.length === 0) return '';
  return `<h4>${e(title)}</h4><ul class="changes">${items.map((x) => `<li>${withCode(x.text)}</li>`).join('')}</ul>`;
}

export function changesHtml(c: Changes | undefined): string {
  if (!c) return '';
  const against = `${formatTime(c.against.start)} – ${formatTime(c.against.end)}`;
  const head = `<h3 id="changes">What changed</h3>`;
  const notes = c.notes.length > 0 ? `<p class="note">${e(c.notes.join('; '))}.</p>` : '';
  if (c.nothingUnusual) return `${head}<p class="changes-none">${e(c.summary)}</p><p class="note">Compared with ${e(against)}.</p>`;
  return [
    head,
    `<p>${e(c.headline)} (${e(against)}).</p>`,
    list('Metric levels', c.metrics),
    list('Query classes (slow log)', c.queries),
    list(
      'Parameter changes',
      c.events.filter((x) => x.kind === 'parameter'),
    ),
    list(
      'RDS events since then',
      c.events.filter((x) => x.kind === 'event'),
    ),
    notes,
  ].join('\n');
}
