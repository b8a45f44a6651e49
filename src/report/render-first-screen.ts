/**
 * The report's first screen: the likely cause in one line with its confidence and incident, the evidence
 * with times, the top three actions, the incident timeline (incidents and labelled events on one strip,
 * then in words) and the other possible causes. A healthy window says so plainly.
 */
import type { Cause, Incident } from '../analysis/cause-types';
import { eventKind } from '../analysis/load-attribution';
import { findingCounts, otherCauses, topActions } from '../analysis/report-lines';
import { symptomGroupOf } from '../analysis/symptoms';
import type { ReportAnalysis } from '../analysis/types';
import { formatLevel, formatTime, formatValue } from '../core/format';
import { eventMarkersSvg, timeTicksSvg, type EventMarker } from './chart-axes';
import { escapeHtml as e } from './html-escape';
import type { CollectedData, RdsEventRecord } from '../model/collected-data';
import { f1 } from './svg-chart';

/** Escaped text with `code` spans (statements in summaries) turned into <code>. */
export function withCode(text: string): string {
  return e(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** A few words for an event marker: "gamedb1-2 shutdown", "backup", "high CPU". */
export function eventLabel(ev: RdsEventRecord, instance: string): string {
  const who = ev.sourceId === instance ? '' : `${ev.sourceId} `;
  const m = ev.message;
  const word = /fail ?over/i.test(m)
    ? 'failover'
    : /shut ?down/i.test(m)
      ? 'shutdown'
      : /restart/i.test(m)
        ? 'restart'
        : /reboot/i.test(m)
          ? 'reboot'
          : /finished backing up/i.test(m)
            ? 'backup done'
            : /backing up|backup/i.test(m)
              ? 'backup'
              : /high cpu/i.test(m)
                ? 'high CPU'
                : /parameter/i.test(m)
                  ? 'parameter change'
                  : m.split(/\s+/).slice(0, 3).join(' ');
  return `${eventKind(ev) === 'backup' ? '' : who}${word}`.trim();
}

export function eventMarkers(data: CollectedData): EventMarker[] {
  return data.events.map((ev) => ({
    time: ev.time,
    label: eventLabel(ev, data.instance.instance),
    title: `${formatTime(ev.time)} ${ev.sourceId}: ${ev.message}`,
  }));
}

function symptomWords(inc: Incident): string {
  return inc.symptoms
    .filter((s) => s.severity !== 'low' || (s.ratio ?? 1) >= 1.5)
    .slice(0, 4)
    .map((s) => {
      const label = symptomGroupOf(s.metric)?.label ?? s.metric;
      return s.ratio && s.ratio >= 1.3 && symptomGroupOf(s.metric)?.metrics[s.metric] === 'high'
        ? `${label} ${formatLevel(s.ratio)}×`
        : `${label} ${formatValue(s.peak, s.unit)}`;
    })
    .join(', ');
}

function timelineSvg(data: CollectedData, incidents: readonly Incident[]): string {
  const width = 640;
  const height = 62;
  const left = 8;
  const right = 8;
  const top = 16;
  const barH = 14;
  const start = Date.parse(data.window.start);
  const end = Date.parse(data.window.end);
  const span = Math.max(end - start, 1);
  const xOf = (t: number) => left + Math.min(width - left - right, Math.max(0, ((t - start) / span) * (width - left - right)));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" viewBox="0 0 ${width} ${height}" role="img" aria-label="incident timeline">`];
  parts.push(`<rect class="plot" x="${left}" y="${top}" width="${width - left - right}" height="${barH}"/>`);
  for (const inc of incidents) {
    const x0 = xOf(Date.parse(inc.start));
    const x1 = Math.max(xOf(Date.parse(inc.end)), x0 + 4);
    parts.push(
      `<rect class="band sev-band-${e(inc.severity)}" x="${f1(x0)}" y="${top}" width="${f1(x1 - x0)}" height="${barH}"><title>${e(`${inc.id}: ${formatTime(inc.start)} – ${formatTime(inc.end)}`)}</title></rect><text class="incident-label" x="${f1(Math.min(x0, width - right - 20))}" y="${top - 4}">${e(inc.id)}</text>`,
    );
  }
  // Event lines across the bar, their labels under it; the time axis at the bottom.
  parts.push(
    eventMarkersSvg(
      eventMarkers(data).filter((m) => !/^backup/.test(m.label)),
      xOf,
      top,
      top + barH,
      start,
      end,
      { labelGap: 110, labelY: top + barH + 13 },
    ),
  );
  parts.push(timeTicksSvg(start, end, xOf, left, width - right, top + barH, height - 2));
  parts.push('</svg>');
  return parts.join('');
}

function timelineList(data: CollectedData, a: ReportAnalysis): string {
  type Row = { t: number; html: string };
  const rows: Row[] = [];
  for (const inc of a.incidents) {
    const cause = a.causes.find((c) => c.incidentId === inc.id);
    rows.push({
      t: Date.parse(inc.start),
      html: `<time>${e(formatTime(inc.start))}–${e(formatTime(inc.end).slice(-5))}</time> <strong>${e(inc.id)}</strong> <span class="sev sev-${e(inc.severity)}">${e(inc.severity)}</span>${inc.ongoing ? ' <span class="badge">still going at the end</span>' : ''} ${e(symptomWords(inc))}${cause ? ` — likely ${e(cause.kind)}` : ''}`,
    });
  }
  for (const ev of data.events) {
    if (eventKind(ev) === 'backup') continue;
    rows.push({ t: Date.parse(ev.time), html: `<time>${e(formatTime(ev.time))}</time> ${e(ev.sourceId)}: ${e(ev.message)}` });
  }
  const backups = data.events.filter((ev) => eventKind(ev) === 'backup').length;
  rows.sort((x, y) => x.t - y.t);
  return `<ol class="timeline">${rows.map((r) => `<li>${r.html}</li>`).join('')}${backups > 0 ? `<li class="note">${backups} backup event${backups === 1 ? '' : 's'} not listed</li>` : ''}</ol>`;
}

function evidenceList(c: Cause): string {
  return `<ul class="evidence">${c.evidence.map((x) => `<li>${x.at && !x.text.includes(formatTime(x.at)) ? `<time>${e(formatTime(x.at))}</time> ` : ''}${withCode(x.text)}</li>`).join('')}</ul>`;
}

export function firstScreenHtml(data: CollectedData, a: ReportAnalysis): string {
  const top = a.causes[0];
  const level = a.verdict.level;
  const parts: string[] = [];
  if (top) {
    const inc = a.incidents.find((i) => i.id === top.incidentId)!;
    parts.push(
      `<div class="verdict ${e(level)}"><div class="level">${e(level)} · likely cause: ${e(top.kind)}</div><p class="cause">${withCode(top.summary)}</p><p class="meta">${e(top.confidence)} confidence · incident ${e(inc.id)}, ${e(formatTime(inc.start))} – ${e(formatTime(inc.end))}${inc.ongoing ? ' (still going at the end of the window)' : ''}</p></div>`,
    );
    parts.push(
      `<div class="first-grid"><div><h3>Evidence</h3>${evidenceList(top)}</div><div><h3>Do this first</h3><ol class="actions">${topActions(a)
        .map((x) => `<li>${withCode(x)}</li>`)
        .join('')}</ol></div></div>`,
    );
  } else {
    const incident = a.incidents[0];
    parts.push(
      `<div class="verdict ${e(level)}"><div class="level">${e(level)}</div><p class="cause">${e(incident ? `Incident ${incident.id} (${formatTime(incident.start)} – ${formatTime(incident.end)}): nothing collected explains it with confidence.` : a.verdict.reason === 'no findings in the window' ? 'No incident in this window.' : `No incident in this window (${a.verdict.reason}).`)}</p></div>`,
    );
    const actions = topActions(a);
    if (actions.length > 0) parts.push(`<h3>Do this first</h3><ol class="actions">${actions.map((x) => `<li>${withCode(x)}</li>`).join('')}</ol>`);
  }
  parts.push(`<h3>Timeline</h3>${timelineSvg(data, a.incidents)}${timelineList(data, a)}`);
  const others = a.causes.slice(1);
  if (others.length > 0)
    parts.push(
      `<h3>Also possible</h3><p class="note">${e(otherCauses(a))}</p><ul class="others">${others.map((c) => `<li><strong>${e(c.kind)}</strong> (${e(c.confidence)}, ${e(c.incidentId)}): ${withCode(c.summary)}</li>`).join('')}</ul>`,
    );
  parts.push(`<p class="note">${e(findingCounts(a))} — see <a href="#symptoms">Symptoms</a>.</p>`);
  return parts.join('\n');
}
