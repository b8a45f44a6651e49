/** A complete, valid environment for the bot, pointing Slack at a local stand-in. */
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function testEnv(slackApiUrl: string, overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token-1234',
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
    SLACK_API_URL: slackApiUrl,
    DBASSIST_REGION: 'ap-northeast-2',
    DBASSIST_REPORTS_BUCKET: 'dbassist-reports-test',
    BEDROCK_MODEL_ID: 'anthropic.claude-test',
    DBASSIST_AI: 'off',
    DBASSIST_WORKER_FUNCTION: 'dbassist-test-worker',
    DBASSIST_PUBLIC_URL: 'https://api.example.test',
    DBASSIST_LINK_SECRET: 'link-secret-0123456789abcdef0123456789',
    // Two performance_schema snapshots 1 s apart keep report tests short; production default is 10 s.
    DBASSIST_PERFSCHEMA_INTERVAL_S: '1',
    DBASSIST_TARGETS: JSON.stringify({
      gamedb1: { cluster: 'gamedb1', secret: 'dbassist/gamedb1', database: 'game', instances: ['gamedb1-1', 'gamedb1-2'] },
      billingdb: { cluster: 'billingdb', secret: 'dbassist/billingdb', instances: [] },
    }),
    DBASSIST_ACCESS: JSON.stringify({
      teams: ['T1'],
      rules: [
        { channels: ['C1'], users: ['*'], actions: ['*'], targets: ['gamedb*'] },
        { channels: ['*'], users: ['UADMIN'], actions: ['*'], targets: ['*'] },
      ],
      channelDefaults: { C1: 'gamedb1' },
    }),
    ...overrides,
  };
}
