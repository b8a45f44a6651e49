/**
 * The HTML report: templates/report.html with `{{slot}}` placeholders filled by escaped fragments
 * (render-sections.ts), plus the artifacts published beside it. Pure apart from reading the template once.
 */
import { dateNow } from '../core/clock';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AiSummary } from '../ai/types';
import type { ReportAnalysis } from '../analysis/types';
import { buildArtifacts, type ReportArtifacts } from './artifacts';
import { escapeHtml } from './html-escape';
import { headlineArtifact } from './headline';
import type { CollectedData } from '../model/collected-data';
import { firstScreenHtml } from './render-first-screen';
import { incidentSqlHtml, instanceStateHtml, loadHtml } from './render-incident';
import { changesHtml } from './render-changes';
import * as s from './render-sections';
import { smallMultiplesHtml } from './small-multiples';

export interface RenderOptions {
  /** Template text; by default templates/report.html (or $DBASSIST_TEMPLATES_DIR/report.html). */
  template?: string;
  generatedAt?: Date;
}

export interface RenderedReport {
  html: string;
  artifacts: ReportArtifacts;
}

let cachedTemplate: string | undefined;

/**
 * Where templates/ may be: $DBASSIST_TEMPLATES_DIR, beside the source tree (tsx, vitest), or the Lambda
 * task root / working directory (serverless.yml packages templates/** next to the bundle).
 */
function templateCandidates(): string[] {
  const dirs = [
    process.env.DBASSIST_TEMPLATES_DIR,
    join(__dirname, '..', '..', 'templates'),
    process.env.LAMBDA_TASK_ROOT && join(process.env.LAMBDA_TASK_ROOT, 'templates'),
    join(process.cwd(), 'templates'),
  ];
  return dirs.filter((d): d is string => typeof d === 'string' && d !== '').map((d) => join(d, 'report.html'));
}

export function loadTemplate(): string {
  if (cachedTemplate === undefined) {
    const candidates = templateCandidates();
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new Error(`report template not found (looked in ${candidates.join(', ')}); set DBASSIST_TEMPLATES_DIR`);
    cachedTemplate = readFileSync(found, 'utf8');
  }
  return cachedTemplate;
}

/** Replaces each `{{name}}` in one pass (inserted text is never re-scanned); unknown slots are an error. */
export function fillTemplate(template: string, slots: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = slots[name];
    if (v === undefined) throw new Error(`report template has an unknown slot {{${name}}}`);
    return v;
  });
}

export function renderReport(data: CollectedData, analysis: ReportAnalysis, ai?: AiSummary, options: RenderOptions = {}): RenderedReport {
  const generatedAt = options.generatedAt ?? dateNow();
  const html = fillTemplate(options.template ?? loadTemplate(), {
    title: escapeHtml(
      `${analysis.verdict.level.toUpperCase()} · ${data.instance.instance} · ${data.window.label} performance report${analysis.causes[0] ? ` · ${analysis.causes[0].kind}` : ''}`,
    ),
    header: s.headerHtml(data, generatedAt),
    firstscreen: firstScreenHtml(data, analysis),
    // What changed against the same window a day or a week earlier, right under the first screen.
    changes: changesHtml(analysis.changes),
    load: loadHtml(data, analysis),
    incidentsql: incidentSqlHtml(analysis),
    instance: instanceStateHtml(data.instanceState, data),
    symptoms: s.symptomsHtml(data, analysis),
    charts: smallMultiplesHtml(data, analysis),
    statistics: s.statisticsHtml(analysis),
    correlations: s.correlationsHtml(analysis),
    slowlog: s.slowLogHtml(data),
    topsql: s.topSqlHtml(data),
    events: s.eventsHtml(data),
    recommendations: s.recommendationsHtml(analysis),
    findings: s.findingsHtml(analysis.findings),
    ai: s.aiHtml(ai),
    footer: s.footerHtml(data),
  });
  return { html, artifacts: { ...buildArtifacts(data), 'headline.json': headlineArtifact(data, analysis, generatedAt) } };
}
