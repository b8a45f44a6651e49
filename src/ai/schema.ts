/**
 * The model's answer: JSON `{verdict, bullets, actions, sources?}`, parsed leniently (code fences,
 * a sentence around the object) and validated strictly (types, counts, lengths). Every string is
 * cleaned of Slack markup (mentions, broadcasts, links) and HTML, so model text is never trusted as
 * markup even if a renderer forgets to escape.
 */
import { clipText } from './clip-text';

export const LIMITS = { verdict: 200, bullets: 6, actions: 5, item: 300 } as const;

export interface ModelAnswer {
  verdict: string;
  bullets: string[];
  actions: string[];
  /** 1-based numbers of the knowledge-base passages the answer used; undefined when the model did not say. */
  sources?: number[];
}

export class AnswerError extends Error {
  override name = 'AnswerError';
}

/** Removes Slack control sequences, HTML tags and control characters; collapses whitespace. */
export function sanitizeText(text: string): string {
  let s = text;
  s = s.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ');
  // Slack links <http://x|label> → label; <http://x> → http://x
  s = s.replace(/<((?:https?|mailto|slack):[^|>\s]*)\|([^>]*)>/gi, '$2');
  s = s.replace(/<((?:https?|mailto):[^>\s]*)>/gi, '$1');
  // Broadcasts, user/channel/group mentions: <!here>, <!channel|x>, <@U123>, <#C123|name>, <!subteam^S1>
  s = s.replace(/<[!@#][^>]*>/g, '');
  // HTML tags and comments
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, '');
  // Anything left that could open a tag or mention is neutralised.
  s = s.replace(/<(?=[!@#/a-z])/gi, '‹');
  s = s.replace(/(^|[^\w])@(here|channel|everyone)\b/gi, '$1$2');
  s = s.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, (m) => ({ '&lt;': '‹', '&gt;': '›', '&amp;': '&', '&quot;': '"' })[m.toLowerCase()] ?? '');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}


/** Extracts the JSON object from the model's text: tolerates ```json fences and surrounding prose. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) throw new AnswerError('no JSON object in the answer');
  try {
    return JSON.parse(body.slice(start, end + 1));
  } catch {
    throw new AnswerError('the answer is not valid JSON');
  }
}

function stringList(value: unknown, field: string, max: number): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AnswerError(`${field} is not a list`);
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') throw new AnswerError(`${field} holds a non-string item`);
    const clean = clipText(sanitizeText(item), LIMITS.item);
    if (clean) out.push(clean);
  }
  return out.slice(0, max);
}

/** Validates a parsed answer; throws AnswerError when it cannot be used. */
export function validateAnswer(value: unknown, passageCount: number): ModelAnswer {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AnswerError('the answer is not an object');
  const v = value as Record<string, unknown>;
  if (typeof v.verdict !== 'string') throw new AnswerError('verdict is missing');
  const verdict = clipText(sanitizeText(v.verdict), LIMITS.verdict);
  if (!verdict) throw new AnswerError('verdict is empty');
  const bullets = stringList(v.bullets, 'bullets', LIMITS.bullets);
  const actions = stringList(v.actions, 'actions', LIMITS.actions);
  const answer: ModelAnswer = { verdict, bullets, actions };
  if (Array.isArray(v.sources)) {
    const sources: number[] = [];
    for (const n of v.sources) if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= passageCount && !sources.includes(n)) sources.push(n);
    answer.sources = sources;
  }
  return answer;
}

/** extractJson + validateAnswer. */
export function parseAnswer(text: string, passageCount: number): ModelAnswer {
  return validateAnswer(extractJson(text), passageCount);
}
