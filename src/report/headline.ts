/**
 * `headline.json`, published beside report.html: the few facts a link preview shows — instance,
 * window, verdict, the top cause with a line or two of its evidence, when the report was made. The
 * Slack unfurl of a report link (worker/runners/unfurl.ts) reads this small file instead of the HTML.
 * Text is cut here; escaping is the view's. `readHeadline` checks a stored file's shape before use.
 */
import * as v from 'valibot';
import type { ReportAnalysis } from '../analysis/types';
import type { CollectedData } from '../model/collected-data';

export const HEADLINE_FILE = 'headline.json';

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const ReportHeadlineSchema = v.object({
  v: v.literal(1),
  instance: Text(100),
  windowLabel: Text(40),
  start: Text(40),
  end: Text(40),
  generatedAt: Text(40),
  verdict: v.object({ level: v.picklist(['healthy', 'degraded', 'critical']), reason: Text(400) }),
  cause: v.optional(
    v.object({
      summary: Text(400),
      confidence: v.picklist(['high', 'medium', 'low']),
      evidence: v.pipe(v.array(v.object({ text: Text(300), at: v.optional(Text(40)) })), v.maxLength(2)),
    }),
  ),
  simulated: v.optional(v.boolean()),
});

export type ReportHeadline = v.InferOutput<typeof ReportHeadlineSchema>;

export function reportHeadline(data: CollectedData, analysis: ReportAnalysis, generatedAt: Date): ReportHeadline {
  const top = analysis.causes[0];
  return {
    v: 1,
    instance: cut(data.instance.instance, 100),
    windowLabel: cut(data.window.label, 40),
    start: data.window.start,
    end: data.window.end,
    generatedAt: generatedAt.toISOString(),
    verdict: { level: analysis.verdict.level, reason: cut(analysis.verdict.reason, 400) },
    ...(top
      ? {
          cause: {
            summary: cut(top.summary, 400),
            confidence: top.confidence,
            evidence: top.evidence.slice(0, 2).map((e) => ({ text: cut(e.text, 300), ...(e.at ? { at: e.at } : {}) })),
          },
        }
      : {}),
    ...(data.simulated ? { simulated: true } : {}),
  };
}

export function headlineArtifact(data: CollectedData, analysis: ReportAnalysis, generatedAt: Date): string {
  return `${JSON.stringify(reportHeadline(data, analysis, generatedAt), null, 2)}\n`;
}

/** A stored headline, or undefined when the text is not one (another version, damaged, not JSON). */
export function readHeadline(text: string): ReportHeadline | undefined {
  try {
    const r = v.safeParse(ReportHeadlineSchema, JSON.parse(text));
    return r.success ? r.output : undefined;
  } catch {
    return undefined;
  }
}
