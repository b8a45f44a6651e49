/**
 * Block Kit for a SQL review: a header (statements, worst severity), a context line with notes, one
 * section per statement with its findings ranked and its plan highlights, statements without findings
 * folded into one line, the AI explanation when there is one, and a link to the full result when
 * something did not fit (≤ 50 blocks, ≤ 3,000 characters per section text, ≤ 11,000 characters of block
 * text in all — above ~12,000 Slack refuses the message). `omitted` tells the runner to publish the full
 * result as a page and render again with its link. Pure function; all user text (SQL, identifiers
 * inside messages, AI text) is escaped.
 */
import type { KnownBlock } from '@slack/types';
import type { AiSummary } from '../../ai/types';
import type { Severity } from '../../core/severity';
import { withoutLeadingComments } from '../../review/tokens';
import type { PlanRow, ReviewResult, StatementResult } from '../../review/types';
import { blockTextLength, SLACK_LIMITS } from '../message-limits';
import type { SlackReply } from '../reply';
import { cutEscaped, escapeSlack, link, SAFE_URL } from '../text';

const MAX_BLOCKS = 50;
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;
const SQL_PREVIEW = 400;
const FINDINGS_SHOWN = 12;

const ICON: Record<Severity | 'none', string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':white_circle:',
  none: ':white_check_mark:',
};

export interface ReviewViewOptions {
  /** e.g. `gamedb1`; shown in the header. */
  target?: string;
  /** Link to the complete result, shown when something was left out. */
  fullResultUrl?: string;
  /** The Claude explanation, appended when available. */
  ai?: AiSummary;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: cutEscaped(text, SECTION_LIMIT) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: cutEscaped(text, SECTION_LIMIT) }] });

