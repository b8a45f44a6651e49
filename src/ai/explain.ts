/**
 * Public API of the AI module: a short explanation a DBA can act on for a report, a SQL review or an
 * alert. Every model call in dbassist goes through here.
 *
 * AI off → the deterministic summary (source `off`), no client created. Otherwise: optional Knowledge
 * Base Retrieve, then Converse with the versioned system prompt and the masked, budgeted findings as
 * JSON; the JSON answer is validated and cleaned. Any failure after retries and inside the time
 * budget → the deterministic summary from the same findings, with a one-line note.
 */
import { systemClock } from '../core/clock';
import type { ConverseCommandInput, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockConfig } from '../config/env';
import type { Logger } from '../core/log';
import { sendConverse } from './bedrock';
import { DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS, fitToBudget, type BudgetSection } from './budget';
import { alertFallback, reportFallback, reviewFallback, type FallbackOptions } from './fallback';
import { followUpFallback, type FollowUpInput, followUpSections } from './followup';
import type { AlertTriageInput, ReportSummaryInput, ReviewExplainInput } from './inputs';
import { citationsFor, retrievePassages, type Passage } from './knowledge';
import { fallbackNote } from './notes';
import { alertQuery, alertSections, reportQuery, reportSections, reviewQuery, reviewSections } from './prepare';
import { loadPrompt, type Prompt, type PromptName } from './prompts';
import { classifyError, ModelCallError, withRetries, type FailureKind } from './retry';
import { AnswerError, parseAnswer } from './schema';
import type { AiSummary } from './types';

export interface AiDeps {
  config: BedrockConfig;
  log?: Logger;
  /** Wall-clock budget for all model calls of one explanation, ms (default 20 s). */
  budgetMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Estimated tokens for the user message (default DEFAULT_INPUT_TOKENS). */
  maxInputTokens?: number;
  /** `maxTokens` for the answer (default DEFAULT_OUTPUT_TOKENS). */
  maxOutputTokens?: number;
}

export const DEFAULT_BUDGET_MS = 20_000;
/** Share of the budget Knowledge Base retrieval may use; the answer matters more than the guidance. */
const RETRIEVE_SHARE = 0.3;
const RETRIEVE_MAX_MS = 5_000;
export const TEMPERATURE = 0.2;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Use {
  prompt: PromptName;
  sections: () => BudgetSection[];
  query: () => string;
  fallback: (options: FallbackOptions) => AiSummary;
}

/** The user message: a lead line and the structured input as JSON. */
export function userMessage(input: Record<string, unknown>): string {
  return `The structured findings follow as JSON. Answer with the JSON object described in your instructions, and nothing else.\n\n${JSON.stringify(input)}`;
}

/** The exact Converse request for a prompt and a fitted input. */
export function converseRequest(config: BedrockConfig, prompt: Prompt, input: Record<string, unknown>, maxTokens: number): ConverseCommandInput {
  return {
    modelId: config.modelId,
    system: [{ text: prompt.text }],
    messages: [{ role: 'user', content: [{ text: userMessage(input) }] }],
    inferenceConfig: { maxTokens, temperature: TEMPERATURE },
  };
}

function answerText(output: ConverseCommandOutput): string {
  const blocks = output.output?.message?.content ?? [];
  return blocks.map((b) => b.text ?? '').join('');
}

async function explain(use: Use, deps: AiDeps): Promise<AiSummary> {
  if (!deps.config.enabled) return use.fallback({ source: 'off' });
  try {
    return await explainWithModel(use, deps);
  } catch (e) {
    // A bug here must not cost the DBA the answer: the findings still go out.
    deps.log?.error('explanation failed, deterministic summary used', { prompt: use.prompt, kind: classifyError(e).kind });
    return use.fallback({ source: 'fallback', note: fallbackNote('error') });
  }
}

