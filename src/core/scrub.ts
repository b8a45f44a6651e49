/**
 * Removes what must never reach a Slack message or a model prompt from error text: ARNs, account
 * ids, endpoint hostnames, IP addresses, credentials in URLs and key=value pairs.
 */
export function scrub(text: string): string {
  return text
    .replace(/arn:aws[a-z-]*:[^\s"',)]+/g, '[arn]')
    .replace(/\b[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.rds\.amazonaws\.com(\.cn)?\b/gi, '[endpoint]')
    .replace(/\b[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?\b/gi, '[aws-host]')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, '[ip]')
    .replace(/\b\d{12}\b/g, '[account]')
    .replace(/(\w+:\/\/)[^\s:/@]+:[^\s@/]*@/g, '$1[credentials]@')
    .replace(/\b(password|passwd|pwd|secret|token)\s*[=:]\s*\S+/gi, '$1=[redacted]')
    .replace(/\bxox[abposr]-[A-Za-z0-9-]+/g, '[slack-token]');
}

/**
 * Removes AWS account ids and ARNs (which carry account ids, role and resource names) from text meant
 * for logs: AWS SDK errors quote them ("User: arn:aws:sts::123456789012:assumed-role/… is not
 * authorized"). Hosts and addresses stay, they are what an operator needs to debug.
 */
export function scrubAwsIds(text: string): string {
  return text.replace(/arn:aws[a-z-]*:[^\s"',)]+/g, '[arn]').replace(/\b\d{12}\b/g, '[account]');
}

/** An error whose message is written for the user (e.g. "I don't know gamedb9"). */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export function userMessage(e: unknown): string {
  if (e instanceof UserFacingError) return e.message;
  const err = e as { name?: string; message?: string };
  const text = scrub(String(err?.message ?? e));
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
