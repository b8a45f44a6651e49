/**
 * The one-line note shown with a fallback summary. Built from the failure kind only: raw error text
 * can carry ARNs, account ids or request ids, so it never reaches the note.
 */
import type { FailureKind } from './retry';

const SUFFIX = 'this summary was built from the findings.';

const REASON: Record<FailureKind, string> = {
  throttled: 'Claude was unavailable (throttled)',
  timeout: 'Claude did not answer in time',
  unavailable: 'Claude was unavailable (service error)',
  'access-denied': 'Claude was unavailable (access denied: check the bedrock:InvokeModel permission)',
  'model-not-enabled': 'Claude was unavailable (model access is not enabled for this account and region)',
  'invalid-model': 'Claude was unavailable (the configured model id was not accepted: check BEDROCK_MODEL_ID)',
  'not-found': 'Claude was unavailable (the configured model or knowledge base was not found)',
  'invalid-request': 'Claude rejected the request (validation error)',
  'bad-output': "Claude's answer could not be used (not the JSON asked for)",
  error: 'Claude was unavailable (unexpected error)',
};

export function fallbackNote(kind: FailureKind): string {
  return `${REASON[kind]}; ${SUFFIX}`;
}