function planLine(p: PlanRow): string | undefined {
  const bits: string[] = [];
  if (p.type === 'ALL') bits.push('full scan');
  else if (p.type) bits.push(p.type);
  if (p.key) bits.push(`key ${p.key}`);
  if (p.rows !== null) bits.push(`≈ ${p.rows.toLocaleString('en-US')} rows`);
  const extra = (p.extra ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter((x) => /filesort|temporary|join buffer|Range checked|Impossible/i.test(x));
  if (!p.table && !extra.length) return undefined;
  return `\`${escapeSlack(p.table ?? '-')}\` ${escapeSlack([...bits, ...extra].join(' · '))}`;
}

/**
 * A Slack code block around pasted text: three backticks in a row inside it would close the block
 * (and let the rest render as formatting), so every backtick followed by two more gets a zero-width
 * space after it, and one at either end is kept off the fence.
 */
export function codeBlock(text: string): string {
  const safe = text.replace(/`(?=``)/g, '`\u200B');
  return `\`\`\`${safe.startsWith('`') ? '\u200B' : ''}${safe}${safe.endsWith('`') ? '\u200B' : ''}\`\`\``;
}

/** One statement's section text; `truncated` is set when something had to be cut. */
function statementText(s: StatementResult): { text: string; truncated: boolean } {
  const worst = s.findings[0]?.severity ?? 'none';
  const head = `${ICON[worst]} *#${s.index + 1}* · line ${s.line} · ${s.type.replace('_', ' ')}${s.parsed ? '' : ' · _partly checked_'}`;
  const sqlOneLine = withoutLeadingComments(s.sql).replace(/\s+/g, ' ').trim();
  const sqlText = codeBlock(cutEscaped(escapeSlack(sqlOneLine), SQL_PREVIEW));
  let truncated = false;
  const lines: string[] = [];
  for (const f of s.findings.slice(0, FINDINGS_SHOWN)) lines.push(`• *${f.severity}* ${escapeSlack(f.message)} _(${escapeSlack(f.rule)})_`);
  if (s.findings.length > FINDINGS_SHOWN) {
    lines.push(`• … and ${s.findings.length - FINDINGS_SHOWN} more`);
    truncated = true;
  }
  if (s.plan) {
    const plan = s.plan
      .map(planLine)
      .filter((x): x is string => !!x)
      .slice(0, 4);
    if (plan.length) lines.push(`*Plan*${s.planNote ? ` (${escapeSlack(s.planNote)})` : ''}: ${plan.join('; ')}`);
  } else if (s.error) lines.push(`_Not explained: ${escapeSlack(s.error.replace(/^not explained: /, ''))}_`);
  let text = `${head}\n${sqlText}\n${lines.join('\n')}`;
  if (text.length > SECTION_LIMIT) {
    truncated = true;
    text = cutEscaped(text, SECTION_LIMIT);
  }
  return { text, truncated };
}

function aiBlocks(ai: AiSummary): KnownBlock[] {
  const parts = [`*${escapeSlack(ai.verdict)}*`, ...ai.bullets.map((b) => `• ${escapeSlack(b)}`)];
  if (ai.actions.length) parts.push('*Next steps*', ...ai.actions.map((a) => `• ${escapeSlack(a)}`));
  const blocks: KnownBlock[] = [section(parts.join('\n'))];
  const foot = [
    ai.source === 'model' ? 'Explanation by Claude' : ai.source === 'fallback' ? 'Deterministic summary' : '',
    ai.note ? escapeSlack(ai.note) : '',
    ...ai.citations
      .slice(0, 5)
      .map((c) => (c.uri && /^https?:\/\//.test(c.uri) ? `<${c.uri.replace(/[|>]/g, '')}|${escapeSlack(c.title)}>` : escapeSlack(c.title))),
  ].filter(Boolean);
  if (foot.length) blocks.push(context(foot.join(' · ')));
  return blocks;
}

/** Characters kept for the "not shown" line with its link and the folded list of clean statements. */
const FOOTER_RESERVE = 900;

/** A review answer; `omitted` when statements or findings were left out (publish the full result). */
export type ReviewReply = SlackReply & { omitted: boolean };

export function reviewReply(result: ReviewResult, options: ReviewViewOptions = {}): ReviewReply {
  const { summary } = result;
  const target = options.target ?? result.live.target;
  const title = `SQL review${target ? ` on ${target}` : ''}: ${summary.statements} statement${summary.statements === 1 ? '' : 's'}, worst ${summary.worst}`;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: cutEscaped(escapeSlack(title), HEADER_LIMIT) } }];
  const checks = result.live.explain ? 'static, schema and EXPLAIN checks (read-only; your SQL was never run)' : 'static checks only';
  blocks.push(context([`${summary.findings} finding${summary.findings === 1 ? '' : 's'} · ${checks}`, ...result.notes.map(escapeSlack)].join('\n')));
  const ai = options.ai && options.ai.source !== 'off' ? aiBlocks(options.ai) : [];
  // Room for statements: keep space for the folded clean list, the "more" note and the AI blocks.
  const room = MAX_BLOCKS - blocks.length - ai.length - 2;
  const withFindings = result.statements.filter((s) => s.findings.length > 0 || s.error);
  const clean = result.statements.filter((s) => s.findings.length === 0 && !s.error);
  let truncated = false;
  // Slack's total: stop before the statements would take the message over its text budget.
  let used = blockTextLength(blocks) + blockTextLength(ai) + FOOTER_RESERVE;
  let shown = 0;
  for (const s of withFindings.slice(0, room)) {
    const { text, truncated: cut } = statementText(s);
    if (used + text.length > SLACK_LIMITS.totalText) break;
    used += text.length;
    truncated ||= cut;
    blocks.push(section(text));
    shown++;
  }
  const left = withFindings.length - shown;
  if (clean.length)
    blocks.push(
      context(
        `${ICON.none} No findings: ${clean
          .slice(0, 60)
          .map((s) => `#${s.index + 1}`)
          .join(', ')}${clean.length > 60 ? ', …' : ''}`,
      ),
    );
  if (left > 0 || truncated) {
    const what = left > 0 ? `${left} more statement${left === 1 ? '' : 's'} with findings not shown.` : 'Some findings were cut to fit Slack.';
    const full =
      options.fullResultUrl && SAFE_URL.test(options.fullResultUrl)
        ? ` ${link(options.fullResultUrl, 'Full result')}`
        : ' Run `dbassist review FILE --format markdown` for everything.';
    blocks.push(context(`${what}${full}`));
  }
  blocks.push(...ai);
  const text = cutEscaped(escapeSlack(`${title}${result.notes.length ? ` — ${result.notes[0]}` : ''}`), 3000);
  return { text, blocks: blocks.slice(0, MAX_BLOCKS), omitted: left > 0 || truncated };
}
