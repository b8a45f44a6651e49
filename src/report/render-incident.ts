/**
 * The report's second screen: database load by wait class with the vCPU line, the main incident's load
 * split against its usual level, the statements that carried it (only those that ran inside it), and
 * what the instance showed when it was read: blocking chains, long transactions, the history list.
 */
import type { Incident, IncidentSql } from '../analysis/cause-types';
import { age } from '../analysis/causes';
import type { ReportAnalysis } from '../analysis/types';
import { formatCount, formatDuration, formatLevel, formatTime } from '../core/format';
import { WAIT_CLASS_LABEL } from '../analysis/wait-classes';
import { escapeHtml as e } from './html-escape';
import type { InstanceState, SessionRef } from '../model/instance-state-model';
import { loadChartSvg, loadSeries } from './load-chart';
import type { CollectedData } from '../model/collected-data';
import { eventMarkers } from './render-first-screen';

const empty = (text: string) => `<p class="empty">${e(text)}</p>`;

function legend(inc: Incident | undefined, layers: readonly { cls: string; label: string }[]): string {
  const byClass = new Map(inc?.load?.byClass.map((b) => [b.cls, b]) ?? []);
  return `<p class="legend">${layers
    .map((l) => {
      const b = byClass.get(l.cls as never);
      return `<span class="sw w-${e(l.cls)}"></span>${e(l.label)}${b ? ` <span class="note">${e(formatLevel(b.aas))} in ${e(inc!.id)} (usually ${e(formatLevel(b.baseline))})</span>` : ''}`;
    })
    .join(' ')} <span class="sw vcpu-sw"></span>vCPUs</p>`;
}

export function loadHtml(data: CollectedData, a: ReportAnalysis): string {
  const series = loadSeries(data);
  const main = a.incidents.find((i) => i.id === a.causes[0]?.incidentId) ?? a.incidents[0];
  if (!series) {
    const gap = data.gaps.find((g) => g.source === 'pi');
    return empty(`No database load by wait: ${gap ? gap.reason : 'neither Performance Insights nor the DBLoad metrics were collected'}.`);
  }
  const vcpu = a.capacity?.vcpu ?? data.instance.vcpu;
  const svg = loadChartSvg({
    series,
    ...(vcpu ? { vcpu } : {}),
    start: Date.parse(data.window.start),
    end: Date.parse(data.window.end),
    incidents: a.incidents,
    events: eventMarkers(data),
  });
  const source =
    series.source === 'pi'
      ? 'Performance Insights, average active sessions by wait class'
      : 'CloudWatch DBLoadCPU / DBLoadNonCPU (turn on Performance Insights to split the waits)';
  return `<figure class="wide">${svg}<figcaption>${legend(main, series.layers)}<span class="note">${e(source)}; sessions above the vCPU line wait for CPU or for something else.</span></figcaption></figure>`;
}

function growthText(q: IncidentSql): string {
  if (q.growth === Infinity) return 'new';
  if (!Number.isFinite(q.growth)) return '–';
  return `${formatLevel(q.growth)}×`;
}

