/**
 * `report --ai`: the report's summary by Claude on Bedrock (Converse), exactly as the bot makes it —
 * findings with SQL literals masked and every string redacted, a time budget, and the deterministic
 * summary with a one-line note when the model cannot answer. Loaded only with --ai.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { summarizeReport } from '../../ai/explain';
import type { ReportSteps } from '../../jobs/report';
import type { AwsOptions } from '../args';
import { openSession } from '../aws/session';

export async function bedrockSummary(o: {
  aws: AwsOptions;
  env: Record<string, string | undefined>;
  modelId: string;
  knowledgeBaseId?: string;
}): Promise<ReportSteps['summarize']> {
  // BEDROCK_REGION, as in the bot's configuration, names the model's region when it is not the fleet's.
  const bedrockRegion = o.env.BEDROCK_REGION;
  const session = await openSession(bedrockRegion ? { ...o.aws, region: bedrockRegion } : o.aws, o.env, BedrockRuntimeClient);
  const config = { enabled: true, modelId: o.modelId, region: session.region, ...(o.knowledgeBaseId ? { knowledgeBaseId: o.knowledgeBaseId } : {}) };
  return (input, s) => summarizeReport(input, { config, log: s.log, budgetMs: s.budgetMs });
}
