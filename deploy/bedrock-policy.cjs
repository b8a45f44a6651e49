// IAM statements for Bedrock, narrowed to the configured model or inference profile and Knowledge
// Base (serverless.yml: `${file(./deploy/bedrock-policy.cjs)}`). A foundation-model id gets
// InvokeModel on that model in BEDROCK_REGION; an inference-profile id (`us.`, `eu.`, `apac.`,
// `global.` … prefix) or ARN gets it on the profile and on the model it routes to in every region the
// profile may use; BEDROCK_KB_ID adds Retrieve on that Knowledge Base. With DBASSIST_AI=off (or no
// model) the functions get an explicit deny instead. Converse needs bedrock:InvokeModel.
const PROFILE = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$/;

function statements(env = process.env) {
  const model = (env.BEDROCK_MODEL_ID || '').trim();
  const ai = (env.DBASSIST_AI || 'on').trim().toLowerCase();
  const region = (env.BEDROCK_REGION || env.DBASSIST_REGION || 'ap-northeast-2').trim();
  if (ai === 'off' || model === '') return [{ Sid: 'NoModelCalls', Effect: 'Deny', Action: 'bedrock:*', Resource: '*' }];
  const sub = (s) => ({ 'Fn::Sub': s });
  const invoke = [];
  const arn = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:(inference-profile|application-inference-profile|foundation-model)\/(.+)$/.exec(model);
  const profile = PROFILE.exec(model);
  if (arn) {
    invoke.push(model);
    const base = PROFILE.exec(arn[2]);
    if (arn[1] === 'inference-profile' && base) invoke.push(sub(`arn:\${AWS::Partition}:bedrock:*::foundation-model/${base[2]}`));
  } else if (profile) {
    invoke.push(sub(`arn:\${AWS::Partition}:bedrock:${region}:\${AWS::AccountId}:inference-profile/${model}`));
    invoke.push(sub(`arn:\${AWS::Partition}:bedrock:*::foundation-model/${profile[2]}`));
  } else {
    invoke.push(sub(`arn:\${AWS::Partition}:bedrock:${region}::foundation-model/${model}`));
  }
  const out = [{ Sid: 'ConfiguredModel', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: invoke }];
  const kb = (env.BEDROCK_KB_ID || '').trim();
  if (kb) out.push({ Sid: 'ConfiguredKnowledgeBase', Effect: 'Allow', Action: 'bedrock:Retrieve', Resource: sub(`arn:\${AWS::Partition}:bedrock:${region}:\${AWS::AccountId}:knowledge-base/${kb}`) });
  return out;
}

module.exports = async () => statements();
module.exports.statements = statements;