export function incidentSqlHtml(a: ReportAnalysis): string {
  const main = a.incidents.find((i) => i.id === a.causes[0]?.incidentId) ?? a.incidents[0];
  if (!main) return empty('No incident in this window, so no statements to single out.');
  if (main.sql.length === 0) return `<p class="note">${e(main.id)}, ${e(formatTime(main.start))} – ${e(formatTime(main.end))}</p>${empty(main.sqlNote)}`;
  const pi = main.sql[0]!.source === 'pi';
  const head = `<tr><th class="num">#</th><th>statement</th><th class="num">${pi ? 'active sessions' : 'time'}</th><th class="num">share</th><th class="num">vs before</th><th class="num">calls</th><th class="num">rows exam. / call</th></tr>`;
  const rows = main.sql.map(
    (q, i) =>
      `<tr><td class="num">${i + 1}</td><td><pre>${e(q.text.replace(/`/g, ''))}</pre>${
        q.byClass
          ? `<div class="detail">${e(
              Object.entries(q.byClass)
                .filter(([, v]) => (v ?? 0) >= 0.05)
                .sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0))
                .map(([k, v]) => `${WAIT_CLASS_LABEL[k as keyof typeof WAIT_CLASS_LABEL]} ${formatLevel(v ?? 0)}`)
                .join(', '),
            )}</div>`
          : ''
      }</td><td class="num">${e(pi ? formatLevel(q.load) : formatDuration(q.load * 1000))}</td><td class="num">${Math.round(q.share * 100)} %</td><td class="num">${e(growthText(q))}</td><td class="num">${q.calls !== undefined ? formatCount(q.calls) : '–'}</td><td class="num">${q.rowsExaminedPerCall !== undefined ? formatCount(q.rowsExaminedPerCall) : '–'}</td></tr>`,
  );
  return `<p class="note">${e(main.id)}, ${e(formatTime(main.start))} – ${e(formatTime(main.end))}: ${e(main.sqlNote)}.</p><div class="scroll"><table>${head}${rows.join('')}</table></div>`;
}

function who(s: SessionRef): string {
  return `${s.id} ${s.user}@${s.host.replace(/:\d+$/, '')}`;
}

function statement(s: SessionRef): string {
  if (!s.statement) return s.command === 'Sleep' ? '<span class="note">idle; last statement unknown</span>' : '–';
  return `${s.lastStatement ? '<span class="note">idle, last ran:</span> ' : ''}<code>${e(s.statement)}</code>`;
}

export function instanceStateHtml(state: InstanceState | undefined, data: CollectedData): string {
  if (!state) {
    const gap = data.gaps.find((g) => g.source === 'instance');
    return empty(`The instance was not read${gap ? `: ${gap.reason}` : ''}.`);
  }
  const parts: string[] = [`<p class="note">Read ${e(formatTime(state.at))} on the instance endpoint (${e(state.version)}).</p>`];
  if (state.chains.length === 0) parts.push('<p>No session is blocked.</p>');
  for (const c of state.chains.slice(0, 5)) {
    const direct = c.waits.filter((w) => w.blocking.id === c.root.id);
    parts.push(
      `<h3>Blocking chain: session ${e(who(c.root))} blocks ${c.blocked} session${c.blocked === 1 ? '' : 's'}</h3><p>Blocker: transaction open ${e(age(c.root.trxAgeS))}, ${e(c.root.command ?? '?')}${c.root.rowsLocked !== undefined ? `, ${c.root.rowsLocked} row${c.root.rowsLocked === 1 ? '' : 's'} locked` : ''}; ${statement(c.root)}</p>`,
      `<div class="scroll"><table><tr><th>blocked session</th><th>waiting on</th><th class="num">waited</th><th>object</th></tr>${direct
        .slice(0, 10)
        .map(
          (w) =>
            `<tr><td>${e(who(w.waiting))}</td><td>${statement(w.waiting)}</td><td class="num">${e(age(w.waitS))}</td><td>${e(w.object ?? w.kind)}${w.lockMode ? ` <span class="note">${e(w.lockMode)}</span>` : ''}</td></tr>`,
        )
        .join('')}</table></div>${direct.length > 10 ? `<p class="note">and ${direct.length - 10} more</p>` : ''}`,
    );
  }
  if (state.longTransactions.length > 0) {
    parts.push(
      `<h3>Transactions open longer than a minute</h3><div class="scroll"><table><tr><th>session</th><th class="num">open</th><th>state</th><th>statement</th></tr>${state.longTransactions
        .slice(0, 10)
        .map((s) => `<tr><td>${e(who(s))}</td><td class="num">${e(age(s.trxAgeS))}</td><td>${e(s.command ?? '')}</td><td>${statement(s)}</td></tr>`)
        .join('')}</table></div>`,
    );
  }
  const facts: string[] = [];
  if (state.historyListLength !== undefined) facts.push(`history list length ${formatCount(state.historyListLength)}`);
  if (state.tempSort)
    facts.push(
      `${formatCount(state.tempSort.tmpDiskTables)} on-disk temporary tables of ${formatCount(state.tempSort.tmpTables)}, ${formatCount(state.tempSort.sortMergePasses)} sort merge passes ${state.tempSort.cumulative ? 'since start' : `in ${state.tempSort.intervalS ?? '?'} s`}`,
    );
  if (state.longQueries.length > 0) facts.push(`${state.longQueries.length} statement(s) running longer than 5 s`);
  if (facts.length > 0) parts.push(`<p>${e(facts.join('; '))}.</p>`);
  if (state.fullScanTables && state.fullScanTables.length > 0)
    parts.push(
      `<p>Tables read most without an index since start: ${state.fullScanTables
        .slice(0, 5)
        .map((t) => `<code>${e(`${t.schema}.${t.table}`)}</code> ${Math.round((t.scanShare ?? 0) * 100)} %`)
        .join(', ')}.</p>`,
    );
  if (state.unusedIndexes && state.unusedIndexes.length > 0)
    parts.push(
      `<p>Indexes unused since start: ${state.unusedIndexes
        .slice(0, 8)
        .map((i) => `<code>${e(`${i.schema}.${i.table}.${i.index}`)}</code>`)
        .join(', ')}${state.unusedIndexes.length > 8 ? ` and ${state.unusedIndexes.length - 8} more` : ''}.</p>`,
    );
  if (state.waits && state.waits.events.length > 0)
    parts.push(
      `<p class="note">Top waits ${state.waits.cumulative ? 'since start' : `over ${state.waits.intervalS ?? '?'} s`}: ${e(
        state.waits.events
          .slice(0, 5)
          .map((w) => `${w.name} ${formatDuration(w.waitS * 1000)}`)
          .join(', '),
      )}.</p>`,
    );
  if (state.notes.length > 0) parts.push(`<p class="note">Not read: ${e(state.notes.join('; '))}.</p>`);
  return parts.join('\n');
}