async function explainWithModel(use: Use, deps: AiDeps): Promise<AiSummary> {
  const log = deps.log;
  const now = deps.now ?? systemClock.now;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const started = now();
  const deadline = started + (deps.budgetMs ?? DEFAULT_BUDGET_MS);
  const region = deps.config.region;
  const fail = (kind: FailureKind): AiSummary => use.fallback({ source: 'fallback', note: fallbackNote(kind) });

  let prompt: Prompt;
  try {
    prompt = loadPrompt(use.prompt);
  } catch (e) {
    log?.error('prompt not available', { prompt: use.prompt, error: (e as Error).message });
    return fail('error');
  }

  let passages: Passage[] = [];
  const kb = deps.config.knowledgeBaseId;
  if (kb) {
    try {
      const retrieveDeadline = Math.min(deadline, started + Math.min(RETRIEVE_MAX_MS, (deps.budgetMs ?? DEFAULT_BUDGET_MS) * RETRIEVE_SHARE));
      passages = await withRetries('retrieve', (signal) => retrievePassages(region, kb, use.query(), signal), {
        deadline: retrieveDeadline,
        now,
        sleep,
        random,
        maxAttempts: 2,
        log,
      });
    } catch (e) {
      // Guidance is optional: answer without it.
      log?.warn('knowledge base retrieval skipped', { prompt: prompt.id, kind: e instanceof ModelCallError ? e.kind : classifyError(e).kind });
    }
  }

  const sections = use.sections();
  const passageSection: BudgetSection[] =
    passages.length > 0 ? [{ key: 'passages', value: passages.map((p) => ({ n: p.n, title: p.title, text: p.text })), priority: 5, keep: 1 }] : [];
  const fitted = fitToBudget([...sections, ...passageSection], deps.maxInputTokens ?? DEFAULT_INPUT_TOKENS);
  const input = Object.keys(fitted.omitted).length > 0 ? { ...fitted.value, omitted: fitted.omitted } : fitted.value;
  const sentPassages = Array.isArray(input.passages) ? passages.slice(0, input.passages.length) : [];
  const request = converseRequest(deps.config, prompt, input, deps.maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS);

  let output: ConverseCommandOutput;
  try {
    output = await withRetries('converse', (signal) => sendConverse(region, request, signal), { deadline, now, sleep, random, log });
  } catch (e) {
    const kind = e instanceof ModelCallError ? e.kind : classifyError(e).kind;
    log?.warn('model unavailable, deterministic summary used', { prompt: prompt.id, kind });
    return fail(kind);
  }

  try {
    const answer = parseAnswer(answerText(output), sentPassages.length);
    // Field names avoid "pass" and "token": the logger redacts keys that look like credentials.
    log?.info('model answered', {
      prompt: prompt.id,
      estimatedInput: fitted.tokens,
      omitted: fitted.omitted,
      kbHits: sentPassages.length,
      usageIn: output.usage?.inputTokens,
      usageOut: output.usage?.outputTokens,
      stopReason: output.stopReason,
      ms: now() - started,
    });
    return {
      verdict: answer.verdict,
      bullets: answer.bullets,
      actions: answer.actions,
      citations: citationsFor(sentPassages, answer.sources),
      source: 'model',
    };
  } catch (e) {
    if (!(e instanceof AnswerError)) throw e;
    log?.warn('model answer rejected, deterministic summary used', { prompt: prompt.id, problem: e.message, stopReason: output.stopReason });
    return fail('bad-output');
  }
}

/** Answers a follow-up question in a report's thread from that report's stored context. */
export function answerFollowUp(input: FollowUpInput, deps: AiDeps): Promise<AiSummary> {
  return explain(
    { prompt: 'report-followup', sections: () => followUpSections(input), query: () => text1(input.question), fallback: (o) => followUpFallback(input, o) },
    deps,
  );
}

const text1 = (s: string) => `Aurora MySQL: ${s.slice(0, 200)}`;

/** Explains a performance report: verdict, observations with figures, next steps. */
export function summarizeReport(input: ReportSummaryInput, deps: AiDeps): Promise<AiSummary> {
  return explain(
    { prompt: 'report-summary', sections: () => reportSections(input), query: () => reportQuery(input), fallback: (o) => reportFallback(input, o) },
    deps,
  );
}

/** Explains a SQL review (rule findings and EXPLAIN highlights); SQL literals are masked before sending. */
export function explainReview(input: ReviewExplainInput, deps: AiDeps): Promise<AiSummary> {
  return explain(
    { prompt: 'review-explain', sections: () => reviewSections(input), query: () => reviewQuery(input), fallback: (o) => reviewFallback(input, o) },
    deps,
  );
}

/** Triages an alarm or RDS event: urgency, likely causes to check, first checks. */
export function triageAlert(input: AlertTriageInput, deps: AiDeps): Promise<AiSummary> {
  return explain(
    { prompt: 'alert-triage', sections: () => alertSections(input), query: () => alertQuery(input), fallback: (o) => alertFallback(input, o) },
    deps,
  );
}
