/**
 * The model's answer: JSON `{verdict, bullets, actions, sources?}`, parsed leniently (code fences,
 * a sentence around the object) and validated strictly (types, counts, lengths). Every string is
 * cleaned of Slack markup (mentions, broadcasts, links) and HTML, so model text is never trusted as
 * markup even if a renderer forgets to escape.
 */
import * as v from 'valibot';
import { clipText } from './clip-text';

export const LIMITS = { verdict: 200, bullets: 6, actions: 5, item: 300 } as const;

/** The answer as the bot uses it: the schema's output with `sources` as the valid passage numbers. */
export type ModelAnswer = Omit<v.InferOutput<typeof ModelAnswerJsonSchema>, 'sources'> & {
  /** 1-based numbers of the knowledge-base passages the answer used; undefined when the model did not say. */
  sources?: number[];
};

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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
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

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((t: string) => clipText(sanitizeText(t), max)),
  );
const textList = (max: number) =>
  v.pipe(
    v.optional(v.array(text(LIMITS.item)), []),
    v.transform((items: string[]) => items.filter((i) => i !== '').slice(0, max)),
  );

/**
 * The answer as the model must give it, cleaned as it is read: every string sanitised and clipped,
 * empty items dropped, lists cut to their limits. `sources` is read leniently (see validateAnswer).
 */
export const ModelAnswerJsonSchema = v.object({
  verdict: v.pipe(text(LIMITS.verdict), v.minLength(1)),
  bullets: textList(LIMITS.bullets),
  actions: textList(LIMITS.actions),
  sources: v.optional(v.unknown()),
});

/** The first problem of an answer, in words the logs and tests use. */
function problemOf(issue: v.BaseIssue<unknown>): string {
  const [field, item] = (issue.path ?? []).map((p) => p.key);
  if (field === undefined) return 'the answer is not an object';
  if (field === 'verdict') return issue.type === 'min_length' ? 'verdict is empty' : 'verdict is missing';
  return item === undefined ? `${String(field)} is not a list` : `${String(field)} holds a non-string item`;
}

/** Validates a parsed answer; throws AnswerError when it cannot be used. */
export function validateAnswer(value: unknown, passageCount: number): ModelAnswer {
  const parsed = v.safeParse(ModelAnswerJsonSchema, value);
  if (!parsed.success) throw new AnswerError(problemOf(parsed.issues[0]));
  const { verdict, bullets, actions, sources } = parsed.output;
  const answer: ModelAnswer = { verdict, bullets, actions };
  // Sources are optional guidance: keep the valid passage numbers, ignore anything else.
  if (Array.isArray(sources))
    answer.sources = [...new Set(sources.filter((n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= passageCount))];
  return answer;
}

/** extractJson + validateAnswer. */
export function parseAnswer(text: string, passageCount: number): ModelAnswer {
  return validateAnswer(extractJson(text), passageCount);
}
