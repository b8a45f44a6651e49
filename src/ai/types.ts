/** What every model-backed explanation returns; rendered by the bot, never trusted as markup. */
export interface AiCitation {
  title: string;
  uri?: string;
}

export interface AiSummary {
  /** One line, e.g. "Degraded: CPU saturated 14:05–14:40 by one query class". */
  verdict: string;
  bullets: string[];
  actions: string[];
  citations: AiCitation[];
  /** `model` when Claude answered, `fallback` when the deterministic summary was used, `off` when AI is disabled. */
  source: 'model' | 'fallback' | 'off';
  /** One-line note when the fallback was used (e.g. "Claude was throttled; deterministic summary"). */
  note?: string;
}
