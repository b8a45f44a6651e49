/**
 * Helpers for the schemas (valibot) that validate what crosses an edge: environment JSON, job
 * payloads, SNS messages, Slack button values, the model's answers. A schema is also the type
 * (`v.InferOutput<typeof Schema>`); these turn its issues into messages a person can act on.
 */
import type { BaseIssue } from 'valibot';

/** Where an issue is, e.g. `DBASSIST_TARGETS.gamedb1.instances[2]`. */
export function issuePath(root: string, issue: Pick<BaseIssue<unknown>, 'path'>): string {
  let out = root;
  for (const step of issue.path ?? []) out += typeof step.key === 'number' ? `[${step.key}]` : `.${String(step.key)}`;
  return out;
}

/** Every issue as `<path>: <message>` (the first per path), without the value received: it may be a secret. */
export function issueLines(root: string, issues: readonly BaseIssue<unknown>[]): string[] {
  const lines = new Map<string, string>();
  for (const i of issues) {
    const path = issuePath(root, i);
    // valibot ends a message with "Expected … but received <value>", or "Received <value>" when the
    // check has no expectation to name (base64, url, timestamps): the value goes either way.
    if (!lines.has(path)) lines.set(path, `${path}: ${i.message.replace(/(?: but received|: Received) [\s\S]*$/, '')}`);
  }
  return [...lines.values()];
}
