/**
 * The pure part of the report job: analysis, HTML and artifacts from collected data. The Slack/S3 job
 * and the CLI both call this; collection, AI and publishing stay outside.
 */
import type { AiSummary } from '../ai/types';
import { analyse, type AnalyseOptions } from '../analysis/analyse';
import type { ReportAnalysis } from '../analysis/types';
import type { ReportArtifacts } from '../report/artifacts';
import type { CollectedData } from '../model/collected-data';
import { renderReport, type RenderOptions } from '../report/render';

export interface BuiltReport {
  analysis: ReportAnalysis;
  html: string;
  artifacts: ReportArtifacts;
}

/** Analyses and renders; pass `options.analysis` to re-render (e.g. with the AI summary) without analysing again. */
export function buildReport(data: CollectedData, ai?: AiSummary, options: { analyse?: AnalyseOptions; render?: RenderOptions; analysis?: ReportAnalysis } = {}): BuiltReport {
  const analysis = options.analysis ?? analyse(data, options.analyse);
  const { html, artifacts } = renderReport(data, analysis, ai, options.render);
  return { analysis, html, artifacts };
}
