/**
 * Request limits, one rule checked at the ingress and again by the engine. The review SQL is handed to
 * the worker as base64 inside the job (jobs/payload.ts), so its size on the wire is exactly 4/3 of its
 * UTF-8 bytes whatever it contains (quotes, newlines and control characters would grow without bound
 * under JSON escaping): MAX_REVIEW_BYTES of SQL plus the job's other fields always fit the hand-off
 * limit (MAX_JOB_BYTES, under Lambda's 256 KB for asynchronous invocations).
 */
export const MAX_JOB_BYTES = 250_000;
/** Room in a job for everything but the SQL (ids, origin, target name…). */
export const JOB_OVERHEAD_BYTES = 8 * 1024;
/** The largest review, in UTF-8 bytes of SQL: 176 KB (4/3 of it plus the overhead is 248,491 bytes). */
export const MAX_REVIEW_BYTES = 176 * 1024;
export const MAX_REVIEW_STATEMENTS = 200;

const kb = (bytes: number) => Math.ceil(bytes / 1024);

/** The one message for SQL over the limit (undefined when it fits), used by the ingress and the engine. */
export function inputTooLarge(sql: string, limit = MAX_REVIEW_BYTES): string | undefined {
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes <= limit) return undefined;
  return `the SQL is ${kb(bytes)} KB, over the ${Math.floor(limit / 1024)} KB limit per request. Split the script into smaller parts.`;
}

/** The ingress's reply to a paste over the limit. */
export function tooLargeReply(text: string): string | undefined {
  const why = inputTooLarge(text);
  return why && `Not reviewed: ${why}`;
}
